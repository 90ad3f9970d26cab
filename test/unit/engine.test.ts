import { describe, expect, it } from "vitest";
import { compile, sample, score } from "../helpers/framework.js";
import { FrameworkError } from "../../src/core/errors.js";

const bantLike = compile(sample);
const full = {
  employees: 800,
  budget: "allocated",
  deal_size: 60000,
  pain: ["financial", "productivity"],
  pain_story: "They lose two days a month reconciling invoices by hand.",
  timeline: "quarter",
  go_live: "2026-03-01",
  signs: true,
};

describe("evaluate: verdicts", () => {
  it("qualifies a lead that passes every gate", () => {
    const result = score(bantLike, full);
    expect(result.verdict).toBe("qualified");
    expect(result.score).toBe(100);
    expect(result.points).toBe(95);
    expect(result.maxPoints).toBe(95);
    expect(result.coverage).toBe(100);
    expect(result.gaps).toEqual([]);
    expect(result.criteria.every((c) => c.status === "met")).toBe(true);
    expect(result.reasons).toContain("Score 100 meets the minimum of 60.");
    expect(result.decidedBy).toEqual({ kind: "gates" });
    expect(result.action).toBe("Go.");
  });

  it("disqualifies at the organization level first and still lists later rules", () => {
    const result = score(bantLike, { ...full, employees: 5, signs: false });
    expect(result.verdict).toBe("disqualified");
    expect(result.decidedBy).toEqual({ kind: "rule", rule: "too-small", level: "organization" });
    expect(result.reasons).toEqual(["Organization: Too small."]);
    expect(result.rules.map((r) => [r.id, r.decisive])).toEqual([
      ["too-small", true],
      ["not-signer", false],
    ]);
  });

  it("orders disqualify rules by level, not by the order they are written", () => {
    const compiled = compile({
      ...sample,
      rules: [sample.rules[2], sample.rules[0]],
    });
    const result = score(compiled, { ...full, employees: 5, signs: false });
    expect(result.decidedBy).toMatchObject({ rule: "too-small" });
  });

  it("nurtures a lead that buys next year instead of disqualifying it", () => {
    const result = score(bantLike, { ...full, timeline: "next_year" });
    expect(result.verdict).toBe("nurture");
    expect(result.reasons).toEqual(["Opportunity: Buys next year."]);
    expect(result.action).toBe("Wait.");
  });

  it("nurtures with the failed gates as reasons", () => {
    const result = score(bantLike, {
      employees: 800,
      budget: "planned",
      deal_size: 5000,
      timeline: "year",
      signs: true,
    });
    expect(result.verdict).toBe("nurture");
    // 10 (employees) + 10 (planned) + 0 (deal below every band) + 10 (this year) + 10 (signs) of 95.
    expect(result.score).toBe(42);
    expect(result.reasons).toContain("Score 42 is below the minimum of 60.");
    expect(result.reasons).toContain("Need is required and is not known yet.");
  });

  it("disqualifies by maxScore only when even the best case stays at or below it", () => {
    // Everything known and poor: best case equals the score.
    const poor = score(bantLike, {
      employees: 20,
      budget: "none",
      pain: ["support"],
      pain_story: "meh",
      timeline: "next_year",
      go_live: "2027-06-01",
      signs: true,
    });
    expect(poor.rules.map((r) => r.id)).toContain("no-budget-no-pain");
    expect(poor.verdict).toBe("disqualified");

    const compiled = compile({ ...sample, rules: [] });
    const lowKnown = score(compiled, {
      employees: 20,
      budget: "none",
      pain: [],
      timeline: "next_year",
      go_live: "2027-06-01",
      signs: false,
      pain_story: "x",
    });
    expect(lowKnown.score).toBe(5);
    expect(lowKnown.verdict).toBe("disqualified");
    expect(lowKnown.decidedBy).toEqual({ kind: "maxScore" });

    // The same lead with the pain unknown could still reach more: nurture, not disqualify.
    const open = score(compiled, {
      employees: 20,
      budget: "none",
      timeline: "next_year",
      go_live: "2027-06-01",
      signs: false,
      pain_story: "x",
    });
    expect(open.score).toBe(5);
    expect(open.verdict).toBe("nurture");
  });
});

