/**
 * Framework conditions → SQL boolean expressions, with the engine's three-valued logic
 * (src/core/conditions.ts): SQL NULL is unknown, and SQL's AND, OR and NOT are Kleene's.
 * A comparison with an unknown answer is NULL; only `known` tests for a missing answer.
 * The framework was checked by compileFramework first, so the shapes here are valid.
 */
import type { CompiledFramework } from "../core/compile.js";
import { parseDate } from "../core/coerce.js";
import type { Answer } from "./cells.js";
import { epochDays } from "./cells.js";
import { num, WS, type Dialect } from "./dialect.js";

export interface ConditionScope {
  d: Dialect;
  compiled: CompiledFramework;
  /** The answer a condition reads: after applicability (NULL when the question does not apply). */
  value(question: number): Answer;
  /** A criterion's status (TRUE met, FALSE unmet, NULL unknown): rules and flags only. */
  criterion?(index: number): string;
  /** The lowest and highest score the lead can still reach: rules and flags only. */
  scoreRange?: { low: string; high: string };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const allOf = (parts: string[]): string =>
  parts.length === 0 ? "TRUE" : parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;

export const anyOf = (parts: string[]): string =>
  parts.length === 0 ? "FALSE" : parts.length === 1 ? parts[0]! : `(${parts.join(" OR ")})`;

export function conditionSql(condition: unknown, scope: ConditionScope): string {
  if (!isPlainObject(condition)) throw new Error("a condition must be a map");
  const parts: string[] = [];
  for (const [key, spec] of Object.entries(condition)) {
    if (key === "all" || key === "any") {
      const inner = (spec as unknown[]).map((item) => conditionSql(item, scope));
      parts.push(key === "all" ? allOf(inner) : anyOf(inner));
    } else if (key === "not") {
      parts.push(`(NOT ${conditionSql(spec, scope)})`);
    } else if (key === "met") {
      const ids = typeof spec === "string" ? [spec] : (spec as string[]);
      parts.push(
        allOf(ids.map((id) => scope.criterion!(scope.compiled.criterionById.get(id)!.index))),
      );
    } else if (key === "score") {
      const { low, high } = scope.scoreRange!;
      parts.push(allOf(numericTests(spec).map((test) => overRange(test, low, high))));
    } else {
      parts.push(questionSql(key, spec, scope));
    }
  }
  return allOf(parts);
}

type NumericTest =
  | { op: "eq" | "ne" | "lt" | "lte" | "gt" | "gte"; value: number }
  | { op: "in" | "nin"; values: number[] };

function numericTests(spec: unknown): NumericTest[] {
  if (typeof spec === "number") return [{ op: "eq", value: spec }];
  return Object.entries(spec as Record<string, unknown>).map(([op, operand]) =>
    op === "in" || op === "nin"
      ? { op, values: operand as number[] }
      : { op: op as "eq", value: operand as number },
  );
}

const SQL_OPERATOR = { eq: "=", ne: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

function numericSql(d: Dialect, test: NumericTest, value: string): string {
  if ("values" in test) {
    const member = d.inList(value, test.values.map(num));
    return test.op === "in" ? `(${member})` : `(NOT ${member})`;
  }
  return `(${value} ${SQL_OPERATOR[test.op]} ${num(test.value)})`;
}

/**
 * A test on the score, known only to be a whole number in [low, high]: TRUE when it holds for
 * every such score, FALSE when for none, NULL otherwise (the engine's overRange).
 */
function overRange(test: NumericTest, low: string, high: string): string {
  const tri = (all: string, none: string) =>
    `CASE WHEN ${all} THEN TRUE WHEN ${none} THEN FALSE END`;
  switch (test.op) {
    case "gte":
      return tri(`${low} >= ${num(test.value)}`, `${high} < ${num(test.value)}`);
    case "gt":
      return tri(`${low} > ${num(test.value)}`, `${high} <= ${num(test.value)}`);
    case "lte":
      return tri(`${high} <= ${num(test.value)}`, `${low} > ${num(test.value)}`);
    case "lt":
      return tri(`${high} < ${num(test.value)}`, `${low} >= ${num(test.value)}`);
    case "eq":
    case "ne": {
      const eq = Number.isInteger(test.value)
        ? tri(
            `${low} = ${num(test.value)} AND ${high} = ${num(test.value)}`,
            `(${low} > ${num(test.value)} OR ${high} < ${num(test.value)})`,
          )
        : "FALSE";
      return test.op === "eq" ? eq : `(NOT ${eq})`;
    }
    case "in":
    case "nin": {
      const members = [...new Set(test.values.filter((v) => Number.isInteger(v)))];
      let member = "FALSE";
      if (members.length > 0) {
        const inRange = members
          .map((v) => `CASE WHEN ${low} <= ${num(v)} AND ${num(v)} <= ${high} THEN 1 ELSE 0 END`)
          .join(" + ");
        member = tri(`${inRange} = ${high} - ${low} + 1`, `${inRange} = 0`);
      }
      return test.op === "in" ? member : `(NOT ${member})`;
    }
  }
}

/** Number of words in a trimmed, non-empty text: one more than its runs of whitespace. */
function wordCount(d: Dialect, text: string): string {
  return `(length(${d.regexReplaceAll(text, `${WS}+`, "x")}) - length(${d.regexReplaceAll(text, `${WS}+`, "")}) + 1)`;
}

function questionSql(id: string, spec: unknown, scope: ConditionScope): string {
  const { d, compiled } = scope;
  const question = compiled.questionById.get(id)!;
  const answer = scope.value(question.index);
  const type = question.type;
  const operators: Record<string, unknown> = isPlainObject(spec)
    ? spec
    : Array.isArray(spec)
      ? { in: spec }
      : { eq: spec };

  const known = answer.kind === "multi" ? answer.known : answer.expr;
  const option = (value: string) =>
    answer.kind === "multi" ? answer.options.get(value)! : `(${answer.expr} = ${d.string(value)})`;
  const scalar = answer.kind === "scalar" ? answer.expr : "";
  /** An operand as the answer column holds it. */
  const operand = (value: unknown): string => {
    switch (type) {
      case "choice":
      case "multi":
      case "text":
        return d.string(type === "text" ? String(value).toLowerCase() : String(value));
      case "boolean":
        return value === true ? "TRUE" : "FALSE";
      case "number":
        return num(value as number);
      case "date":
        return num(epochDays(parseDate(value as string)!));
    }
  };
  const subject = type === "text" ? `lower(${scalar})` : scalar;

  const tests: string[] = [];
  for (const [op, arg] of Object.entries(operators)) {
    switch (op) {
      case "known":
        tests.push(arg === true ? `(${known} IS NOT NULL)` : `(${known} IS NULL)`);
        break;
      case "words":
        tests.push(allOf(numericTests(arg).map((t) => numericSql(d, t, wordCount(d, scalar)))));
        break;
      case "in":
      case "nin": {
        const items = arg as unknown[];
        const member =
          type === "multi"
            ? anyOf(items.map((item) => option(String(item))))
            : d.inList(subject, items.map(operand));
        tests.push(op === "in" ? `(${member})` : `(NOT ${member})`);
        break;
      }
      case "contains":
        tests.push(type === "multi" ? option(String(arg)) : d.contains(subject, operand(arg)));
        break;
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        tests.push(`(${subject} ${SQL_OPERATOR[op]} ${operand(arg)})`);
        break;
      case "eq":
      case "ne": {
        const equal = type === "multi" ? option(String(arg)) : `(${subject} = ${operand(arg)})`;
        tests.push(op === "eq" ? equal : `(NOT ${equal})`);
        break;
      }
      default:
        throw new Error(`unknown operator ${op}`);
    }
  }
  return allOf(tests);
}
