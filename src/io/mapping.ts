/**
 * Which CSV column feeds which question: `--map` first (it is what the user said), then the
 * question's `columns` aliases, then a header that matches the question id ignoring case,
 * spaces, dashes and underscores. A `--map` file may also translate cell values
 * (`"Hot": allocated`) before they are read as answers.
 */
import type { CompiledFramework } from "../core/compile.js";
import { InputError } from "../core/errors.js";
import { coerceAnswer } from "../core/answers.js";
import { didYouMean, listOf } from "../core/suggest.js";
import { readDocumentFile } from "./text.js";
import { locateError, parseYaml } from "./yaml.js";

/** What a `--map` file says about one question. */
export interface QuestionMap {
  column?: string;
  /** Cell text (compared trimmed, case-insensitively) → answer. */
  values?: Record<string, string>;
}

export type ColumnMap = Record<string, QuestionMap>;

export interface ColumnBinding {
  question: number;
  column: number;
  header: string;
  how: "map" | "alias" | "id";
  /** Lowercased, trimmed cell text → replacement answer text. */
  values?: ReadonlyMap<string, string>;
}

export interface Mapping {
  bindings: ColumnBinding[];
  /** Question ids with no column: unknown for every row. */
  unmapped: string[];
}

/** How headers and ids are compared: case, spaces, dashes and underscores do not matter. */
export function normalizeHeader(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, "");
}

export function mapColumns(
  compiled: CompiledFramework,
  headers: readonly string[],
  map: ColumnMap = {},
): Mapping {
  const byName = new Map<string, number[]>();
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    byName.set(key, [...(byName.get(key) ?? []), index]);
  });
  const find = (name: string, questionId: string): number | undefined => {
    const found = byName.get(normalizeHeader(name));
    if (found === undefined) return undefined;
    if (found.length > 1) {
      throw new InputError(
        `the column '${headers[found[0]!]}' appears ${found.length} times (columns ${found.map((i) => i + 1).join(", ")}), so it is not clear which one feeds '${questionId}'`,
        { hint: "Rename one of them in the file, or point --map at another column." },
      );
    }
    return found[0];
  };

  const bindings: ColumnBinding[] = [];
  const unmapped: string[] = [];
  for (const question of compiled.askOrder.map((i) => compiled.questions[i]!)) {
    const explicit = map[question.id];
    let column: number | undefined;
    let how: ColumnBinding["how"] = "map";
    if (explicit?.column !== undefined) {
      column = find(explicit.column, question.id);
      if (column === undefined) {
        throw new InputError(
          `--map names the column '${explicit.column}' for '${question.id}', but the file has no such column.${didYouMean(explicit.column, headers)}`,
          { hint: `Columns in the file: ${listOf([...headers], 30)}` },
        );
      }
    } else {
      how = "alias";
      for (const alias of question.def.columns ?? []) {
        column = find(alias, question.id);
        if (column !== undefined) break;
      }
      if (column === undefined) {
        how = "id";
        column = find(question.id, question.id);
      }
    }
    if (column === undefined) {
      unmapped.push(question.id);
      continue;
    }
    const values = explicit?.values
      ? new Map(
          Object.entries(explicit.values).map(([from, to]) => [from.trim().toLowerCase(), to]),
        )
      : undefined;
    bindings.push({ question: question.index, column, header: headers[column]!, how, values });
  }
  return { bindings, unmapped };
}

/** Reads a `--map` file: question id → column name, or → {column, values}. */
export async function readColumnMap(path: string, compiled: CompiledFramework): Promise<ColumnMap> {
  const document = parseYaml(await readDocumentFile(path, "column map"));
  const value = document.value;
  const fail = (message: string, at: (string | number)[], hint?: string, key?: boolean): never => {
    throw locateError(
      document,
      new InputError(message, { path: at, hint, at: key ? "key" : undefined }),
    );
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail(
      "a column map is a YAML map of question id → column name",
      [],
      "Example:\n  budget: Budget Status\n  employees:\n    column: NumberOfEmployees",
    );
  }
  const ids = [...compiled.questionById.keys()];
  const map: ColumnMap = {};
  for (const [id, spec] of Object.entries(value as Record<string, unknown>)) {
    if (!compiled.questionById.has(id)) {
      fail(
        `unknown question '${id}' for framework '${compiled.framework.id}'.${didYouMean(id, ids)}`,
        [id],
        `Questions: ${listOf(ids, 20)}`,
        true,
      );
    }
    if (typeof spec === "string") {
      map[id] = { column: spec };
      continue;
    }
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
      fail(`'${id}' takes a column name, or a map with 'column' and 'values'`, [id]);
    }
    const { column, values, ...rest } = spec as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined)
      fail(
        `unknown key '${extra}' under '${id}'.${didYouMean(extra, ["column", "values"])}`,
        [id, extra],
        "Allowed keys: column, values",
        true,
      );
    if (column !== undefined && typeof column !== "string")
      fail(`'column' must be a column name`, [id, "column"]);
    if (values !== undefined) {
      if (values === null || typeof values !== "object" || Array.isArray(values))
        fail(`'values' must map cell values to answers`, [id, "values"]);
      const question = compiled.questionById.get(id)!;
      for (const [from, to] of Object.entries(values as Record<string, unknown>)) {
        if (typeof to !== "string" && typeof to !== "number" && typeof to !== "boolean")
          fail(`the value for '${from}' must be a single answer`, [id, "values", from]);
        const coerced = coerceAnswer(question, to);
        if (!coerced.ok)
          fail(
            `'${id}': ${from} → ${coerced.message}`,
            [id, "values", from],
            coerced.allowed ? `Allowed: ${listOf(coerced.allowed, 20)}` : undefined,
          );
      }
    }
    map[id] = {
      column: column as string | undefined,
      values:
        values === undefined
          ? undefined
          : Object.fromEntries(
              Object.entries(values as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
            ),
    };
  }
  return map;
}

/**
 * The error for a file none of whose columns feeds a question: every lead would score as
 * unknown, most often because the file is cut at another delimiter than its own.
 */
export function noColumnMapped(
  compiled: CompiledFramework,
  file: string,
  headers: readonly string[],
  delimiter: string,
): InputError {
  const shown = delimiter === "\t" ? "tab" : `'${delimiter}'`;
  const names =
    headers.length > 8 ? [...headers.slice(0, 8), `… (${headers.length} columns)`] : headers;
  return new InputError(
    `no column of ${file} feeds a question of ${compiled.framework.name}: every lead would be unknown`,
    {
      hint: `Its header, cut at ${shown}: ${names.join(" | ")}. Check the delimiter (--delimiter), or map columns to questions with --map (--explain-mapping shows what is read).`,
    },
  );
}
