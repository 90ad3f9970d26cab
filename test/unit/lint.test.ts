import { describe, expect, it } from "vitest";
import { lintFramework } from "../../src/core/lint.js";
import { compile, sample } from "../helpers/framework.js";

const checks = (partial: Record<string, unknown>) =>
  lintFramework(compile(partial)).map((f) => [f.severity, f.check, f.message]);

describe("lintFramework", () => {
  it("finds nothing wrong with a sound framework", () => {
    expect(checks(sample)).toEqual([]);
  });

  it("tries the values conditions compare with, so rules on them are not 'never fired'", () => {
    const findings = checks({
      criteria: [
        {
          id: "c",
          label: "C",
          level: "opportunity",
          questions: [
            { id: "emp", text: "Employees?", type: "number", bands: [{ min: 100, points: 10 }] },
            { id: "story", text: "Story?", type: "text", points: 5 },
            { id: "notes", text: "Notes?", type: "text" },
            {
              id: "renewal",
              text: "Renewal?",
              type: "date",
              bands: [{ withinDays: 30, points: 5 }],
            },
          ],
        },
      ],
      rules: [
        ["exact-37", { emp: { eq: 37 } }],
        ["competitor", { story: { contains: "competitor" } }],
        ["twelve-words", { notes: { words: { gte: 12, lt: 13 } } }],
        ["on-a-day", { renewal: { eq: "2027-03-01" } }],
        ["impossible", { all: [{ emp: { lt: 5 } }, { emp: { gt: 10 } }] }],
      ].map(([id, when]) => ({ id, level: "opportunity", when, then: "nurture", reason: "x" })),
      verdict: { qualified: { minScore: 50 } },
    });
    const never = findings.filter(([, check]) => check === "never-fires").map(([, , m]) => m);
    expect(never).toHaveLength(1);
    expect(never[0]).toMatch(/rule 'impossible' never fired/);
  });

  it("finds gates no lead can pass", () => {
    expect(
      checks({ ...sample, verdict: { ...sample.verdict, qualified: { minCriteriaMet: 9 } } }),
    ).toContainEqual([
      "error",
      "impossible-gate",
      "verdict.qualified.minCriteriaMet: needs 9 criteria met, but the framework has only 5",
    ]);
    expect(
      checks({
        ...sample,
        verdict: {
          ...sample.verdict,
          qualified: { levels: { stakeholder: { minCriteriaMet: 2 } } },
        },
      }),
    ).toContainEqual([
      "error",
      "impossible-gate",
      "verdict.qualified.levels.stakeholder.minCriteriaMet: needs 2 stakeholder criteria met, but there is 1",
    ]);
  });

  it("warns about a rule that can never fire", () => {
    const rules = [
      ...sample.rules,
      {
        id: "never",
        level: "opportunity",
        when: { all: [{ budget: "none" }, { budget: "allocated" }] },
        then: "nurture",
        reason: "x",
      },
    ];
    expect(checks({ ...sample, rules })).toContainEqual([
      "warning",
      "never-fires",
      "rules[4].when: rule 'never' never fired on 4,000 generated leads; check its condition",
    ]);
  });

  it("warns when no lead qualifies", () => {
    const rules = [
      ...sample.rules,
      {
        id: "always",
        level: "organization",
        when: { score: { gte: 0 } },
        then: "disqualify",
        reason: "x",
      },
    ];
    expect(checks({ ...sample, rules }).map((c) => c[1])).toContain("never-qualifies");
  });

  it("warns about overlapping gates, shared columns and ambiguous answers", () => {
    const criteria = structuredClone(sample.criteria) as Array<{
      questions: Array<Record<string, unknown>>;
    }>;
    criteria[1]!.questions[0]!.columns = ["NumberOfEmployees"];
    (criteria[1]!.questions[0]!.options as Array<Record<string, unknown>>)[1]!.aliases = ["yes"];
    const found = checks({
      ...sample,
      criteria,
      verdict: { ...sample.verdict, disqualified: { maxScore: 70 } },
    });
    expect(found).toContainEqual([
      "warning",
      "overlapping-gates",
      "verdict.disqualified.maxScore: disqualifies at or below 70, which is not below the qualifying minimum of 60",
    ]);
    expect(found).toContainEqual([
      "warning",
      "duplicate-column",
      "criteria[1].questions[0].columns[0]: the column 'NumberOfEmployees' also feeds 'employees'; one CSV column will answer both questions",
    ]);
    expect(found).toContainEqual([
      "warning",
      "ambiguous-answer",
      "criteria[1].questions[0].options[1].aliases[0]: 'yes' also means 'allocated' in this question; an answer written that way is read as only one of them",
    ]);
  });

  it("warns about questions that change nothing, and `when` on later questions", () => {
    const criteria = structuredClone(sample.criteria) as Array<{
      questions: Array<Record<string, unknown>>;
    }>;
    criteria[2]!.questions.push({ id: "notes", text: "Anything else?", type: "text" });
    criteria[0]!.questions[0]!.when = { signs: true };
    const found = checks({ ...sample, criteria });
    expect(found).toContainEqual([
      "warning",
      "no-points",
      "criteria[2].questions[2]: 'notes' earns no points and no rule, flag or 'when' reads it, so its answer changes nothing",
    ]);
    expect(found).toContainEqual([
      "warning",
      "when-order",
      "criteria[0].questions[0].when: reads 'signs', which is asked later; the interview cannot know yet whether to ask 'employees'",
    ]);
  });
});
