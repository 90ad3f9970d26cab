/**
 * The engine: answers → verdict, with its reasons. Pure and synchronous; batch calls
 * `evaluate` once per row, so it does plain loops over the compiled framework.
 *
 * Verdict semantics (PRODUCT.md): disqualify rules by level, first that fires decides;
 * else any nurture rule; else the qualified gates; else `disqualified.maxScore`; else nurture.
 * Unknown answers earn nothing and never make a rule fire.
 */
import { F, T, U, type EvalState, type Tri, type Value } from "./conditions.js";
import type { CompiledFramework, CompiledRule } from "./compile.js";
import { LEVELS, type Level, type Verdict } from "./constants.js";
import { percent } from "./assess-code.js";

export const RESULT_SCHEMA_VERSION = 1;

export type CriterionStatus = "met" | "unmet" | "unknown";

export interface CriterionResult {
  id: string;
  label: string;
  level: Level;
  points: number;
  maxPoints: number;
  status: CriterionStatus;
}

export interface FiredRule {
  id: string;
  level: Level;
  then: "disqualify" | "nurture";
  reason: string;
  /** Whether this rule decided the verdict. */
  decisive: boolean;
}

export interface FiredFlag {
  id: string;
  message: string;
}

export interface GateResult {
  gate: "minScore" | "minCriteriaMet" | "require" | "levelScore" | "levelCriteriaMet";
  passed: boolean;
  message: string;
}

export interface Gap {
  question: string;
  criterion: string;
  text: string;
  /** Points the answer could still add. */
  points: number;
}

export type DecidedBy =
  { kind: "rule"; rule: string; level: Level } | { kind: "gates" } | { kind: "maxScore" };

export interface Result {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  lead?: string;
  framework: { id: string; name: string; version: string; hash: string };
  verdict: Verdict;
  decidedBy: DecidedBy;
  /** Percent of the maximum points earned by known answers, 0–100. */
  score: number;
  points: number;
  maxPoints: number;
  /** Share of the maximum points whose questions are answered (or do not apply), 0–100. */
  coverage: number;
  criteria: CriterionResult[];
  criteriaMet: number;
  reasons: string[];
  rules: FiredRule[];
  flags: FiredFlag[];
  gates: GateResult[];
  gaps: Gap[];
  action: string;
}

export interface EvaluateOptions {
  lead?: string;
}

const STATUS: Record<Tri, CriterionStatus> = { [T]: "met", [F]: "unmet", [U]: "unknown" };

const levelLabel = (level: Level): string => level[0]!.toUpperCase() + level.slice(1);

/**
 * The numbers behind a result — which questions apply, points, criterion statuses, which
 * rules fire — computed without building any text. Batch reuses one per run, so a row costs
 * no allocation until its explanation is needed.
 */
export class Assessment {
  /** Answers after `when`: undefined when unknown or not applicable. */
  readonly values: Value[];
  readonly applicable: Tri[];
  /** Per criterion: points earned by known answers, and status. */
  readonly earned: number[];
  readonly statuses: Tri[];
  readonly state: EvalState;
  /** Per rule, in the compiled order: 1 when it fires. (Flags are left to `explain`.) */
  readonly disqualifyFired: Uint8Array;
  readonly nurtureFired: Uint8Array;
  points = 0;
  covered = 0;
  criteriaMet = 0;
  score = 0;

  constructor(compiled: CompiledFramework) {
    const questions = compiled.questions.length;
    const criteria = compiled.criteria.length;
    this.values = new Array<Value>(questions).fill(undefined);
    this.applicable = new Array<Tri>(questions).fill(T);
    this.earned = new Array<number>(criteria).fill(0);
    this.statuses = new Array<Tri>(criteria).fill(U);
    this.state = { values: this.values, criteria: this.statuses, scoreLow: 0, scoreHigh: 0 };
    this.disqualifyFired = new Uint8Array(compiled.disqualifyRules.length);
    this.nurtureFired = new Uint8Array(compiled.nurtureRules.length);
  }
}

