import { describe, expect, it } from "vitest";
import {
  ConditionCompiler,
  F,
  T,
  U,
  type EvalState,
  type Tri,
  type Value,
} from "../../src/core/conditions.js";
import type { QuestionType } from "../../src/core/schema.js";

const questions = new Map<string, { index: number; type: QuestionType; options?: Set<string> }>([
  ["stage", { index: 0, type: "choice", options: new Set(["new", "won", "lost"]) }],
  [
    "pains",
    { index: 1, type: "multi", options: new Set(["financial", "support", "productivity"]) },
  ],
  ["employees", { index: 2, type: "number" }],
  ["story", { index: 3, type: "text" }],
  ["signed", { index: 4, type: "boolean" }],
  ["close", { index: 5, type: "date" }],
]);
const criteria = new Map([
  ["need", 0],
  ["fit", 1],
]);

function check(condition: unknown, values: Value[], extra: Partial<EvalState> = {}): Tri {
  const compiler = new ConditionCompiler({ questions, criteria, allowResultTerms: true });
  const fn = compiler.compile(condition, ["when"]);
  expect(compiler.issues).toEqual([]);
  return fn({ values, criteria: [U, U], scoreLow: 0, scoreHigh: 0, ...extra });
}

const none: Value[] = [];
const known: Value[] = [
  "won",
  ["financial", "support"],
  120,
  "They lose two days every month",
  true,
  "2026-03-01",
];

describe("three-valued conditions", () => {
  it("compares known answers", () => {
    expect(check({ stage: "won" }, known)).toBe(T);
    expect(check({ stage: { ne: "won" } }, known)).toBe(F);
    expect(check({ stage: { in: ["won", "lost"] } }, known)).toBe(T);
    expect(check({ stage: { nin: ["won"] } }, known)).toBe(F);
    expect(check({ pains: "support" }, known)).toBe(T);
    expect(check({ pains: { contains: "productivity" } }, known)).toBe(F);
    expect(check({ pains: { in: ["productivity", "financial"] } }, known)).toBe(T);
    expect(check({ employees: { gte: 100, lt: 200 } }, known)).toBe(T);
    expect(check({ employees: { gt: 120 } }, known)).toBe(F);
    expect(check({ story: { words: { lt: 8 } } }, known)).toBe(T);
    expect(check({ story: { contains: "TWO DAYS" } }, known)).toBe(T);
    expect(check({ signed: true }, known)).toBe(T);
    expect(check({ close: { lt: "2026-04-01" } }, known)).toBe(T);
    expect(check({ close: { gte: "03/02/26" } }, known)).toBe(F);
  });

  it("makes every comparison on an unknown answer unknown", () => {
    for (const condition of [
      { stage: "won" },
      { stage: { ne: "won" } },
      { employees: { lt: 10 } },
      { story: { words: { lt: 8 } } },
      { pains: { nin: ["support"] } },
    ]) {
      expect(check(condition, none)).toBe(U);
      expect(check({ not: condition }, none)).toBe(U);
    }
  });

  it("follows Kleene logic for all, any and not", () => {
    expect(check({ any: [{ stage: "won" }, { employees: { lt: 10 } }] }, ["won"])).toBe(T);
    expect(check({ any: [{ stage: "lost" }, { employees: { lt: 10 } }] }, ["won"])).toBe(U);
    expect(check({ all: [{ stage: "lost" }, { employees: { lt: 10 } }] }, ["won"])).toBe(F);
    expect(check({ all: [{ stage: "won" }, { employees: { lt: 10 } }] }, ["won"])).toBe(U);
    expect(check({ stage: "won", employees: { lt: 10 } }, ["won"])).toBe(U);
    expect(check({ not: { stage: "won" } }, ["won"])).toBe(F);
  });

  it("tests for missing answers only with `known`", () => {
    expect(check({ stage: { known: false } }, none)).toBe(T);
    expect(check({ stage: { known: true } }, none)).toBe(F);
    expect(check({ stage: { known: false } }, known)).toBe(F);
  });

  it("reads criteria and the score range", () => {
    expect(check({ met: ["need"] }, none, { criteria: [T, U] })).toBe(T);
    expect(check({ met: ["need", "fit"] }, none, { criteria: [T, U] })).toBe(U);
    expect(check({ met: "fit" }, none, { criteria: [T, F] })).toBe(F);
    expect(check({ score: { gte: 60 } }, none, { scoreLow: 60, scoreHigh: 80 })).toBe(T);
    expect(check({ score: { gte: 60 } }, none, { scoreLow: 40, scoreHigh: 80 })).toBe(U);
    expect(check({ score: { gte: 60 } }, none, { scoreLow: 10, scoreHigh: 59 })).toBe(F);
    expect(check({ score: { ne: 50 } }, none, { scoreLow: 40, scoreHigh: 60 })).toBe(U);
    expect(check({ score: 50 }, none, { scoreLow: 50, scoreHigh: 50 })).toBe(T);
  });
});

describe("condition errors", () => {
  const issuesOf = (condition: unknown, allowResultTerms = false) => {
    const compiler = new ConditionCompiler({ questions, criteria, allowResultTerms });
    compiler.compile(condition, ["rules", 0, "when"]);
    return compiler.issues;
  };

  it("points at the offending key", () => {
    expect(issuesOf({ all: [{ stage: { eqq: "won" } }] })).toEqual([
      expect.objectContaining({
        path: ["rules", 0, "when", "all", 0, "stage", "eqq"],
        message: "rules[0].when.all[0].stage.eqq: unknown operator 'eqq'. Did you mean 'eq'?",
        at: "key",
      }),
    ]);
  });

  it("rejects null, empty lists and non-maps", () => {
    expect(issuesOf({ stage: null })[0]!.hint).toMatch(/known: false/);
    expect(issuesOf({ any: [] })[0]!.message).toMatch(/non-empty list/);
    expect(issuesOf("stage")[0]!.message).toMatch(/must be a map/);
  });

  it("checks operand types", () => {
    expect(issuesOf({ employees: "many" })[0]!.message).toMatch(/compares with a number/);
    expect(issuesOf({ signed: "yes" })[0]!.message).toMatch(/true or false/);
    expect(issuesOf({ close: { lt: "soon" } })[0]!.message).toMatch(/a date such as/);
    expect(issuesOf({ met: ["nope"] }, true)[0]!.message).toMatch(/unknown criterion 'nope'/);
  });
});
