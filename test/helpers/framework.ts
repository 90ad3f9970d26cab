/** Frameworks built in memory for engine tests. */
import { FrameworkSchema, type Framework } from "../../src/core/schema.js";
import { compileFramework, type CompiledFramework } from "../../src/core/compile.js";
import { readAnswers } from "../../src/core/answers.js";
import { evaluate, type Result } from "../../src/core/engine.js";

const actions = { qualified: "Go.", nurture: "Wait.", disqualified: "Stop." };

export function framework(partial: Record<string, unknown>): Framework {
  const verdict = (partial.verdict ?? {}) as Record<string, unknown>;
  return FrameworkSchema.parse({
    id: "test",
    name: "Test",
    version: "1.0.0",
    summary: "A test framework.",
    source: "tests",
    ...partial,
    verdict: { actions, ...verdict },
  });
}

export function compile(partial: Record<string, unknown>, today = "2026-01-15"): CompiledFramework {
  return compileFramework(framework(partial), { today });
}

export function score(compiled: CompiledFramework, answers: Record<string, unknown>): Result {
  return evaluate(compiled, readAnswers(compiled, answers));
}

/** A small BANT-like framework used across engine tests. */
export const sample = {
  criteria: [
    {
      id: "fit",
      label: "Fit",
      level: "organization",
      questions: [
        {
          id: "employees",
          text: "How many employees?",
          type: "number",
          bands: [
            { min: 500, points: 10 },
            { min: 50, points: 5 },
          ],
          columns: ["NumberOfEmployees"],
        },
      ],
    },
    {
      id: "budget",
      label: "Budget",
      level: "opportunity",
      questions: [
        {
          id: "budget",
          text: "Is there money set aside?",
          type: "choice",
          options: [
            { value: "allocated", label: "Yes, allocated", points: 20, aliases: ["yes"] },
            { value: "planned", label: "Planned", points: 10 },
            { value: "none", label: "No budget", points: 0, aliases: ["no", "0"] },
          ],
        },
        {
          id: "deal_size",
          text: "How big is the deal?",
          type: "number",
          unit: "USD",
          bands: [
            { min: 50000, points: 10 },
            { min: 10000, points: 5 },
          ],
          when: { budget: { in: ["allocated", "planned"] } },
        },
      ],
    },
    {
      id: "need",
      label: "Need",
      level: "opportunity",
      questions: [
        {
          id: "pain",
          text: "What hurts?",
          type: "multi",
          options: [
            { value: "financial", label: "Financial", points: 10 },
            { value: "productivity", label: "Productivity", points: 10 },
            { value: "support", label: "Support", points: 5 },
          ],
          maxPoints: 20,
        },
        { id: "pain_story", text: "Tell me more.", type: "text", points: 5 },
      ],
    },
    {
      id: "timeline",
      label: "Timeline",
      level: "opportunity",
      questions: [
        {
          id: "timeline",
          text: "When?",
          type: "choice",
          options: [
            { value: "quarter", label: "This quarter", points: 15 },
            { value: "year", label: "This year", points: 10 },
            { value: "next_year", label: "Next year", points: 0 },
          ],
        },
        {
          id: "go_live",
          text: "Target go-live date?",
          type: "date",
          bands: [{ withinDays: 90, points: 5 }],
        },
      ],
    },
    {
      id: "authority",
      label: "Authority",
      level: "stakeholder",
      questions: [
        { id: "signs", text: "Do you sign?", type: "boolean", points: { yes: 10, no: 0 } },
      ],
    },
  ],
  rules: [
    {
      id: "too-small",
      level: "organization",
      when: { employees: { lt: 10 } },
      then: "disqualify",
      reason: "Too small.",
    },
    {
      id: "no-budget-no-pain",
      level: "opportunity",
      when: {
        budget: "none",
        pain: { known: true },
        not: { pain: { in: ["financial", "productivity"] } },
      },
      then: "disqualify",
      reason: "No budget and no pain.",
    },
    {
      id: "not-signer",
      level: "stakeholder",
      when: { signs: false },
      then: "disqualify",
      reason: "Cannot sign.",
    },
    {
      id: "next-year",
      level: "opportunity",
      when: { timeline: "next_year" },
      then: "nurture",
      reason: "Buys next year.",
    },
  ],
  flags: [{ id: "short", when: { pain_story: { words: { lt: 4 } } }, message: "Short answer." }],
  verdict: {
    qualified: { minScore: 60, minCriteriaMet: 3, require: ["need"] },
    disqualified: { maxScore: 10 },
  },
};
