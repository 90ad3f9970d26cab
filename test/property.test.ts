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
import type { Value } from "../src/core/conditions.js";
import { plainAssess, plainOutcomeKey } from "../src/core/assess-plain.js";
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

      it("assesses, and keys outcomes, as the plain reading of the semantics does", () => {
        const levelGates = compiled.framework.verdict.qualified.levels !== undefined;
        const plain = plainAssess(compiled);
        const plainKey = plainOutcomeKey({ ...compiled, levelGates });
        const reused = new Assessment(compiled);
        const fresh = new Assessment(compiled);
        const key = new Int32Array(outcomeKeyLength(compiled));
        const expectedKey = new Int32Array(outcomeKeyLength(compiled));
        const numbers = (a: Assessment) => ({
          values: a.values,
          applicable: a.applicable,
          earned: a.earned,
          statuses: a.statuses,
          points: a.points,
          covered: a.covered,
          criteriaMet: a.criteriaMet,
          score: a.score,
          scoreLow: a.state.scoreLow,
          scoreHigh: a.state.scoreHigh,
          disqualifyFired: [...a.disqualifyFired],
          nurtureFired: [...a.nurtureFired],
        });
        fc.assert(
          fc.property(leads(compiled), (values) => {
            const got = assess(compiled, values, reused);
            const expected = plain(values, fresh);
            expect(numbers(got)).toEqual(numbers(expected));
            const length = outcomeKey(compiled, got, key);
            expect(length).toBe(plainKey(expected, expectedKey));
            expect([...key.subarray(0, length)]).toEqual([...expectedKey.subarray(0, length)]);
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
