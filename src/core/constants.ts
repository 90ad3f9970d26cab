/** Names the format and the engine share, kept apart from the zod schema so scoring never loads zod. */

export const LEVELS = ["organization", "opportunity", "stakeholder"] as const;
export type Level = (typeof LEVELS)[number];

export const VERDICTS = ["qualified", "nurture", "disqualified"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const QUESTION_TYPES = ["choice", "multi", "boolean", "number", "text", "date"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Keys no framework or answers file may hold: refused as prototype pollution. */
export const FORBIDDEN_KEYS = ["__proto__", "constructor", "prototype"] as const;

/**
 * Keys with a meaning of their own inside a condition, and the forbidden keys (an answers file
 * could never name such a question): no question may use them as its id.
 */
export const RESERVED_IDS = [
  "all",
  "any",
  "not",
  "met",
  "score",
  "unknown",
  ...FORBIDDEN_KEYS,
] as const;
