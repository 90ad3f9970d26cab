/**
 * Compiling a framework: semantic checks the schema cannot express (unique ids, references,
 * `when` cycles, conditions against question types), then a form the engine scores fast —
 * questions by index, conditions as closures, points as lookups.
 */
import { createHash } from "node:crypto";
import type { Criterion, Framework, Question, Rule, Flag } from "./schema.js";
import { LEVELS, RESERVED_IDS, type Level, type QuestionType } from "./constants.js";
import {
  ConditionCompiler,
  type Compared,
  type ScopeQuestion,
  type TriFn,
  type Value,
} from "./conditions.js";
import { FrameworkError, formatPath, type DocPath, type Issue } from "./errors.js";
import { answerClassifier } from "./signature.js";
import { didYouMean } from "./suggest.js";
import {
  canGenerateCode,
  generatedAssess,
  generatedOutcomeKey,
  generatedPoints,
  type AssessFunction,
  type OutcomeKeyFunction,
} from "./assess-code.js";
import { plainAssess, plainOutcomeKey, plainPoints, type PointsFunction } from "./assess-plain.js";

export interface CompiledQuestion {
  index: number;
  id: string;
  type: QuestionType;
  def: Question;
  criterionIndex: number;
  /** Most and fewest points an answer can earn. */
  maxPoints: number;
  minPoints: number;
  /** Points a known, applicable answer earns. */
  points: PointsFunction;
  when?: TriFn;
  /** Questions this one's `when` reads. */
  whenReads: number[];
  /** Lowercased value, label and aliases → option value, for choice and multi questions. */
  optionLookup?: ReadonlyMap<string, string>;
  /** Where the question is in the framework document. */
  path: DocPath;
  /**
   * A key for an answer such that answers with equal keys are treated alike by every band,
   * option and condition of the framework (see signature.ts).
   */
  classify: (value: Value) => string;
  /** What the framework's conditions compare its answers with (lint tries those answers). */
  compared: readonly Compared[];
}

export interface CompiledCriterion {
  index: number;
  id: string;
  label: string;
  level: Level;
  questions: number[];
  maxPoints: number;
  met?: TriFn;
}

export interface CompiledRule {
  rule: Rule;
  test: TriFn;
  /** Questions its condition reads. */
  reads: number[];
}

export interface CompiledFlag {
  flag: Flag;
  test: TriFn;
  reads: number[];
}

export interface CompiledFramework {
  framework: Framework;
  /** sha256 of the resolved framework's canonical JSON. */
  hash: string;
  questions: CompiledQuestion[];
  questionById: ReadonlyMap<string, CompiledQuestion>;
  criteria: CompiledCriterion[];
  criterionById: ReadonlyMap<string, CompiledCriterion>;
  /** Disqualify rules in the order they are tried: by level, then as written. */
  disqualifyRules: CompiledRule[];
  nurtureRules: CompiledRule[];
  flags: CompiledFlag[];
  /** Question indexes in an order where every `when` reads only earlier questions. */
  whenOrder: number[];
  /** Questions in the order a rep asks them: criteria by level, then as written. */
  askOrder: number[];
  /** The order gaps are listed in: most points first, then asking order. */
  gapOrder: number[];
  /** The gap each question is when unanswered, per question index (shared, frozen). */
  gaps: readonly Readonly<{ question: string; criterion: string; text: string; points: number }>[];
  maxPoints: number;
  /** The scoring date (`YYYY-MM-DD`) that date bands count from. */
  today: string;
  /** engine.ts `assess` and `outcomeKey`, generated for this framework. */
  assess: AssessFunction;
  outcomeKey: OutcomeKeyFunction;
}

export interface CompileOptions {
  /** Scoring date for date bands; defaults to today (UTC). */
  today?: string;
  /** The framework's hash when already known (built-ins cached at build time). */
  hash?: string;
}

const levelRank = (level: Level): number => LEVELS.indexOf(level);

/** JSON with sorted keys, so equal frameworks hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function frameworkHash(framework: Framework): string {
  const { $schema: _schema, ...content } = framework;
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

function optionRange(points: number[]): { max: number; min: number } {
  return { max: Math.max(0, ...points), min: Math.min(0, ...points) };
}

function pointsRange(question: Question): { max: number; min: number } {
  switch (question.type) {
    case "choice":
      return optionRange(question.options.map((o) => o.points));
    case "multi": {
      let positive = 0;
      let negative = 0;
      for (const option of question.options) {
        if (option.points > 0) positive += option.points;
        else negative += option.points;
      }
      const max =
        question.maxPoints === undefined ? positive : Math.min(positive, question.maxPoints);
      return { max, min: negative };
    }
    case "boolean":
      return optionRange([question.points.yes, question.points.no]);
    case "number":
    case "date":
      return optionRange(question.bands.map((b) => b.points));
    case "text":
      return optionRange([question.points]);
  }
}

/** Points of an answer: generated (assess-code.ts) where the runtime allows it, else plain. */
function pointsFunction(question: Question, today: string): PointsFunction {
  return (
    (canGenerateCode() ? generatedPoints(question, today) : undefined) ??
    plainPoints(question, today)
  );
}