/**
 * Fills `into` for one lead; `input` holds a normalised answer per question index.
 *
 * Which questions apply follows `when`, in an order where each reads only settled answers.
 * Known answers earn their points; a criterion is met when the points it is sure of reach
 * half its maximum, unmet when even every open question could not reach it, unknown between
 * (or as its `met` condition says). Then the score, its possible range, and each rule. The
 * code is generated per framework at compile time (assess-code.ts), or is a plain loop
 * where the runtime forbids generating code (assess-plain.ts).
 */
export function assess(
  compiled: CompiledFramework,
  input: readonly Value[],
  into: Assessment,
): Assessment {
  return compiled.assess(input, into);
}

/**
 * Writes into `key` what the verdict, score, reasons and gaps of `assessment` depend on, and
 * returns its length: two assessments with equal keys explain to the same four (batch scores
 * each distinct key once). Everything `explain` reads for them is here — keep it so.
 */
export function outcomeKey(
  compiled: CompiledFramework,
  assessment: Assessment,
  key: Int32Array,
): number {
  // Generated per framework (assess-code.ts): a loop over the bits was the slowest part of
  // scoring a row.
  return compiled.outcomeKey(assessment, key);
}

/** The length `outcomeKey` needs for this framework. */
export function outcomeKeyLength(compiled: CompiledFramework): number {
  const flags =
    compiled.disqualifyRules.length + compiled.nurtureRules.length + compiled.questions.length;
  return 3 + 2 * compiled.criteria.length + Math.ceil(flags / 31);
}

/** The full result of an assessment: verdict, reasons, gates, gaps and the rest. */
export function explain(
  compiled: CompiledFramework,
  assessment: Assessment,
  options: EvaluateOptions = {},
): Result {
  const { criteria, framework } = compiled;
  const { state, score, points, criteriaMet, covered } = assessment;
  const maxPoints = compiled.maxPoints;
  const criterionResults: CriterionResult[] = criteria.map((criterion, c) => ({
    id: criterion.id,
    label: criterion.label,
    level: criterion.level,
    points: assessment.earned[c]!,
    maxPoints: criterion.maxPoints,
    status: STATUS[assessment.statuses[c]!],
  }));

  const rules: FiredRule[] = [];
  let decisive: CompiledRule | undefined;
  compiled.disqualifyRules.forEach((rule, i) => {
    if (assessment.disqualifyFired[i] !== 1) return;
    decisive ??= rule;
    rules.push(firedRule(rule, rule === decisive));
  });
  let nurtureFired = false;
  compiled.nurtureRules.forEach((rule, i) => {
    if (assessment.nurtureFired[i] !== 1) return;
    rules.push(firedRule(rule, decisive === undefined));
    nurtureFired = true;
  });

  const flags: FiredFlag[] = [];
  for (const { flag, test } of compiled.flags)
    if (test(state) === T) flags.push({ id: flag.id, message: flag.message });

  const gates = checkGates(compiled, criterionResults, score, criteriaMet);
  const maxScore = framework.verdict.disqualified.maxScore;

  let verdict: Verdict;
  let decidedBy: DecidedBy;
  let reasons: string[];
  const decidingRule = decisive as CompiledRule | undefined;
  if (decidingRule !== undefined) {
    verdict = "disqualified";
    decidedBy = { kind: "rule", rule: decidingRule.rule.id, level: decidingRule.rule.level };
    reasons = [`${levelLabel(decidingRule.rule.level)}: ${decidingRule.rule.reason}`];
  } else if (nurtureFired) {
    verdict = "nurture";
    const first = rules.find((r) => r.decisive)!;
    decidedBy = { kind: "rule", rule: first.id, level: first.level };
    reasons = rules.map((r) => `${levelLabel(r.level)}: ${r.reason}`);
  } else if (gates.every((g) => g.passed)) {
    verdict = "qualified";
    decidedBy = { kind: "gates" };
    reasons = gates.length > 0 ? gates.map((g) => g.message) : ["No qualification gates are set."];
  } else if (maxScore !== undefined && state.scoreHigh <= maxScore) {
    verdict = "disqualified";
    decidedBy = { kind: "maxScore" };
    reasons = [
      state.scoreHigh === score
        ? `Score ${score} is at or below the disqualifying ${maxScore}.`
        : `Even with every open question answered at best, the score could reach only ${state.scoreHigh}, at or below the disqualifying ${maxScore}.`,
    ];
  } else {
    verdict = "nurture";
    decidedBy = { kind: "gates" };
    reasons = gates.filter((g) => !g.passed).map((g) => g.message);
  }

  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    ...(options.lead === undefined ? {} : { lead: options.lead }),
    framework: {
      id: framework.id,
      name: framework.name,
      version: framework.version,
      hash: compiled.hash,
    },
    verdict,
    decidedBy,
    score,
    points,
    maxPoints,
    coverage: maxPoints > 0 ? percent(covered, maxPoints) : 100,
    criteria: criterionResults,
    criteriaMet,
    reasons,
    rules,
    flags,
    gates,
    gaps: gapsOf(compiled, assessment.values, assessment.applicable),
    action: framework.verdict.actions[verdict],
  };
}

