/**
 * Answers files: what `score` reads and `interview` writes. One record (a map with
 * `answers:`) or a list of them; YAML or JSON; from a file or stdin.
 */
import { readAnswers } from "../core/answers.js";
import type { Value } from "../core/conditions.js";
import type { CompiledFramework } from "../core/compile.js";
import { AnswersError, InputError } from "../core/errors.js";
import { frameworkIssues } from "../core/compile.js";
import { locateError, parseYaml, type LoadedDocument } from "./yaml.js";
import type { TextSource } from "./text.js";

export interface AnswersRecord {
  lead?: string;
  framework?: string;
  values: Value[];
}

export interface ParsedAnswers {
  document: LoadedDocument;
  /** True when the file holds a list of records rather than one. */
  isList: boolean;
  records: Array<{
    framework?: string;
    lead?: string;
    answers: Record<string, unknown>;
    path: (string | number)[];
  }>;
}

type SimpleRecord = { framework?: string; lead?: string; answers: Record<string, unknown> };

const RECORD_KEYS = new Set(["framework", "frameworkVersion", "lead", "savedAt", "answers"]);
const isScalar = (v: unknown) =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const isOptionalString = (v: unknown) => v === undefined || typeof v === "string";

/**
 * The common, valid shape of a record, checked without loading zod (which costs more than
 * the rest of `qualify score`). Anything else goes to AnswersFileSchema, the format's truth,
 * for its verdict and messages; a property test keeps the two in agreement.
 */
export function simpleRecord(item: object): SimpleRecord | undefined {
  const record = item as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!RECORD_KEYS.has(key)) return undefined;
  const { framework, frameworkVersion, lead, savedAt, answers } = record;
  if (
    !isOptionalString(framework) ||
    !isOptionalString(frameworkVersion) ||
    !isOptionalString(savedAt)
  )
    return undefined;
  if (lead !== undefined && typeof lead !== "string" && typeof lead !== "number") return undefined;
  if (answers !== undefined) {
    if (answers === null || typeof answers !== "object" || Array.isArray(answers)) return undefined;
    for (const value of Object.values(answers)) {
      if (value === null || isScalar(value)) continue;
      if (Array.isArray(value) && value.every(isScalar)) continue;
      return undefined;
    }
  }
  return {
    framework: framework as string | undefined,
    lead: lead === undefined ? undefined : String(lead),
    answers: (answers ?? {}) as Record<string, unknown>,
  };
}

/** Parses and checks the shape of an answers document, before any framework is known. */
export async function parseAnswers(source: TextSource): Promise<ParsedAnswers> {
  const document = parseYaml(source);
  const value = document.value;
  const isList = Array.isArray(value);
  const items: unknown[] = isList ? (value as unknown[]) : [value];
  if (isList && items.length === 0) {
    throw locateError(
      document,
      new AnswersError("the list of answers records is empty", { path: [] }),
    );
  }
  const records: ParsedAnswers["records"] = [];
  for (const [i, item] of items.entries()) {
    const base = isList ? [i] : [];
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw locateError(
        document,
        new AnswersError("an answers record must be a map with an 'answers:' key", {
          path: base,
          hint: "Example:\n  lead: Acme Corp\n  answers:\n    budget: allocated",
        }),
      );
    }
    const record = simpleRecord(item) ?? (await checkedRecord(item, base, document));
    records.push({ ...record, path: [...base, "answers"] });
  }
  return { document, isList, records };
}

/** Validates a record with the zod schema; throws its first problem at file:line:col. */
async function checkedRecord(
  item: object,
  base: (string | number)[],
  document: LoadedDocument,
): Promise<SimpleRecord> {
  const [{ AnswersFileSchema }, { schemaIssues }] = await Promise.all([
    import("../core/schema.js"),
    import("./schema-errors.js"),
  ]);
  const parsed = AnswersFileSchema.safeParse(item);
  if (parsed.success)
    return {
      framework: parsed.data.framework,
      lead: parsed.data.lead,
      answers: parsed.data.answers,
    };
  const error = frameworkIssues(
    schemaIssues(parsed.error, AnswersFileSchema, item).map((issue) => ({
      ...issue,
      path: [...base, ...issue.path],
    })),
  );
  throw locateError(
    document,
    Object.assign(
      new AnswersError(error.message, { path: error.path, hint: error.hint, at: error.at }),
      { issues: error.issues },
    ),
  );
}

/** The framework id an answers document names, if all its records agree on one. */
export function namedFramework(parsed: ParsedAnswers): string | undefined {
  const names = frameworksNamed(parsed);
  return names.length === 1 ? names[0] : undefined;
}

/** Every framework id the records name, each once, in the order they first appear. */
export function frameworksNamed(parsed: ParsedAnswers): string[] {
  return [
    ...new Set(parsed.records.map((r) => r.framework).filter((f): f is string => f !== undefined)),
  ];
}

/** Normalises every record against the framework; errors point at file:line:col. */
export function answersFor(parsed: ParsedAnswers, compiled: CompiledFramework): AnswersRecord[] {
  return parsed.records.map((record) => {
    if (record.framework !== undefined && record.framework !== compiled.framework.id) {
      throw locateError(
        parsed.document,
        new AnswersError(
          `these answers are for framework '${record.framework}', not '${compiled.framework.id}'`,
          {
            path: [...record.path.slice(0, -1), "framework"],
            hint: `Use --framework ${record.framework}, or remove the 'framework:' line to score them with ${compiled.framework.id}.`,
          },
        ),
      );
    }
    try {
      return {
        lead: record.lead,
        framework: record.framework,
        values: readAnswers(compiled, record.answers, record.path),
      };
    } catch (error) {
      if (error instanceof InputError) throw locateError(parsed.document, error);
      throw error;
    }
  });
}