function optionLookup(question: Question): Map<string, string> | undefined {
  if (question.type !== "choice" && question.type !== "multi") return undefined;
  const lookup = new Map<string, string>();
  // Values win over labels, labels over aliases, when spellings collide.
  for (const option of question.options) {
    for (const alias of option.aliases ?? []) lookup.set(alias.trim().toLowerCase(), option.value);
  }
  for (const option of question.options)
    lookup.set(option.label.trim().toLowerCase(), option.value);
  for (const option of question.options) lookup.set(option.value.toLowerCase(), option.value);
  return lookup;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Checks and compiles a framework that already passed the zod schema. Throws a
 * FrameworkError listing every problem found, each with the path to it.
 */
export function compileFramework(
  framework: Framework,
  options: CompileOptions = {},
): CompiledFramework {
  const issues: Issue[] = [];
  const issue = (path: DocPath, message: string, hint?: string) =>
    issues.push({ path, message: `${formatPath(path)}: ${message}`, hint });
  const today = options.today ?? todayUtc();

  const criteria: CompiledCriterion[] = [];
  const criterionById = new Map<string, CompiledCriterion>();
  const questions: CompiledQuestion[] = [];
  const questionById = new Map<string, CompiledQuestion>();

  framework.criteria.forEach((criterion: Criterion, ci) => {
    const cpath = ["criteria", ci];
    if (criterionById.has(criterion.id))
      issue([...cpath, "id"], `duplicate criterion id '${criterion.id}'`);
    const compiled: CompiledCriterion = {
      index: ci,
      id: criterion.id,
      label: criterion.label,
      level: criterion.level,
      questions: [],
      maxPoints: 0,
    };
    criteria.push(compiled);
    criterionById.set(criterion.id, compiled);

    criterion.questions.forEach((question, qi) => {
      const qpath = [...cpath, "questions", qi];
      if ((RESERVED_IDS as readonly string[]).includes(question.id)) {
        issue(
          [...qpath, "id"],
          `'${question.id}' is a reserved word and cannot be a question id`,
          `Reserved: ${RESERVED_IDS.join(", ")}`,
        );
      }
      if (questionById.has(question.id))
        issue([...qpath, "id"], `duplicate question id '${question.id}'`);
      if (question.type === "choice" || question.type === "multi") {
        const seen = new Set<string>();
        question.options.forEach((option, oi) => {
          if (seen.has(option.value)) {
            issue([...qpath, "options", oi, "value"], `duplicate option value '${option.value}'`);
          }
          seen.add(option.value);
        });
      }
      if (question.type === "number") {
        question.bands.forEach((band, bi) => {
          if (band.min !== undefined && band.max !== undefined && band.min >= band.max) {
            issue(
              [...qpath, "bands", bi],
              `band min (${band.min}) must be below its max (${band.max})`,
            );
          }
        });
        if (
          question.min !== undefined &&
          question.max !== undefined &&
          question.min > question.max
        ) {
          issue([...qpath, "min"], `min (${question.min}) is above max (${question.max})`);
        }
      }
      const range = pointsRange(question);
      const compiledQuestion: CompiledQuestion = {
        index: questions.length,
        id: question.id,
        type: question.type,
        def: question,
        criterionIndex: ci,
        maxPoints: range.max,
        minPoints: range.min,
        points: pointsFunction(question, today),
        whenReads: [],
        optionLookup: optionLookup(question),
        path: qpath,
        classify: () => "",
        compared: [],
      };
      questions.push(compiledQuestion);
      questionById.set(question.id, compiledQuestion);
      compiled.questions.push(compiledQuestion.index);
      compiled.maxPoints += range.max;
    });
  });

  const scopeQuestions = new Map<string, ScopeQuestion>();
  for (const q of questions) {
    const def = q.def;
    scopeQuestions.set(q.id, {
      index: q.index,
      type: q.type,
      options:
        def.type === "choice" || def.type === "multi"
          ? new Set(def.options.map((o) => o.value))
          : undefined,
    });
  }
  const criterionIndexes = new Map(criteria.map((c) => [c.id, c.index]));
  const answerTerms = new ConditionCompiler({
    questions: scopeQuestions,
    criteria: criterionIndexes,
    allowResultTerms: false,
  });
  const resultTerms = new ConditionCompiler({
    questions: scopeQuestions,
    criteria: criterionIndexes,
    allowResultTerms: true,
  });

  for (const q of questions) {
    if (q.def.when === undefined) continue;
    const reads = new Set<number>();
    q.when = answerTerms.compile(q.def.when, [...q.path, "when"], reads);
    q.whenReads = [...reads];
  }
  framework.criteria.forEach((criterion, ci) => {
    if (criterion.met !== undefined) {
      criteria[ci]!.met = answerTerms.compile(criterion.met, ["criteria", ci, "met"]);
    }
  });

  const ruleIds = new Set<string>();
  const disqualifyRules: CompiledRule[] = [];
  const nurtureRules: CompiledRule[] = [];
  framework.rules.forEach((rule, ri) => {
    if (ruleIds.has(rule.id)) issue(["rules", ri, "id"], `duplicate rule id '${rule.id}'`);
    ruleIds.add(rule.id);
    const reads = new Set<number>();
    const compiled = {
      rule,
      test: resultTerms.compile(rule.when, ["rules", ri, "when"], reads),
      reads: [...reads],
    };
    (rule.then === "disqualify" ? disqualifyRules : nurtureRules).push(compiled);
  });
  // Stable sort: organization, then opportunity, then stakeholder; as written within a level.
  disqualifyRules.sort((a, b) => levelRank(a.rule.level) - levelRank(b.rule.level));

  const flagIds = new Set<string>();
  const flags: CompiledFlag[] = framework.flags.map((flag, fi) => {
    if (flagIds.has(flag.id)) issue(["flags", fi, "id"], `duplicate flag id '${flag.id}'`);
    flagIds.add(flag.id);
    const reads = new Set<number>();
    return {
      flag,
      test: resultTerms.compile(flag.when, ["flags", fi, "when"], reads),
      reads: [...reads],
    };
  });

  const gates = framework.verdict.qualified;
  (gates.require ?? []).forEach((id, i) => {
    if (!criterionById.has(id)) {
      issue(
        ["verdict", "qualified", "require", i],
        `unknown criterion '${id}'.${didYouMean(id, criterionById.keys())}`,
      );
    }
  });

  issues.push(...answerTerms.issues, ...resultTerms.issues);
  for (const question of questions) {
    const compared = [answerTerms, resultTerms].map((c) => c.compared.get(question.index));
    question.classify = answerClassifier(question, compared, today);
    question.compared = compared.filter((c): c is Compared => c !== undefined);
  }
  const whenOrder = orderByWhen(questions, issues);

  if (issues.length > 0) throw frameworkIssues(issues);

  const askOrder = [...criteria]
    .sort((a, b) => levelRank(a.level) - levelRank(b.level) || a.index - b.index)
    .flatMap((c) => c.questions);
  // Points per question are fixed, so the gap order is too (sort is stable: asking order).
  const gapOrder = [...askOrder].sort((a, b) => questions[b]!.maxPoints - questions[a]!.maxPoints);
  const gaps = questions.map((q) =>
    Object.freeze({
      question: q.id,
      criterion: criteria[q.criterionIndex]!.id,
      text: q.def.text,
      points: q.maxPoints,
    }),
  );

  const maxPoints = criteria.reduce((sum, c) => sum + c.maxPoints, 0);
  const plan = { today, maxPoints, whenOrder, questions, criteria, disqualifyRules, nurtureRules };
  const levelGates = framework.verdict.qualified.levels !== undefined;
  return {
    framework,
    hash: options.hash ?? frameworkHash(framework),
    questions,
    questionById,
    criteria,
    criterionById,
    disqualifyRules,
    nurtureRules,
    flags,
    whenOrder,
    askOrder,
    gapOrder,
    gaps,
    maxPoints,
    today,
    assess: canGenerateCode() ? generatedAssess(plan) : plainAssess(plan),
    outcomeKey: (canGenerateCode() ? generatedOutcomeKey : plainOutcomeKey)({
      ...plan,
      levelGates,
    }),
  };
}

/** A FrameworkError for the first issue, carrying the rest. */
export function frameworkIssues(issues: Issue[]): FrameworkError {
  const [first, ...rest] = issues;
  const error = new FrameworkError(first!.message, {
    path: first!.path,
    hint: first!.hint,
    at: first!.at,
  });
  error.issues = rest;
  return error;
}

/** Topological order of questions by what their `when` reads; a cycle is an issue. */
function orderByWhen(questions: CompiledQuestion[], issues: Issue[]): number[] {
  const state = new Array<0 | 1 | 2>(questions.length).fill(0); // unvisited, visiting, done
  const order: number[] = [];
  const visit = (index: number, trail: number[]): void => {
    if (state[index] === 2) return;
    const question = questions[index]!;
    if (state[index] === 1) {
      const cycle = [...trail.slice(trail.indexOf(index)), index].map((i) => questions[i]!.id);
      const path = [...question.path, "when"];
      issues.push({
        path,
        message: `${formatPath(path)}: 'when' conditions form a cycle: ${cycle.join(" → ")}`,
      });
      return;
    }
    state[index] = 1;
    for (const read of question.whenReads) visit(read, [...trail, index]);
    state[index] = 2;
    order.push(index);
  };
  for (const q of questions) visit(q.index, []);
  return order;
}
