/**
 * signature.ts: answers in the same class must be scored alike. For every built-in, leads
 * are paired with twins whose numbers, dates and texts are moved within their class; the
 * twins must get the very same result. Pairs are built to stay in class, so the property is
 * exercised on every run, and a twin moved out of class shows that classes are not all one.
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadFramework } from "../src/io/frameworks.js";
import { evaluate } from "../src/core/engine.js";
import { candidateAnswers } from "../src/core/lint.js";
import type { Value } from "../src/core/conditions.js";
import type { CompiledFramework } from "../src/core/compile.js";

const ids = readdirSync(new URL("../frameworks/", import.meta.url))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""));

/** Nudges a value by `step` (numbers by units, dates by days, text by a word) keeping it valid. */
function nudge(value: Value, step: number): Value {
  if (typeof value === "number") return value + step;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(Date.parse(`${value}T00:00:00Z`) + step * 86_400_000)
      .toISOString()
      .slice(0, 10);
  }
  if (typeof value === "string") return step > 0 ? `${value} more` : value;
  return value;
}

function twin(compiled: CompiledFramework, lead: Value[], steps: number[]): Value[] {
  return lead.map((value, i) => {
    const question = compiled.questions[i]!;
    if (
      value === undefined ||
      question.type === "choice" ||
      question.type === "multi" ||
      question.type === "boolean"
    )
      return value;
    const moved = nudge(value, steps[i]!);
    // Keep the twin only where it stays in the same class (and within the valid range).
    const def = question.def;
    if (
      def.type === "number" &&
      ((def.min !== undefined && (moved as number) < def.min) ||
        (def.max !== undefined && (moved as number) > def.max))
    )
      return value;
    return question.classify(moved) === question.classify(value) ? moved : value;
  });
}

describe("answers in the same class score alike", async () => {
  for (const id of ids) {
    const { compiled } = await loadFramework(
      id,
      { cwd: "/nonexistent", env: {} },
      { today: "2026-01-15" },
    );
    it(id, () => {
      const candidates = compiled.questions.map((q) => candidateAnswers(q, compiled.today));
      const lead = fc.tuple(
        ...candidates.map((values) =>
          fc.option(fc.constantFrom(...values), { nil: undefined, freq: 4 }),
        ),
      );
      const steps = fc.array(fc.integer({ min: -400, max: 400 }), {
        minLength: compiled.questions.length,
        maxLength: compiled.questions.length,
      });
      let moved = 0;
      fc.assert(
        fc.property(lead, steps, (values, offsets) => {
          const other = twin(compiled, values, offsets);
          if (other.some((v, i) => v !== values[i])) moved++;
          const { lead: _a, ...a } = evaluate(compiled, values);
          const { lead: _b, ...b } = evaluate(compiled, other);
          expect(b).toEqual(a);
        }),
        { numRuns: 400 },
      );
      const changeable = compiled.questions.some((q) =>
        ["number", "date", "text"].includes(q.type),
      );
      if (changeable) expect(moved).toBeGreaterThan(40);
    });
  }

  it("tells apart answers on either side of a band edge", async () => {
    const { compiled } = await loadFramework(
      "lead-score",
      { cwd: "/nonexistent", env: {} },
      { today: "2026-01-15" },
    );
    const employees = compiled.questionById.get("employees")!;
    expect(employees.classify(250)).toBe(employees.classify(900));
    expect(employees.classify(199)).not.toBe(employees.classify(200));
    expect(employees.classify(undefined)).toBe("u");
    const activity = compiled.questionById.get("last_activity")!;
    expect(activity.classify("2026-01-10")).toBe(activity.classify("2026-01-01"));
    expect(activity.classify("2025-12-16")).not.toBe(activity.classify("2025-12-15"));
  });
});
