/**
 * `extends`: a framework file may build on another one and change only what differs.
 * Lists merge by id (options by value): an item with a known id changes that item, a new id
 * is added, and `remove: true` takes an item out. Everything else replaces the parent's value.
 */
import { z } from "zod";
import {
  BandSchema,
  CriterionSchema,
  DateBandSchema,
  FlagSchema,
  FrameworkSchema,
  OptionSchema,
  QUESTION_TYPES,
  RuleSchema,
  VerdictSchema,
  type Framework,
} from "./schema.js";
import { formatPath, type Issue } from "./errors.js";

const remove = z.literal(true).optional().describe("Take this item out of the parent framework.");

/**
 * Every field optional and without its default: a patch that leaves `points` out must keep
 * the parent's points, not reset them to the default.
 */
type PatchShape<Shape extends z.ZodRawShape> = {
  [Key in keyof Shape]: z.ZodOptional<
    Shape[Key] extends z.ZodDefault<infer Inner> ? Inner : Shape[Key]
  >;
};

function partialWithoutDefaults<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
): z.ZodObject<PatchShape<Shape>, z.core.$strict> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const inner =
      field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = inner.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodObject<PatchShape<Shape>, z.core.$strict>;
}

const OptionPatch = partialWithoutDefaults(OptionSchema).extend({
  value: OptionSchema.shape.value,
  remove,
});
const QuestionPatch = z.strictObject({
  id: z.string(),
  type: z.enum(QUESTION_TYPES).optional(),
  text: z.string().optional(),
  help: z.string().optional(),
  when: z.record(z.string(), z.unknown()).optional(),
  columns: z.array(z.string()).optional(),
  options: z.array(OptionPatch).optional(),
  maxPoints: z.number().optional(),
  points: z
    .union([z.number(), z.strictObject({ yes: z.number().optional(), no: z.number().optional() })])
    .optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  bands: z.array(z.union([BandSchema, DateBandSchema])).optional(),
  remove,
});
const CriterionPatch = partialWithoutDefaults(CriterionSchema).extend({
  id: CriterionSchema.shape.id,
  questions: z.array(QuestionPatch).optional(),
  remove,
});
const RulePatch = partialWithoutDefaults(RuleSchema).extend({ id: RuleSchema.shape.id, remove });
const FlagPatch = partialWithoutDefaults(FlagSchema).extend({ id: FlagSchema.shape.id, remove });
const VerdictPatch = z.strictObject({
  qualified: partialWithoutDefaults(VerdictSchema.shape.qualified.unwrap()).optional(),
  disqualified: partialWithoutDefaults(VerdictSchema.shape.disqualified.unwrap()).optional(),
  actions: partialWithoutDefaults(VerdictSchema.shape.actions).optional(),
});

/** What a file with `extends:` may contain: any part of a framework, lists merged by id. */
export const FrameworkPatchSchema = partialWithoutDefaults(FrameworkSchema).extend({
  id: FrameworkSchema.shape.id,
  extends: z.string(),
  criteria: z.array(CriterionPatch).optional(),
  rules: z.array(RulePatch).optional(),
  flags: z.array(FlagPatch).optional(),
  verdict: VerdictPatch.optional(),
});
export type FrameworkPatch = z.infer<typeof FrameworkPatchSchema>;

type Item = Record<string, unknown>;

const isMap = (value: unknown): value is Item =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function withoutRemove(item: Item): Item {
  const { remove: _remove, ...rest } = item;
  return rest;
}

function mergeList(
  base: readonly Item[],
  patch: readonly Item[] | undefined,
  key: string,
  what: string,
  path: (string | number)[],
  issues: Issue[],
  mergeItem: (base: Item, patch: Item, index: number) => Item = (b, p) => ({
    ...b,
    ...withoutRemove(p),
  }),
): Item[] {
  const result = [...base];
  patch?.forEach((change, index) => {
    const at = result.findIndex((item) => item[key] === change[key]);
    if (change.remove === true) {
      if (at < 0) {
        const where = [...path, index, key];
        issues.push({
          path: where,
          message: `${formatPath(where)}: cannot remove ${what} '${String(change[key])}': the parent has none`,
        });
      } else result.splice(at, 1);
    } else if (at >= 0) result[at] = mergeItem(result[at]!, change, index);
    else result.push(withoutRemove(change));
  });
  return result;
}

/**
 * Applies `patch` to the resolved `parent`. Returns plain data to be checked against the
 * full schema, and the issues found while merging (removing what is not there).
 */
export function applyPatch(
  parent: Framework,
  patch: FrameworkPatch,
): { merged: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  const { criteria, rules, flags, verdict, extends: _parent, ...scalars } = patch;
  const { $schema: _schema, extends: _grandparent, ...base } = parent;
  const merged: Item = {
    ...base,
    ...scalars,
    criteria: mergeList(
      base.criteria,
      criteria,
      "id",
      "criterion",
      ["criteria"],
      issues,
      (b, p, ci) => {
        const { questions, ...rest } = withoutRemove(p);
        return {
          ...b,
          ...rest,
          questions: mergeList(
            b.questions as Item[],
            questions as Item[] | undefined,
            "id",
            "question",
            ["criteria", ci, "questions"],
            issues,
            (bq, pq, qi) => {
              const { options, ...qrest } = withoutRemove(pq);
              const mergedQuestion: Item = { ...bq, ...qrest };
              // Boolean points merge key by key: `points: {yes: 7}` keeps the parent's `no`.
              if (isMap(bq.points) && isMap(qrest.points))
                mergedQuestion.points = { ...bq.points, ...qrest.points };
              if (options !== undefined || bq.options !== undefined) {
                mergedQuestion.options = mergeList(
                  (bq.options as Item[] | undefined) ?? [],
                  options as Item[] | undefined,
                  "value",
                  "option",
                  ["criteria", ci, "questions", qi, "options"],
                  issues,
                );
              }
              return mergedQuestion;
            },
          ),
        };
      },
    ),
    rules: mergeList(base.rules, rules, "id", "rule", ["rules"], issues),
    flags: mergeList(base.flags, flags, "id", "flag", ["flags"], issues),
    verdict: {
      qualified: { ...base.verdict.qualified, ...verdict?.qualified },
      disqualified: { ...base.verdict.disqualified, ...verdict?.disqualified },
      actions: { ...base.verdict.actions, ...verdict?.actions },
    },
  };
  return { merged, issues };
}
