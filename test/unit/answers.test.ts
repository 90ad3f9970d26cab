import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simpleRecord } from "../../src/io/answers.js";
import { AnswersFileSchema } from "../../src/core/schema.js";
import { coerceAnswer } from "../../src/core/answers.js";
import { compile } from "../helpers/framework.js";

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

describe("multi-choice answers", () => {
  const compiled = compile({
    criteria: [
      {
        id: "engagement",
        label: "Engagement",
        level: "opportunity",
        questions: [
          {
            id: "channels",
            text: "How did they engage?",
            type: "multi",
            options: [
              { value: "email", label: "Opened, clicked or replied to our emails", points: 3 },
              { value: "web", label: "Visited the website, product or pricing pages", points: 2 },
              { value: "event", label: "Event", points: 1, aliases: ["Webinar"] },
            ],
          },
        ],
      },
    ],
  });
  const question = compiled.questions[0]!;

  it("reads a label that holds a separator, alone or among other items", () => {
    expect(coerceAnswer(question, "Opened, clicked or replied to our emails")).toEqual({
      ok: true,
      value: ["email"],
    });
    expect(
      coerceAnswer(
        question,
        "webinar, Visited the website, product or pricing pages;; opened, clicked or replied to our emails",
      ),
    ).toEqual({ ok: true, value: ["event", "web", "email"] });
    expect(coerceAnswer(question, "event | email ,web")).toEqual({
      ok: true,
      value: ["event", "email", "web"],
    });
  });

  it("names the first item it cannot read, past the labels it can", () => {
    const coerced = coerceAnswer(question, "Opened, clicked or replied to our emails, Opened");
    expect(coerced.ok).toBe(false);
    expect(!coerced.ok && coerced.message).toMatch(/^'Opened' is not one of the options/);
    const partial = coerceAnswer(question, "Visited the website, product");
    expect(!partial.ok && partial.message).toMatch(/^'Visited the website' is not one/);
  });
});
