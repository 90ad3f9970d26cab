import { describe, expect, it } from "vitest";
import { generatedPoints } from "../../src/core/assess-code.js";
import type { Question } from "../../src/core/schema.js";
import { compile, score } from "../helpers/framework.js";
import { Assessment } from "../../src/core/engine.js";
import { readAnswers } from "../../src/core/answers.js";
import { plainAssess, plainOutcomeKey } from "../../src/core/assess-plain.js";
import { T, U } from "../../src/core/conditions.js";

const choice = (values: string[]): Question =>
  ({
    id: "q",
    text: "Which?",
    type: "choice",
    options: values.map((value, i) => ({ value, label: `Option ${i}`, points: i + 1 })),
  }) as Question;

describe("generated points", () => {
  it("matches option values with quotes, backslashes and line separators as data", () => {
    const odd = ['say "hi"', "back\\slash", "line\u2028sep", "`${process.exit(1)}`"];
    const points = generatedPoints(choice(odd), "2026-01-15")!;
    odd.forEach((value, i) => expect(points(value)).toBe(i + 1));
    expect(points("say hi")).toBe(0);
  });

  it("reads bands with infinite bounds, min inclusive and max exclusive", () => {
    const question = {
      id: "n",
      text: "How many?",
      type: "number",
      bands: [
        { min: Infinity, points: 9 },
        { min: 100, max: 200, points: 5 },
        { max: -Infinity, points: 7 },
        { points: 1 },
      ],
    } as Question;
    const points = generatedPoints(question, "2026-01-15")!;
    expect(points(Infinity)).toBe(9);
    expect(points(100)).toBe(5);
    expect(points(199.99)).toBe(5);
    expect(points(200)).toBe(1);
    expect(points(-Infinity)).toBe(1);
  });

  it("counts date bands from the scoring date", () => {
    const question = {
      id: "d",
      text: "When?",
      type: "date",
      bands: [
        { withinDays: 30, withinDaysAgo: 0, points: 10 },
        { withinDaysAgo: 90, points: 3 },
      ],
    } as Question;
    const points = generatedPoints(question, "2026-01-15")!;
    expect(points("2026-02-14")).toBe(10);
    expect(points("2026-02-15")).toBe(3);
    expect(points("2025-10-17")).toBe(3);
    expect(points("2025-10-16")).toBe(0);
  });

  it("compiles questions with thousands of options and bands", () => {
    const many = Array.from({ length: 5000 }, (_, i) => i);
    const options = generatedPoints(choice(many.map((i) => `o${i}`)), "2026-01-15")!;
    expect(options("o4999")).toBe(5000);
    const bands = generatedPoints(
      {
        id: "n",
        text: "How many?",
        type: "number",
        bands: many.map((i) => ({ min: i, max: i + 1, points: i % 7 })),
      } as Question,
      "2026-01-15",
    )!;
    expect(bands(4998.5)).toBe(4998 % 7);
    expect(bands(5000)).toBe(0);
  });

  it("refuses a number that is not one rather than writing it into code", () => {
    const question = {
      id: "n",
      text: "How many?",
      type: "number",
      bands: [{ min: "0) || process.exit(3) || (0", points: 1 }],
    } as unknown as Question;
    expect(() => generatedPoints(question, "2026-01-15")).toThrow(TypeError);
  });
});

describe("generated assessment", () => {
  it("counts a question that does not apply as covered, earning nothing", () => {
    const compiled = compile({
      criteria: [
        {
          id: "fit",
          label: "Fit",
          level: "organization",
          questions: [
            { id: "buys", text: "Do they buy?", type: "boolean", points: { yes: 10 } },
            {
              id: "size",
              text: "How big?",
              type: "number",
              when: { buys: true },
              bands: [{ min: 10, points: 10 }],
            },
          ],
        },
      ],
      verdict: { qualified: { minScore: 50 } },
    });
    const notApplicable = score(compiled, { buys: false, size: 50 });
    expect(notApplicable.points).toBe(0);
    expect(notApplicable.coverage).toBe(100);
    const applies = score(compiled, { buys: true, size: 50 });
    expect(applies.points).toBe(20);
    expect(applies.verdict).toBe("qualified");
  });
});

describe("generated assessment: edges", () => {
  it("leaves a criterion that can earn no points unknown, neither met nor unmet", () => {
    const compiled = compile({
      criteria: [
        {
          id: "fit",
          label: "Fit",
          level: "organization",
          questions: [{ id: "buys", text: "Do they buy?", type: "boolean", points: { yes: 10 } }],
        },
        {
          id: "penalty",
          label: "Penalty",
          level: "opportunity",
          questions: [
            {
              id: "unsubscribed",
              text: "Unsubscribed?",
              type: "boolean",
              points: { yes: -10, no: 0 },
            },
          ],
        },
      ],
      verdict: { qualified: { minScore: 50, minCriteriaMet: 2 } },
    });
    const plain = plainAssess(compiled);
    for (const unsubscribed of [false, true, undefined]) {
      const result = score(compiled, { buys: true, unsubscribed });
      expect(result.criteria.find((c) => c.id === "penalty")?.status).toBe("unknown");
      expect(result.criteriaMet).toBe(1);
      expect(result.verdict).not.toBe("qualified");
      const assessed = plain(
        readAnswers(compiled, { buys: true, unsubscribed }),
        new Assessment(compiled),
      );
      expect([...assessed.statuses]).toEqual([T, U]);
      expect(assessed.criteriaMet).toBe(1);
    }
  });

  it("keeps apart outcomes that differ only in which question is open, past 31 questions", () => {
    // 40 questions worth no points: only their open bits tell the outcomes apart, and the
    // bits fill one key number of 31 and spill into the next.
    const questions = Array.from({ length: 40 }, (_, i) => ({
      id: `q${i}`,
      text: `Question ${i}?`,
      type: "boolean",
      points: { yes: 0, no: 0 },
    }));
    const compiled = compile({
      criteria: [{ id: "all", label: "All", level: "opportunity", questions }],
      verdict: { qualified: { minScore: 90 } },
    });
    const opens = [undefined, 0, 30, 31, 32, 39];
    const plainKey = plainOutcomeKey({ ...compiled, levelGates: false });
    const keys = opens.map((open) => {
      const answers = Object.fromEntries(
        questions.filter((_, i) => i !== open).map((q) => [q.id, true]),
      );
      const result = score(compiled, answers);
      expect(result.gaps.map((g) => g.question)).toEqual(open === undefined ? [] : [`q${open}`]);
      const assessment = new Assessment(compiled);
      compiled.assess(readAnswers(compiled, answers), assessment);
      const key = new Int32Array(64);
      const generated = [...key.subarray(0, compiled.outcomeKey(assessment, key))].join();
      expect([...key.subarray(0, plainKey(assessment, key))].join()).toBe(generated);
      return generated;
    });
    expect(new Set(keys).size).toBe(opens.length);
  });
});
