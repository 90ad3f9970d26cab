/**
 * The assessment read straight from the framework, question by question. It runs where code
 * cannot be generated from strings (`node --disallow-code-generation-from-strings`, a
 * locked-down runtime), and it is the plain reading the generated code (assess-code.ts) is
 * tested against: both must fill an Assessment alike for every lead.
 */
import type { Question } from "./schema.js";
import { daysFrom } from "./coerce.js";
import { F, T, U, type Value } from "./conditions.js";
import {
  percent,
  type AssessFunction,
  type AssessPlan,
  type OutcomeKeyFunction,
} from "./assess-code.js";

export type PointsFunction = (value: NonNullable<Value>) => number;

/** The points a known answer earns: the option, the band, or the text's points. */
export function plainPoints(question: Question, today: string): PointsFunction {
  switch (question.type) {
    case "choice": {
      const byValue = new Map(question.options.map((o) => [o.value, o.points]));
      return (value) => byValue.get(value as string) ?? 0;
    }
    case "multi": {
      const byValue = new Map(question.options.map((o) => [o.value, o.points]));
      const cap = question.maxPoints ?? Infinity;
      return (value) => {
        let sum = 0;
        for (const item of value as readonly string[]) sum += byValue.get(item) ?? 0;
        return Math.min(sum, cap);
      };
    }
    case "boolean": {
      const { yes, no } = question.points;
      return (value) => (value === true ? yes : no);
    }
    case "number": {
      const bands = question.bands;
      return (value) => {
        const n = value as number;
        const band = bands.find(
          (b) => (b.min === undefined || n >= b.min) && (b.max === undefined || n < b.max),
        );
        return band?.points ?? 0;
      };
    }
    case "date": {
      const bands = question.bands;
      const daysSince = daysFrom(today);
      return (value) => {
        const days = daysSince(value as string);
        const band = bands.find(
          (b) =>
            (b.withinDays === undefined || days <= b.withinDays) &&
            (b.withinDaysAgo === undefined || days >= -b.withinDaysAgo),
        );
        return band?.points ?? 0;
      };
    }
    case "text": {
      const points = question.points;
      return () => points;
    }
  }
}

/** engine.ts `assess` as a loop over the framework's questions, criteria and rules. */
export function plainAssess(plan: AssessPlan): AssessFunction {
  const points = plan.questions.map((q) => plainPoints(q.def, plan.today));
  return (input, into) => {
    const { values, applicable, earned, statuses, state } = into;
    for (const index of plan.whenOrder) {
      const when = plan.questions[index]!.when;
      const applies = when === undefined ? T : when(state);
      applicable[index] = applies;
      values[index] = applies === T ? input[index] : undefined;
    }
    let total = 0;
    let low = 0;
    let high = 0;
    let covered = 0;
    let criteriaMet = 0;
    plan.criteria.forEach((criterion, c) => {
      let got = 0;
      let sure = 0;
      let possible = 0;
      for (const index of criterion.questions) {
        const question = plan.questions[index]!;
        const value = values[index];
        // A question that does not apply counts as covered and earns nothing.
        if (applicable[index] === F) covered += question.maxPoints;
        else if (value === undefined) {
          sure += question.minPoints;
          possible += question.maxPoints;
        } else {
          const p = points[index]!(value);
          got += p;
          sure += p;
          possible += p;
          covered += question.maxPoints;
        }
      }
      total += got;
      low += sure;
      high += possible;
      const status = criterion.met
        ? criterion.met(state)
        : criterion.maxPoints <= 0
          ? U
          : sure * 2 >= criterion.maxPoints
            ? T
            : possible * 2 < criterion.maxPoints
              ? F
              : U;
      statuses[c] = status;
      earned[c] = got;
      if (status === T) criteriaMet++;
    });
    into.points = total;
    into.covered = covered;
    into.criteriaMet = criteriaMet;
    into.score = percent(total, plan.maxPoints);
    state.scoreLow = percent(low, plan.maxPoints);
    state.scoreHigh = percent(high, plan.maxPoints);
    plan.disqualifyRules.forEach(
      (rule, i) => (into.disqualifyFired[i] = rule.test(state) === T ? 1 : 0),
    );
    plan.nurtureRules.forEach((rule, i) => (into.nurtureFired[i] = rule.test(state) === T ? 1 : 0));
    return into;
  };
}

/** engine.ts `outcomeKey` as a loop: the numbers, then the bits 31 to a number. */
export function plainOutcomeKey(plan: AssessPlan & { levelGates: boolean }): OutcomeKeyFunction {
  return (a, key) => {
    let k = 0;
    key[k++] = a.score;
    key[k++] = a.state.scoreHigh;
    for (let c = 0; c < plan.criteria.length; c++) key[k++] = a.statuses[c]!;
    if (plan.levelGates) for (let c = 0; c < plan.criteria.length; c++) key[k++] = a.earned[c]!;
    const bits = [
      ...a.disqualifyFired,
      ...a.nurtureFired,
      ...plan.questions.map((_, i) => (a.applicable[i] === T && a.values[i] === undefined ? 1 : 0)),
    ];
    for (let from = 0; from === 0 || from < bits.length; from += 31) {
      let word = 0;
      for (let b = 0; b < 31 && from + b < bits.length; b++) word |= bits[from + b]! << b;
      key[k++] = word;
    }
    return k;
  };
}
