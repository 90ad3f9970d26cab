/**
 * zod issues → one clear message per problem: the path, what is wrong, what is allowed.
 * Allowed keys are read from the schema itself, so messages never drift from the format.
 */
import type { z } from "zod";
import type { DocPath, Issue } from "../core/errors.js";
import { formatPath } from "../core/errors.js";
import { didYouMean, listOf } from "../core/suggest.js";

interface Def {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  options?: unknown[];
  discriminator?: string;
  valueType?: unknown;
}

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** The object schema found by following `path` through `schema` (and `data`, for unions). */
function objectKeysAt(schema: unknown, path: DocPath, data: unknown): string[] | undefined {
  let current = schema;
  let value = data;
  for (let depth = 0; depth <= path.length; depth++) {
    // Unwrap optional, default, nullable, pipe and pick the union branch that matches the data.
    for (let guard = 0; guard < 10; guard++) {
      const def = defOf(current);
      if (def === undefined) return undefined;
      if (def.innerType !== undefined) current = def.innerType;
      else if (def.type === "pipe" && def.in !== undefined) current = def.in;
      else if (def.type === "union" && def.options) {
        const tag = def.discriminator;
        const actual =
          tag && value && typeof value === "object"
            ? (value as Record<string, unknown>)[tag]
            : undefined;
        const branch = def.options.find((option) => {
          const shape = defOf(option)?.shape;
          const literal = shape && tag ? defOf(shape[tag]) : undefined;
          return (literal as { values?: unknown[] } | undefined)?.values?.includes(actual);
        });
        if (branch === undefined) return undefined;
        current = branch;
      } else break;
    }
    const def = defOf(current)!;
    if (depth === path.length) return def.shape ? Object.keys(def.shape) : undefined;
    const part = path[depth]!;
    if (def.type === "object" && def.shape) current = def.shape[String(part)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return undefined;
    value =
      value && typeof value === "object"
        ? (value as Record<string | number, unknown>)[part]
        : undefined;
  }
  return undefined;
}

function received(data: unknown, path: DocPath): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

const where = formatPath;

export function schemaIssues(error: z.ZodError, schema: z.ZodType, data: unknown): Issue[] {
  return error.issues.map((issue): Issue => {
    const path = issue.path as (string | number)[];
    switch (issue.code) {
      case "unrecognized_keys": {
        const key = issue.keys[0]!;
        const allowed = (objectKeysAt(schema, path, data) ?? []).filter((k) => k !== "$schema");
        return {
          path: [...path, key],
          at: "key",
          message: `${where(path)}: unknown key '${key}'.${didYouMean(key, allowed)}`,
          hint: allowed.length > 0 ? `Allowed keys: ${allowed.join(", ")}` : undefined,
        };
      }
      case "invalid_value": {
        const value = received(data, path);
        const allowed = issue.values.map(String);
        return {
          path,
          message: `${where(path)}: ${JSON.stringify(value)} is not allowed.${didYouMean(String(value), allowed)}`,
          hint: `Allowed: ${listOf(allowed)}`,
        };
      }
      case "invalid_union": {
        const note = issue as unknown as { discriminator?: string; options?: unknown[] };
        if (note.discriminator !== undefined) {
          const value = received(data, path);
          const allowed = (note.options ?? []).map(String);
          return {
            path,
            message:
              value === undefined
                ? `${where(path)}: missing required key '${note.discriminator}'`
                : `${where(path)}: ${JSON.stringify(value)} is not allowed.${didYouMean(String(value), allowed)}`,
            hint: `Allowed: ${listOf(allowed)}`,
          };
        }
        return { path, message: `${where(path)}: ${issue.message}` };
      }
      case "invalid_type": {
        const value = received(data, path);
        if (value === undefined && path.length > 0) {
          const key = path[path.length - 1]!;
          return {
            path: path.slice(0, -1),
            message: `${where(path.slice(0, -1))}: missing required key '${key}'`,
          };
        }
        return {
          path,
          message: `${where(path)}: expected ${issue.expected}, not ${value === null ? "null" : Array.isArray(value) ? "a list" : typeof value}`,
        };
      }
      default:
        return {
          path,
          message: `${where(path)}: ${issue.message.replace(/^Invalid input: /, "")}`,
        };
    }
  });
}
