/**
 * Conditions are data (never code): maps of question ids to values or operators, combined
 * with `all`, `any` and `not`, plus `met` and `score`. They are compiled once into closures
 * over three-valued logic (Kleene): an unknown answer makes a comparison unknown, `not`
 * unknown is unknown, `all` is false if any part is false, `any` is true if any part is true.
 * Only `known` looks at whether an answer is missing.
 */
import { formatPath, type DocPath, type Issue } from "./errors.js";
import type { QuestionType } from "./schema.js";
import { parseDate, wordCount } from "./coerce.js";
import { didYouMean } from "./suggest.js";

export const F = 0;
export const T = 1;
export const U = 2;
export type Tri = typeof F | typeof T | typeof U;

/** A normalised answer; `undefined` is unknown (or the question does not apply). */
export type Value = string | number | boolean | readonly string[] | undefined;

/** What a condition reads while a lead is evaluated. */
export interface EvalState {
  /** Per question index; undefined when unknown or not applicable. */
  values: Value[];
  /** Per criterion index: met (T), unmet (F) or unknown (U). */
  criteria: Tri[];
  /** The lowest and highest percent score the lead can still reach. */
  scoreLow: number;
  scoreHigh: number;
}

export type TriFn = (state: EvalState) => Tri;

export interface ScopeQuestion {
  index: number;
  type: QuestionType;
  /** Option values of choice and multi questions. */
  options?: ReadonlySet<string>;
}

/** What a framework's conditions compare one question's answers with. */
export interface Compared {
  /** Numbers or dates that answers are compared with. */
  constants: Set<number | string>;
  /** A text answer is compared as text (eq, in, contains…), not only by its word count. */
  exactText: boolean;
  /** Word counts that text answers are compared with. */
  wordCounts: Set<number>;
}

export interface ConditionScope {
  questions: ReadonlyMap<string, ScopeQuestion>;
  criteria: ReadonlyMap<string, number>;
  /** `met` and `score` refer to the result, so they are allowed only in rules and flags. */
  allowResultTerms: boolean;
}

const COMBINATORS = new Set(["all", "any", "not", "met", "score"]);
const OPERATORS = [
  "eq",
  "ne",
  "in",
  "nin",
  "lt",
  "lte",
  "gt",
  "gte",
  "contains",
  "words",
  "known",
] as const;
type Operator = (typeof OPERATORS)[number];
const NUMERIC_OPERATORS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "nin"] as const;

const ORDERED_TYPES: ReadonlySet<QuestionType> = new Set(["number", "date"]);

const always =
  (value: Tri): TriFn =>
  () =>
    value;

export function allOf(parts: TriFn[]): TriFn {
  if (parts.length === 0) return always(T);
  if (parts.length === 1) return parts[0]!;
  return (state) => {
    let result: Tri = T;
    for (const part of parts) {
      const value = part(state);
      if (value === F) return F;
      if (value === U) result = U;
    }
    return result;
  };
}

export function anyOf(parts: TriFn[]): TriFn {
  if (parts.length === 0) return always(F);
  if (parts.length === 1) return parts[0]!;
  return (state) => {
    let result: Tri = F;
    for (const part of parts) {
      const value = part(state);
      if (value === T) return T;
      if (value === U) result = U;
    }
    return result;
  };
}