describe("evaluate: unknown answers", () => {
  it("never disqualifies a lead with nothing known", () => {
    const result = score(bantLike, {});
    expect(result.verdict).toBe("nurture");
    expect(result.score).toBe(0);
    expect(result.coverage).toBe(0);
    expect(result.rules).toEqual([]);
    expect(result.criteria.every((c) => c.status === "unknown")).toBe(true);
  });

  it("lists gaps by the points they could add, then in asking order", () => {
    const result = score(bantLike, { employees: 800 });
    expect(result.gaps.map((g) => [g.question, g.points])).toEqual([
      ["budget", 20],
      ["pain", 20],
      ["timeline", 15],
      ["signs", 10],
      ["pain_story", 5],
      ["go_live", 5],
    ]);
    // deal_size depends on the budget answer, so it is not asked yet.
    expect(result.gaps.some((g) => g.question === "deal_size")).toBe(false);
  });

  it("hides questions whose `when` is false and counts them as covered", () => {
    const result = score(bantLike, { ...full, budget: "none", deal_size: 999999 });
    expect(result.criteria.find((c) => c.id === "budget")!.points).toBe(0);
    expect(result.coverage).toBe(100);
  });

  it("treats a rule on an unknown answer as not firing, but `known: false` tests for it", () => {
    const compiled = compile({
      ...sample,
      rules: [
        {
          id: "no-story",
          level: "opportunity",
          when: { pain_story: { known: false } },
          then: "nurture",
          reason: "Get the story.",
        },
      ],
    });
    expect(score(compiled, {}).rules.map((r) => r.id)).toEqual(["no-story"]);
    expect(score(compiled, { pain_story: "a long enough story to count here" }).rules).toEqual([]);
  });

  it("keeps criterion status unknown until the answers settle it", () => {
    const need = (answers: Record<string, unknown>) =>
      score(bantLike, answers).criteria.find((c) => c.id === "need")!.status;
    expect(need({})).toBe("unknown");
    // 10 of 25 known and 5 still open: neither half (12.5) reached nor out of reach.
    expect(need({ pain: ["financial"] })).toBe("unknown");
    expect(need({ pain: ["financial"], pain_story: "Invoices take two days." })).toBe("met");
    expect(need({ pain: ["support"], pain_story: "x" })).toBe("unmet");
    expect(need({ pain: ["financial", "support"] })).toBe("met");
  });
});

describe("evaluate: points", () => {
  it("sums multi options up to maxPoints and uses the first matching band", () => {
    const result = score(bantLike, {
      pain: ["financial", "productivity", "support"],
      budget: "allocated",
      deal_size: 20000,
    });
    expect(result.criteria.find((c) => c.id === "need")!.points).toBe(20);
    expect(result.criteria.find((c) => c.id === "budget")!.points).toBe(25);
  });

  it("counts date bands from the scoring date", () => {
    const soon = score(bantLike, { go_live: "2026-04-10" }).criteria.find(
      (c) => c.id === "timeline",
    )!;
    const late = score(bantLike, { go_live: "2026-04-20" }).criteria.find(
      (c) => c.id === "timeline",
    )!;
    expect(soon.points).toBe(5);
    expect(late.points).toBe(0);
  });

  it("counts date windows back and ahead of the scoring date", () => {
    const recency = compile({
      criteria: [
        {
          id: "engagement",
          label: "Engagement",
          level: "opportunity",
          questions: [
            {
              id: "last_activity",
              text: "Last activity?",
              type: "date",
              bands: [
                { withinDaysAgo: 30, withinDays: 30, points: 4 },
                { withinDaysAgo: 90, points: 2 },
              ],
            },
          ],
        },
      ],
    });
    const points = (date: string) => score(recency, { last_activity: date }).points;
    expect(points("2026-01-01")).toBe(4); // 14 days back
    expect(points("2026-02-14")).toBe(4); // 30 days ahead
    expect(points("2026-02-15")).toBe(2); // 31 days ahead: only the second band, open ahead
    expect(points("2025-10-17")).toBe(2); // 90 days back
    expect(points("2025-10-16")).toBe(0); // 91 days back
  });

  it("raises flags without changing the verdict", () => {
    const result = score(bantLike, { ...full, pain_story: "too short" });
    expect(result.flags).toEqual([{ id: "short", message: "Short answer." }]);
    expect(result.verdict).toBe("qualified");
  });

  it("carries the framework id, version and a stable hash", () => {
    const again = compile(sample);
    expect(score(bantLike, {}).framework).toEqual({
      id: "test",
      name: "Test",
      version: "1.0.0",
      hash: again.hash,
    });
    expect(bantLike.hash).toMatch(/^[0-9a-f]{64}$/);
    const changed = compile({
      ...sample,
      verdict: { ...sample.verdict, qualified: { minScore: 61 } },
    });
    expect(changed.hash).not.toBe(bantLike.hash);
  });
});

