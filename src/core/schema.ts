/**
 * The framework and answers file formats. These zod schemas are the source of truth
 * for what a framework YAML may contain; `frameworks schema` prints them as JSON Schema.
 * Conditions are validated structurally here and semantically (against the questions they
 * name) in `validate.ts`, where question ids and types are known.
 */
import { z } from "zod";

import { LEVELS } from "./constants.js";

export { LEVELS, VERDICTS, QUESTION_TYPES, RESERVED_IDS } from "./constants.js";
export type { Level, Verdict, QuestionType } from "./constants.js";

const idPattern = /^[a-z0-9][a-z0-9_-]*$/;
const Id = z
  .string()
  .regex(
    idPattern,
    "must be lowercase letters, digits, '-' or '_', starting with a letter or digit",
  )
  .max(64);
const FrameworkId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and '-'")
  .max(64);
const Text = z.string().trim().min(1, "must not be empty");
const Points = z.number().int("points must be whole numbers").min(-1000).max(1000);
const Semver = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, "must be a semantic version such as 1.0.0");

/** A condition is a map; its structure is checked against the questions in validate.ts. */
export const Condition = z.record(z.string(), z.unknown());
export type Condition = z.infer<typeof Condition>;

export const OptionSchema = z.strictObject({
  value: Id.describe("The stored value: what answers files, conditions and --map refer to."),
  label: Text.describe("What the rep sees."),
  points: Points.default(0),
  aliases: z
    .array(z.union([z.string(), z.number(), z.boolean()]).transform(String))
    .optional()
    .describe("Other spellings accepted in answers and CSV cells (case-insensitive)."),
  help: z.string().optional(),
});
export type Option = z.infer<typeof OptionSchema>;

export const BandSchema = z.strictObject({
  min: z.number().optional().describe("Inclusive lower bound."),
  max: z.number().optional().describe("Exclusive upper bound."),
  points: Points,
  label: z.string().optional(),
});
export type Band = z.infer<typeof BandSchema>;

export const DateBandSchema = z
  .strictObject({
    withinDays: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Matches a date at most this many days after the scoring date."),
    withinDaysAgo: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Matches a date at most this many days before the scoring date."),
    points: Points,
    label: z.string().optional(),
  })
  .refine((band) => band.withinDays !== undefined || band.withinDaysAgo !== undefined, {
    message: "a date band needs withinDays (ahead), withinDaysAgo (back), or both",
  })
  .describe(
    "A date window around the scoring date. With only withinDays, any earlier date matches too; with only withinDaysAgo, any later date.",
  );
export type DateBand = z.infer<typeof DateBandSchema>;

const questionBase = {
  id: Id,
  text: Text.describe("The question as a rep would ask it."),
  help: z.string().optional().describe("What to listen for; shown with the question."),
  when: Condition.optional().describe("Ask only when this condition holds."),
  columns: z
    .array(z.string().min(1))
    .optional()
    .describe("CSV header names that feed this question in batch."),
};

export const ChoiceQuestion = z.strictObject({
  ...questionBase,
  type: z.literal("choice"),
  options: z.array(OptionSchema).min(2, "a choice question needs at least 2 options"),
});
export const MultiQuestion = z.strictObject({
  ...questionBase,
  type: z.literal("multi"),
  options: z.array(OptionSchema).min(2, "a multi question needs at least 2 options"),
  maxPoints: Points.optional().describe("Cap on the summed points of the selected options."),
});
export const BooleanQuestion = z.strictObject({
  ...questionBase,
  type: z.literal("boolean"),
  points: z
    .strictObject({ yes: Points.default(0), no: Points.default(0) })
    .default({ yes: 0, no: 0 }),
});
export const NumberQuestion = z.strictObject({
  ...questionBase,
  type: z.literal("number"),
  unit: z.string().optional(),
  min: z.number().optional().describe("Smallest valid answer."),
  max: z.number().optional().describe("Largest valid answer."),
  bands: z.array(BandSchema).default([]).describe("The first band that matches gives the points."),
});
export const TextQuestion = z.strictObject({
  ...questionBase,
  type: z.literal("text"),
  points: Points.default(0).describe("Earned when the question is answered."),
});
export const DateQuestion = z.strictObject({
  ...questionBase,
  type: z.literal("date"),
  bands: z.array(DateBandSchema).default([]),
});

export const QuestionSchema = z.discriminatedUnion("type", [
  ChoiceQuestion,
  MultiQuestion,
  BooleanQuestion,
  NumberQuestion,
  TextQuestion,
  DateQuestion,
]);
export type Question = z.infer<typeof QuestionSchema>;

export const CriterionSchema = z.strictObject({
  id: Id,
  label: Text,
  level: z.enum(LEVELS),
  help: z.string().optional(),
  met: Condition.optional().describe(
    "When the criterion counts as met. Default: at least half of its points.",
  ),
  questions: z.array(QuestionSchema).min(1, "a criterion needs at least one question"),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const RuleSchema = z.strictObject({
  id: Id,
  level: z.enum(LEVELS),
  when: Condition,
  then: z.enum(["disqualify", "nurture"]),
  reason: Text,
});
export type Rule = z.infer<typeof RuleSchema>;

export const FlagSchema = z.strictObject({
  id: Id,
  when: Condition,
  message: Text,
});
export type Flag = z.infer<typeof FlagSchema>;

const LevelGate = z.strictObject({
  minScore: z.number().min(0).max(100).optional(),
  minCriteriaMet: z.number().int().min(0).optional(),
});

export const VerdictSchema = z.strictObject({
  qualified: z
    .strictObject({
      minScore: z.number().min(0).max(100).optional().describe("Percent of the maximum points."),
      minCriteriaMet: z.number().int().min(0).optional(),
      require: z.array(Id).optional().describe("Criteria that must be met."),
      levels: z.partialRecord(z.enum(LEVELS), LevelGate).optional(),
    })
    .default({}),
  disqualified: z
    .strictObject({
      maxScore: z
        .number()
        .min(0)
        .max(100)
        .optional()
        .describe(
          "Disqualify when even the best case for the unanswered questions stays at or below this.",
        ),
    })
    .default({}),
  actions: z.strictObject({
    qualified: Text,
    nurture: Text,
    disqualified: Text,
  }),
});

export const FrameworkSchema = z.strictObject({
  $schema: z.string().optional(),
  id: FrameworkId,
  name: Text,
  version: Semver,
  summary: Text,
  source: Text.describe("Where the framework comes from."),
  description: z.string().optional(),
  extends: z.union([FrameworkId, z.null()]).optional(),
  criteria: z.array(CriterionSchema).min(1, "a framework needs at least one criterion"),
  rules: z.array(RuleSchema).default([]),
  flags: z.array(FlagSchema).default([]),
  verdict: VerdictSchema,
});
export type Framework = z.infer<typeof FrameworkSchema>;

/** One answer as written in an answers file, before normalisation. */
export const RawAnswer = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);

export const AnswersFileSchema = z.strictObject({
  framework: z.string().optional(),
  frameworkVersion: z.string().optional(),
  lead: z.union([z.string(), z.number()]).transform(String).optional(),
  savedAt: z.string().optional(),
  answers: z.record(z.string(), RawAnswer).default({}),
});
export type AnswersFile = z.infer<typeof AnswersFileSchema>;