export function not(part: TriFn): TriFn {
  return (state) => {
    const value = part(state);
    return value === U ? U : value === T ? F : T;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Compiles conditions for one framework, collecting issues instead of throwing. */
export class ConditionCompiler {
  readonly issues: Issue[] = [];
  /** Per question index: what conditions compare its answers with (see signature.ts). */
  readonly compared = new Map<number, Compared>();

  private note(index: number): Compared {
    let compared = this.compared.get(index);
    if (compared === undefined) {
      compared = { constants: new Set(), exactText: false, wordCounts: new Set() };
      this.compared.set(index, compared);
    }
    return compared;
  }

  constructor(private readonly scope: ConditionScope) {}

  /**
   * Compiles `condition` found at `path`. Question indexes it reads are added to `reads`
   * (used to order `when` conditions and by lint).
   */
  compile(condition: unknown, path: DocPath, reads?: Set<number>): TriFn {
    if (!isPlainObject(condition)) {
      this.issue(path, `a condition must be a map, not ${describe(condition)}`);
      return always(U);
    }
    const parts: TriFn[] = [];
    for (const [key, spec] of Object.entries(condition)) {
      const at = [...path, key];
      if (key === "all" || key === "any") {
        if (!Array.isArray(spec) || spec.length === 0) {
          this.issue(at, `'${key}' takes a non-empty list of conditions`);
          continue;
        }
        const inner = spec.map((item, i) => this.compile(item, [...at, i], reads));
        parts.push(key === "all" ? allOf(inner) : anyOf(inner));
      } else if (key === "not") {
        parts.push(not(this.compile(spec, at, reads)));
      } else if (key === "met") {
        parts.push(this.compileMet(spec, at));
      } else if (key === "score") {
        parts.push(this.compileScore(spec, at));
      } else {
        parts.push(this.compileQuestion(key, spec, at, reads));
      }
    }
    return allOf(parts);
  }

  private issue(path: DocPath, message: string, hint?: string, at?: "key"): void {
    this.issues.push({ path, message: `${formatPath(path)}: ${message}`, hint, at });
  }

  private compileMet(spec: unknown, path: DocPath): TriFn {
    if (!this.scope.allowResultTerms) {
      this.issue(path, "'met' can be used only in rules and flags");
      return always(U);
    }
    const ids = typeof spec === "string" ? [spec] : spec;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string")) {
      this.issue(path, "'met' takes a criterion id or a list of criterion ids");
      return always(U);
    }
    const indexes: number[] = [];
    for (const [i, id] of ids.entries()) {
      const index = this.scope.criteria.get(id);
      if (index === undefined) {
        this.issue(
          typeof spec === "string" ? path : [...path, i],
          `unknown criterion '${id}'.${didYouMean(id, this.scope.criteria.keys())}`,
        );
      } else indexes.push(index);
    }
    return allOf(indexes.map((index) => (state: EvalState) => state.criteria[index]!));
  }

  private compileScore(spec: unknown, path: DocPath): TriFn {
    if (!this.scope.allowResultTerms) {
      this.issue(path, "'score' can be used only in rules and flags");
      return always(U);
    }
    const tests = this.numericTests(spec, path, "score");
    // The score is a whole number known to lie in [scoreLow, scoreHigh]: a test is true when
    // it holds for every score in that range, false when for none, unknown otherwise.
    return allOf(tests.map((test) => (state: EvalState) => overRange(test, state)));
  }

  /** Operators on a number: `{gte: 60}`, `{lt: 8}`; a bare number means `eq`. */
  private numericTests(
    spec: unknown,
    path: DocPath,
    what: string,
  ): Array<(value: number) => boolean> {
    if (typeof spec === "number") return [(value) => value === spec];
    if (!isPlainObject(spec)) {
      this.issue(path, `'${what}' takes a number or operators such as {gte: 60}`);
      return [];
    }
    const tests: Array<(value: number) => boolean> = [];
    for (const [op, operand] of Object.entries(spec)) {
      const at = [...path, op];
      if (!(NUMERIC_OPERATORS as readonly string[]).includes(op)) {
        this.issue(at, `'${what}' takes ${NUMERIC_OPERATORS.join(", ")}; not '${op}'`);
        continue;
      }
      if (op === "in" || op === "nin") {
        if (!Array.isArray(operand) || !operand.every((n) => typeof n === "number")) {
          this.issue(at, `'${op}' takes a list of numbers`);
          continue;
        }
        const set = new Set(operand as number[]);
        tests.push(op === "in" ? (value) => set.has(value) : (value) => !set.has(value));
        continue;
      }
      if (typeof operand !== "number") {
        this.issue(at, `'${op}' takes a number, not ${describe(operand)}`);
        continue;
      }
      tests.push(numberTest(op as "eq" | "ne" | "lt" | "lte" | "gt" | "gte", operand));
    }
    return tests;
  }

  private compileQuestion(
    id: string,
    spec: unknown,
    path: DocPath,
    reads: Set<number> | undefined,
  ): TriFn {
    const question = this.scope.questions.get(id);
    if (question === undefined) {
      const known = [...this.scope.questions.keys(), ...COMBINATORS];
      this.issue(path, `unknown question '${id}'.${didYouMean(id, known)}`, undefined, "key");
      return always(U);
    }
    reads?.add(question.index);
    const index = question.index;
    let operators: Record<string, unknown>;
    if (isPlainObject(spec)) operators = spec;
    else if (Array.isArray(spec)) operators = { in: spec };
    else if (spec === null) {
      this.issue(
        path,
        "a condition value cannot be null",
        "Use {known: false} to test for a missing answer.",
      );
      return always(U);
    } else operators = { eq: spec };

    const tests: TriFn[] = [];
    for (const [op, operand] of Object.entries(operators)) {
      const at = isPlainObject(spec) ? [...path, op] : path;
      if (!(OPERATORS as readonly string[]).includes(op)) {
        this.issue(
          at,
          `unknown operator '${op}'.${didYouMean(op, OPERATORS)}`,
          `Operators: ${OPERATORS.join(", ")}`,
          "key",
        );
        continue;
      }
      if (op === "known") {
        if (typeof operand !== "boolean") {
          this.issue(at, "'known' takes true or false");
          continue;
        }
        tests.push(
          operand
            ? (s) => (s.values[index] === undefined ? F : T)
            : (s) => (s.values[index] === undefined ? T : F),
        );
        continue;
      }
      const test = this.valueTest(question, op as Operator, operand, at);
      if (test === undefined) continue;
      tests.push((state) => {
        const value = state.values[index];
        if (value === undefined) return U;
        return test(value) ? T : F;
      });
    }
    if (tests.length === 0 && Object.keys(operators).length === 0) {
      this.issue(path, "an empty operator map tests nothing");
    }
    return allOf(tests);
  }

  /** A test on a known value of `question`, or undefined after recording an issue. */
  private valueTest(
    question: ScopeQuestion,
    op: Operator,
    operand: unknown,
    path: DocPath,
  ): ((value: NonNullable<Value>) => boolean) | undefined {
    const { type } = question;
    if (op === "words") {
      if (type !== "text") {
        this.issue(path, `'words' applies to text questions; this one is ${type}`);
        return undefined;
      }
      const tests = this.numericTests(operand, path, "words");
      const counts = this.note(question.index).wordCounts;
      for (const n of [operand, ...(isPlainObject(operand) ? Object.values(operand) : [])].flat()) {
        if (typeof n === "number") counts.add(n);
      }
      return (value) => {
        const count = wordCount(value as string);
        return tests.every((test) => test(count));
      };
    }
    if (op === "in" || op === "nin") {
      if (!Array.isArray(operand) || operand.length === 0) {
        this.issue(path, `'${op}' takes a non-empty list`);
        return undefined;
      }
      const items = operand.map((item, i) => this.operand(question, item, [...path, i]));
      if (items.some((item) => item === undefined)) return undefined;
      const set = new Set(items as Array<string | number | boolean>);
      const member =
        type === "multi"
          ? (value: NonNullable<Value>) => (value as readonly string[]).some((v) => set.has(v))
          : type === "text"
            ? (value: NonNullable<Value>) => set.has((value as string).toLowerCase())
            : (value: NonNullable<Value>) => set.has(value as string | number | boolean);
      return op === "in" ? member : (value) => !member(value);
    }
    if (op === "contains") {
      if (type !== "text" && type !== "multi") {
        this.issue(path, `'contains' applies to text and multi questions; this one is ${type}`);
        return undefined;
      }
      const item = this.operand(question, operand, path);
      if (item === undefined) return undefined;
      if (type === "multi") return (value) => (value as readonly string[]).includes(item as string);
      return (value) => (value as string).toLowerCase().includes(item as string);
    }
    if (op === "lt" || op === "lte" || op === "gt" || op === "gte") {
      if (!ORDERED_TYPES.has(type)) {
        this.issue(path, `'${op}' applies to number and date questions; this one is ${type}`);
        return undefined;
      }
      const item = this.operand(question, operand, path);
      if (item === undefined) return undefined;
      const compare = numberTest(op, 0);
      return (value) => compare(order(value as number | string, item as number | string));
    }
    // eq, ne
    const item = this.operand(question, operand, path);
    if (item === undefined) return undefined;
    const equal =
      type === "multi"
        ? (value: NonNullable<Value>) => (value as readonly string[]).includes(item as string)
        : type === "text"
          ? (value: NonNullable<Value>) => (value as string).toLowerCase() === item
          : (value: NonNullable<Value>) => value === item;
    return op === "eq" ? equal : (value) => !equal(value);
  }

  /** Checks one operand against the question's type; returns it normalised. */
  private operand(
    question: ScopeQuestion,
    operand: unknown,
    path: DocPath,
  ): string | number | boolean | undefined {
    switch (question.type) {
      case "choice":
      case "multi": {
        const options = question.options!;
        if (typeof operand === "string" && options.has(operand)) return operand;
        this.issue(
          path,
          `${describe(operand)} is not an option value of this question.${didYouMean(String(operand), options)} Options: ${[...options].join(", ")}`,
        );
        return undefined;
      }
      case "boolean":
        if (typeof operand === "boolean") return operand;
        this.issue(
          path,
          `a boolean question compares with true or false, not ${describe(operand)}`,
        );
        return undefined;
      case "number":
        if (typeof operand === "number" && Number.isFinite(operand)) {
          this.note(question.index).constants.add(operand);
          return operand;
        }
        this.issue(path, `a number question compares with a number, not ${describe(operand)}`);
        return undefined;
      case "text":
        if (typeof operand === "string") {
          this.note(question.index).exactText = true;
          this.note(question.index).constants.add(operand);
          return operand.toLowerCase();
        }
        this.issue(path, `a text question compares with a string, not ${describe(operand)}`);
        return undefined;
      case "date": {
        const date = typeof operand === "string" ? parseDate(operand) : undefined;
        if (date !== undefined) {
          this.note(question.index).constants.add(date);
          return date;
        }
        this.issue(
          path,
          `a date question compares with a date such as 2026-01-31, not ${describe(operand)}`,
        );
        return undefined;
      }
    }
  }
}

function order(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function numberTest(op: "eq" | "ne" | "lt" | "lte" | "gt" | "gte", operand: number) {
  switch (op) {
    case "eq":
      return (value: number) => value === operand;
    case "ne":
      return (value: number) => value !== operand;
    case "lt":
      return (value: number) => value < operand;
    case "lte":
      return (value: number) => value <= operand;
    case "gt":
      return (value: number) => value > operand;
    case "gte":
      return (value: number) => value >= operand;
  }
}

function overRange(test: (value: number) => boolean, state: EvalState): Tri {
  const first = test(state.scoreLow);
  if (test(state.scoreHigh) !== first) return U;
  for (let score = state.scoreLow + 1; score < state.scoreHigh; score++) {
    if (test(score) !== first) return U;
  }
  return first ? T : F;
}