describe("compileFramework: semantic checks", () => {
  const expectIssue = (partial: Record<string, unknown>, message: RegExp) => {
    try {
      compile(partial);
    } catch (error) {
      expect(error).toBeInstanceOf(FrameworkError);
      const all = [
        (error as FrameworkError).message,
        ...(error as FrameworkError).issues.map((i) => i.message),
      ].join("\n");
      expect(all).toMatch(message);
      return;
    }
    throw new Error("expected a FrameworkError");
  };

  it("rejects duplicate question ids", () => {
    const criteria = [
      ...sample.criteria,
      {
        id: "more",
        label: "More",
        level: "opportunity",
        questions: [{ id: "budget", text: "Again?", type: "text" }],
      },
    ];
    expectIssue({ ...sample, criteria }, /duplicate question id 'budget'/);
  });

  it("rejects reserved words as question ids, and keys no answers file may hold", () => {
    // An answers file with `prototype:` or `constructor:` is refused, so no one could answer them.
    for (const id of ["score", "prototype", "constructor"]) {
      const criteria = [
        {
          id: "c",
          label: "C",
          level: "opportunity",
          questions: [{ id, text: "?", type: "text" }],
        },
      ];
      expectIssue({ criteria, rules: [] }, new RegExp(`'${id}' is a reserved word`));
    }
  });

  it("rejects conditions on unknown questions with a suggestion", () => {
    expectIssue(
      {
        ...sample,
        rules: [
          { id: "r", level: "opportunity", when: { budgt: "none" }, then: "nurture", reason: "x" },
        ],
      },
      /unknown question 'budgt'\. Did you mean 'budget'\?/,
    );
  });

  it("rejects option values that do not exist", () => {
    expectIssue(
      {
        ...sample,
        rules: [
          {
            id: "r",
            level: "opportunity",
            when: { budget: "maybe" },
            then: "nurture",
            reason: "x",
          },
        ],
      },
      /"maybe" is not an option value/,
    );
  });

  it("rejects operators that do not fit the question type", () => {
    expectIssue(
      {
        ...sample,
        rules: [
          {
            id: "r",
            level: "opportunity",
            when: { budget: { lt: 3 } },
            then: "nurture",
            reason: "x",
          },
        ],
      },
      /'lt' applies to number and date questions/,
    );
    expectIssue(
      { ...sample, flags: [{ id: "f", when: { employees: { words: { lt: 3 } } }, message: "x" }] },
      /'words' applies to text questions/,
    );
  });

  it("rejects `met` and `score` in `when`", () => {
    const criteria = structuredClone(sample.criteria);
    (criteria[1]!.questions[1] as Record<string, unknown>).when = { score: { gte: 10 } };
    expectIssue({ ...sample, criteria }, /'score' can be used only in rules and flags/);
  });

  it("rejects `when` cycles", () => {
    const criteria = [
      {
        id: "c",
        label: "C",
        level: "opportunity",
        questions: [
          { id: "a", text: "A?", type: "boolean", when: { b: true } },
          { id: "b", text: "B?", type: "boolean", when: { a: true } },
        ],
      },
    ];
    expectIssue({ criteria }, /'when' conditions form a cycle: a → b → a/);
  });

  it("rejects unknown required criteria", () => {
    expectIssue(
      { ...sample, verdict: { qualified: { require: ["nede"] } } },
      /unknown criterion 'nede'\. Did you mean 'need'\?/,
    );
  });
});
