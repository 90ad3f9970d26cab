import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simpleRecord } from "../../src/io/answers.js";
import { AnswersFileSchema } from "../../src/core/schema.js";

describe("answers records", () => {
  it("the quick shape check accepts only what the schema accepts, with the same data", () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const record = fc.dictionary(
      fc.constantFrom(
        "framework",
        "frameworkVersion",
        "lead",
        "savedAt",
        "answers",
        "answer",
        "extra",
      ),
      fc.oneof(
        scalar,
        fc.array(scalar),
        fc.dictionary(
          fc.string(),
          fc.oneof(scalar, fc.array(scalar), fc.dictionary(fc.string(), scalar)),
        ),
      ),
    );
    fc.assert(
      fc.property(record, (item) => {
        const quick = simpleRecord(item);
        const full = AnswersFileSchema.safeParse(item);
        if (quick !== undefined) {
          expect(full.success).toBe(true);
          expect(quick).toEqual({
            framework: full.data!.framework,
            lead: full.data!.lead,
            answers: full.data!.answers,
          });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the usual answers file without the schema", () => {
    expect(
      simpleRecord({
        framework: "bant",
        lead: 42,
        answers: { budget: "allocated", pains: ["a", "b"], x: null },
      }),
    ).toEqual({
      framework: "bant",
      lead: "42",
      answers: { budget: "allocated", pains: ["a", "b"], x: null },
    });
    expect(simpleRecord({ answers: { budget: { nested: true } } })).toBeUndefined();
    expect(simpleRecord({ answer: {} })).toBeUndefined();
  });
});