/**
 * Scores one lead. `input` holds a normalised answer per question index (see answers.ts);
 * undefined is unknown.
 */
export function evaluate(
  compiled: CompiledFramework,
  input: readonly Value[],
  options: EvaluateOptions = {},
): Result {
  return explain(compiled, assess(compiled, input, new Assessment(compiled)), options);
}

function firedRule(compiled: CompiledRule, decisive: boolean): FiredRule {
  const { id, level, then, reason } = compiled.rule;
  return { id, level, then, reason, decisive };
}

/** Unanswered questions that apply, most points first, then in the order a rep asks them. */
function gapsOf(compiled: CompiledFramework, values: Value[], applicable: Tri[]): Gap[] {
  const gaps: Gap[] = [];
  for (const index of compiled.gapOrder) {
    if (applicable[index] === T && values[index] === undefined) gaps.push(compiled.gaps[index]!);
  }
  return gaps;
}

function checkGates(
  compiled: CompiledFramework,
  criteria: CriterionResult[],
  score: number,
  criteriaMet: number,
): GateResult[] {
  const gates = compiled.framework.verdict.qualified;
  const results: GateResult[] = [];
  if (gates.minScore !== undefined) {
    const passed = score >= gates.minScore;
    results.push({
      gate: "minScore",
      passed,
      message: passed
        ? `Score ${score} meets the minimum of ${gates.minScore}.`
        : `Score ${score} is below the minimum of ${gates.minScore}.`,
    });
  }
  if (gates.minCriteriaMet !== undefined) {
    const passed = criteriaMet >= gates.minCriteriaMet;
    const met = criteria.filter((c) => c.status === "met").map((c) => c.label);
    results.push({
      gate: "minCriteriaMet",
      passed,
      message: `${criteriaMet} of ${criteria.length} ${criteria.length === 1 ? "criterion" : "criteria"} met${met.length > 0 ? ` (${met.join(", ")})` : ""}; ${gates.minCriteriaMet} needed.`,
    });
  }
  for (const id of gates.require ?? []) {
    const criterion = criteria.find((c) => c.id === id)!;
    const passed = criterion.status === "met";
    results.push({
      gate: "require",
      passed,
      message: passed
        ? `${criterion.label} is met, as required.`
        : `${criterion.label} is required and is ${criterion.status === "unknown" ? "not known yet" : "not met"}.`,
    });
  }
  for (const level of LEVELS) {
    const gate = gates.levels?.[level];
    if (gate === undefined) continue;
    const atLevel = criteria.filter((c) => c.level === level);
    if (gate.minScore !== undefined) {
      const levelScore = percent(
        atLevel.reduce((sum, c) => sum + c.points, 0),
        atLevel.reduce((sum, c) => sum + c.maxPoints, 0),
      );
      const passed = levelScore >= gate.minScore;
      results.push({
        gate: "levelScore",
        passed,
        message: `${levelLabel(level)} score ${levelScore}${passed ? " meets" : " is below"} the minimum of ${gate.minScore}.`,
      });
    }
    if (gate.minCriteriaMet !== undefined) {
      const met = atLevel.filter((c) => c.status === "met").length;
      results.push({
        gate: "levelCriteriaMet",
        passed: met >= gate.minCriteriaMet,
        message: `${levelLabel(level)}: ${met} of ${atLevel.length} ${atLevel.length === 1 ? "criterion" : "criteria"} met; ${gate.minCriteriaMet} needed.`,
      });
    }
  }
  return results;
}
