/**
 * The framework format as JSON Schema, generated from the zod schemas so the two never drift:
 * editors (yaml-language-server) use it to complete and check framework files. A file with
 * `extends:` is a patch, so it gets the patch schema; any other file, the full one.
 */
import { z } from "zod";
import { FrameworkSchema } from "./schema.js";
import { FrameworkPatchSchema } from "./merge.js";

function withoutMeta(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = schema;
  return rest;
}

export function frameworkJsonSchema(): Record<string, unknown> {
  const options = { target: "draft-7", io: "input", unrepresentable: "any" } as const;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "qualify framework",
    description:
      "A sales-qualification framework for qualify: criteria with questions and points, rules, flags and verdict gates. A file with `extends:` changes only what differs from its parent.",
    if: { required: ["extends"], properties: { extends: { type: "string" } } },
    then: withoutMeta(z.toJSONSchema(FrameworkPatchSchema, options) as Record<string, unknown>),
    else: withoutMeta(z.toJSONSchema(FrameworkSchema, options) as Record<string, unknown>),
  };
}
