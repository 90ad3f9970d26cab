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

function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const value = Math.round((100 * part) / whole);
  return value < 0 ? 0 : value > 100 ? 100 : value;
}

const levelLabel = (level: Level): string => level[0]!.toUpperCase() + level.slice(1);

/**
 * Scores one lead. `input` holds a normalised answer per question index (see answers.ts);
 * undefined is unknown.
 */
export function evaluate(
  compiled: CompiledFramework,
  input: readonly Value[],
  options: EvaluateOptions = {},
): Result {
  const { questions, criteria, framework } = compiled;
  const values: Value[] = new Array<Value>(questions.length);
  const applicable: Tri[] = new Array<Tri>(questions.length);
  const state: EvalState = { values, criteria: [], scoreLow: 0, scoreHigh: 0 };

  // Which questions apply, in an order where each `when` reads only settled answers.
  for (const index of compiled.whenOrder) {
    const question = questions[index]!;
    const applies = question.when === undefined ? T : question.when(state);
    applicable[index] = applies;
    values[index] = applies === T ? input[index] : undefined;
  }

  let points = 0;
  let low = 0;
  let high = 0;
  let covered = 0;
  const criterionResults: CriterionResult[] = [];
  const statuses: Tri[] = [];
  let criteriaMet = 0;
  for (const criterion of criteria) {
    let earned = 0;
    let cLow = 0;
    let cHigh = 0;
    for (const index of criterion.questions) {
      const question = questions[index]!;
      if (applicable[index] === F) {
        covered += question.maxPoints;
        continue;
      }
      const value = values[index];
      if (value !== undefined) {
        const p = question.points(value);
        earned += p;
        cLow += p;
        cHigh += p;
        covered += question.maxPoints;
      } else {
        cLow += question.minPoints;
        cHigh += question.maxPoints;
      }
    }
    points += earned;
    low += cLow;
    high += cHigh;
    let status: Tri;
    if (criterion.met !== undefined) status = criterion.met(state);
    else if (criterion.maxPoints <= 0) status = U;
    else if (cLow * 2 >= criterion.maxPoints) status = T;
    else if (cHigh * 2 < criterion.maxPoints) status = F;
    else status = U;
    statuses.push(status);
    if (status === T) criteriaMet++;
    criterionResults.push({
      id: criterion.id,
      label: criterion.label,
      level: criterion.level,
      points: earned,
      maxPoints: criterion.maxPoints,
      status: STATUS[status],
    });
  }

  const maxPoints = compiled.maxPoints;
  const score = percent(points, maxPoints);
  state.criteria = statuses;
  state.scoreLow = percent(low, maxPoints);
  state.scoreHigh = percent(high, maxPoints);

  const rules: FiredRule[] = [];
  let decisive: CompiledRule | undefined;
  for (const rule of compiled.disqualifyRules) {
    if (rule.test(state) !== T) continue;
    decisive ??= rule;
    rules.push(firedRule(rule, rule === decisive));
  }
  let nurtureFired = false;
  for (const rule of compiled.nurtureRules) {
    if (rule.test(state) !== T) continue;
    rules.push(firedRule(rule, decisive === undefined));
    nurtureFired = true;
  }

  const flags: FiredFlag[] = [];
  for (const { flag, test } of compiled.flags) {
    if (test(state) === T) flags.push({ id: flag.id, message: flag.message });
  }

  const gates = checkGates(compiled, criterionResults, score, criteriaMet);
  const maxScore = framework.verdict.disqualified.maxScore;

  let verdict: Verdict;
  let decidedBy: DecidedBy;
  let reasons: string[];
  if (decisive !== undefined) {
    verdict = "disqualified";
    decidedBy = { kind: "rule", rule: decisive.rule.id, level: decisive.rule.level };
    reasons = [`${levelLabel(decisive.rule.level)}: ${decisive.rule.reason}`];
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
    gaps: gapsOf(compiled, values, applicable),
    action: framework.verdict.actions[verdict],
  };
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
