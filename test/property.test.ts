/**
 * Engine invariants over generated leads, for every built-in framework: the score stays in
 * 0–100, the same answers give the same result, and an unknown answer never disqualifies —
 * forgetting answers can never turn a lead into a disqualified one. Batch's shortcuts hold:
 * an assessment reused across leads explains as a fresh one does, and leads with equal
 * outcome keys get the same verdict, score, reasons and gaps.
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadFramework } from "../src/io/frameworks.js";
import {
  Assessment,
  assess,
  evaluate,
  explain,
  outcomeKey,
  outcomeKeyLength,
} from "../src/core/engine.js";
import { F, T, U, type Tri, type Value } from "../src/core/conditions.js";
import { daysBetween } from "../src/core/coerce.js";
import type { CompiledFramework, CompiledQuestion } from "../src/core/compile.js";
import { compile, sample } from "./helpers/framework.js";

const ids = readdirSync(new URL("../frameworks/", import.meta.url))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""));

/** Any valid answer for a question, or unknown. */
function answer(question: CompiledQuestion): fc.Arbitrary<Value> {
  const def = question.def;
  let known: fc.Arbitrary<Value>;
  switch (def.type) {
    case "choice":
      known = fc.constantFrom(...def.options.map((o) => o.value));
      break;
    case "multi":
      known = fc.subarray(def.options.map((o) => o.value));
      break;
    case "boolean":
      known = fc.boolean();
      break;
    case "number": {
      const edges = def.bands
        .flatMap((b) => [b.min, b.max])
        .filter((n): n is number => n !== undefined);
      known = fc.oneof(
        fc.constantFrom(0, ...edges, ...edges.map((e) => e - 1)),
        fc.integer({ min: def.min ?? 0, max: def.max ?? 10_000_000 }),
      );
      break;
    }
    case "date":
      known = fc
        .integer({ min: -400, max: 900 })
        .map((days) =>
          new Date(Date.UTC(2026, 0, 15) + days * 86_400_000).toISOString().slice(0, 10),
        );
      break;
    case "text":
      known = fc
        .array(fc.constantFrom("we", "lose", "two", "days", "every", "month"), {
          minLength: 1,
          maxLength: 20,
        })
        .map((w) => w.join(" "));
      break;
  }
  return fc.option(known, { nil: undefined, freq: 3 });
}

/** Points of a known answer, read straight from the framework document. */
function referencePoints(question: CompiledQuestion, value: NonNullable<Value>, today: string) {
  const def = question.def;
  switch (def.type) {
    case "choice":
      return def.options.find((o) => o.value === value)?.points ?? 0;
    case "multi": {
      const sum = def.options
        .filter((o) => (value as string[]).includes(o.value))
        .reduce((total, o) => total + o.points, 0);
      return Math.min(sum, def.maxPoints ?? Infinity);
    }
    case "boolean":
      return value === true ? def.points.yes : def.points.no;
    case "number": {
      const n = value as number;
      const band = def.bands.find(
        (b) => (b.min === undefined || n >= b.min) && (b.max === undefined || n < b.max),
      );
      return band?.points ?? 0;
    }
    case "date": {
      const days = daysBetween(today, value as string);
      const band = def.bands.find(
        (b) =>
          (b.withinDays === undefined || days <= b.withinDays) &&
          (b.withinDaysAgo === undefined || days >= -b.withinDaysAgo),
      );
      return band?.points ?? 0;
    }
    case "text":
      return def.points;
  }
}

const percentOf = (part: number, whole: number) =>
  whole <= 0 ? 0 : Math.min(100, Math.max(0, Math.round((100 * part) / whole)));

/** The assessment as PRODUCT.md states it, question by question, to check the generated one. */
function referenceAssess(compiled: CompiledFramework, input: readonly Value[]) {
  const values = [...input];
  const applicable: Tri[] = compiled.questions.map(() => T);
  const statuses: Tri[] = compiled.criteria.map(() => U);
  const state = { values, criteria: statuses, scoreLow: 0, scoreHigh: 0 };
  for (const index of compiled.whenOrder) {
    const when = compiled.questions[index]!.when;
    applicable[index] = when === undefined ? T : when(state);
    if (applicable[index] !== T) values[index] = undefined;
  }
  let points = 0;
  let low = 0;
  let high = 0;
  let covered = 0;
  const earned = compiled.criteria.map((criterion, c) => {
    let sure = 0;
    let possible = 0;
    let got = 0;
    for (const index of criterion.questions) {
      const question = compiled.questions[index]!;
      const value = values[index];
      if (applicable[index] === F) covered += question.maxPoints;
      else if (value === undefined) {
        sure += question.minPoints;
        possible += question.maxPoints;
      } else {
        const p = referencePoints(question, value, compiled.today);
        got += p;
        sure += p;
        possible += p;
        covered += question.maxPoints;
      }
    }
    points += got;
    low += sure;
    high += possible;
    statuses[c] = criterion.met
      ? criterion.met(state)
      : criterion.maxPoints <= 0
        ? U
        : sure * 2 >= criterion.maxPoints
          ? T
          : possible * 2 < criterion.maxPoints
            ? F
            : U;
    return got;
  });
  state.scoreLow = percentOf(low, compiled.maxPoints);
  state.scoreHigh = percentOf(high, compiled.maxPoints);
  const fired = (rules: CompiledFramework["nurtureRules"]) =>
    rules.map((rule) => (rule.test(state) === T ? 1 : 0));
  return {
    values,
    applicable,
    earned,
    statuses,
    points,
    covered,
    score: percentOf(points, compiled.maxPoints),
    scoreLow: state.scoreLow,
    scoreHigh: state.scoreHigh,
    disqualifyFired: fired(compiled.disqualifyRules),
    nurtureFired: fired(compiled.nurtureRules),
  };
}

function leads(compiled: CompiledFramework): fc.Arbitrary<Value[]> {
  return fc.tuple(...compiled.questions.map(answer));
}

async function frameworks(): Promise<Array<[string, CompiledFramework]>> {
  const loaded = await Promise.all(
    ids.map(
      async (id) =>
        [
          id,
          (await loadFramework(id, { cwd: "/nonexistent", env: {} }, { today: "2026-01-15" }))
            .compiled,
        ] as [string, CompiledFramework],
    ),
  );
  return [...loaded, ["sample", compile(sample)]];
}

describe("engine invariants", async () => {
  for (const [id, compiled] of await frameworks()) {
    describe(id, () => {
      it("keeps score and coverage within 0–100 and points within the maximum", () => {
        fc.assert(
          fc.property(leads(compiled), (values) => {
            const result = evaluate(compiled, values);
            expect(result.score).toBeGreaterThanOrEqual(0);
            expect(result.score).toBeLessThanOrEqual(100);
            expect(result.coverage).toBeGreaterThanOrEqual(0);
            expect(result.coverage).toBeLessThanOrEqual(100);
            expect(result.points).toBeLessThanOrEqual(result.maxPoints);
            expect(["qualified", "nurture", "disqualified"]).toContain(result.verdict);
            expect(result.action.length).toBeGreaterThan(0);
            expect(result.reasons.length).toBeGreaterThan(0);
          }),
          { numRuns: 300 },
        );
      });

      it("gives the same result for the same answers", () => {
        fc.assert(
          fc.property(leads(compiled), (values) => {
            expect(evaluate(compiled, [...values])).toEqual(evaluate(compiled, [...values]));
          }),
          { numRuns: 100 },
        );
      });

      it("assesses as the plain reading of the semantics does", () => {
        const reused = new Assessment(compiled);
        fc.assert(
          fc.property(leads(compiled), (values) => {
            const got = assess(compiled, values, reused);
            const { scoreLow, scoreHigh, ...rest } = referenceAssess(compiled, values);
            expect({
              values: got.values,
              applicable: got.applicable,
              earned: got.earned,
              statuses: got.statuses,
              points: got.points,
              covered: got.covered,
              score: got.score,
              scoreLow: got.state.scoreLow,
              scoreHigh: got.state.scoreHigh,
              disqualifyFired: [...got.disqualifyFired],
              nurtureFired: [...got.nurtureFired],
            }).toEqual({ scoreLow, scoreHigh, ...rest });
          }),
          { numRuns: 300 },
        );
      });

      it("explains a reused assessment as a fresh evaluation", () => {
        const reused = new Assessment(compiled);
        fc.assert(
          fc.property(fc.array(leads(compiled), { minLength: 1, maxLength: 5 }), (batch) => {
            for (const values of batch)
              expect(explain(compiled, assess(compiled, values, reused))).toEqual(
                evaluate(compiled, values),
              );
          }),
          { numRuns: 100 },
        );
      });

      it("gives leads with equal outcome keys the same verdict, score, reasons and gaps", () => {
        const length = outcomeKeyLength(compiled);
        const keyOf = (values: Value[]) => {
          const key = new Int32Array(length);
          const used = outcomeKey(
            compiled,
            assess(compiled, values, new Assessment(compiled)),
            key,
          );
          return [...key.subarray(0, used)].join(",");
        };
        const outcome = (values: Value[]) => {
          const { verdict, score, reasons, gaps } = evaluate(compiled, values);
          return { verdict, score, reasons, gaps };
        };
        const seen = new Map<string, ReturnType<typeof outcome>>();
        fc.assert(
          fc.property(leads(compiled), (values) => {
            const key = keyOf(values);
            const known = seen.get(key);
            if (known === undefined) seen.set(key, outcome(values));
            else expect(outcome(values)).toEqual(known);
          }),
          { numRuns: 1000 },
        );
      });

      it("never disqualifies a lead whose answers are all unknown", () => {
        const result = evaluate(compiled, []);
        expect(result.verdict).not.toBe("disqualified");
        expect(result.rules.filter((r) => r.then === "disqualify")).toEqual([]);
      });

      it("never disqualifies because an answer became unknown", () => {
        fc.assert(
          fc.property(
            leads(compiled),
            fc.array(fc.boolean(), {
              minLength: compiled.questions.length,
              maxLength: compiled.questions.length,
            }),
            (values, forget) => {
              const fewer = values.map((v, i) => (forget[i] ? undefined : v));
              const before = evaluate(compiled, values);
              const after = evaluate(compiled, fewer);
              if (after.verdict === "disqualified") expect(before.verdict).toBe("disqualified");
              // Every disqualify rule that fires on less information fires on more. (A nurture
              // rule may test `known: false` on purpose: "nurture until we know".)
              const firedBefore = new Set(before.rules.map((r) => r.id));
              for (const rule of after.rules.filter((r) => r.then === "disqualify")) {
                expect(firedBefore.has(rule.id)).toBe(true);
              }
            },
          ),
          { numRuns: 500 },
        );
      });
    });
  }
});
