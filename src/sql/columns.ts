/**
 * Which column feeds which question in the generated SQL.
 *
 * - When the table's columns are known (`--run` reads the file's header; `--columns` lists
 *   them), the mapping is batch's own: `--map`, then each question's `columns` aliases, then a
 *   column named like the question id (src/io/mapping.ts). Questions with no column are unknown.
 * - Otherwise every question reads one column: the one `--map` names, else the question's
 *   first `columns` alias, else its id. A column the table lacks is then an error from the
 *   database, never a silent unknown.
 */
import type { CompiledFramework } from "../core/compile.js";
import { InputError } from "../core/errors.js";
import { mapColumns, type ColumnMap, type Mapping } from "../io/mapping.js";
import type { CellBinding } from "./cells.js";
import { HELPER_PREFIX } from "./stages.js";

export interface SqlMapping {
  bindings: CellBinding[];
  /** Question ids with no column (unknown for every row). */
  unmapped: string[];
  /** The batch mapping, when the header was known. */
  mapping?: Mapping;
}

function refuseHelperNames(headers: readonly string[]): void {
  const clash = headers.find((h) => h.toLowerCase().startsWith(HELPER_PREFIX));
  if (clash !== undefined) {
    throw new InputError(
      `the column '${clash}' starts with '${HELPER_PREFIX}', which the generated SQL uses for its own helper columns`,
      { hint: `Rename the column, or select the table without it.` },
    );
  }
}

/**
 * Bindings against a known header. `names` are the names the database gives the columns
 * (DuckDB renames duplicates), by position; they default to the header itself.
 */
export function bindingsFromHeader(
  compiled: CompiledFramework,
  headers: readonly string[],
  map: ColumnMap = {},
  names: readonly string[] = headers,
): SqlMapping {
  refuseHelperNames(names);
  const mapping = mapColumns(compiled, headers, map);
  return {
    bindings: mapping.bindings.map((b) => ({
      question: b.question,
      column: names[b.column]!,
      values: b.values,
    })),
    unmapped: mapping.unmapped,
    mapping,
  };
}

/** Bindings without a header: --map, else the first `columns` alias, else the question id. */
export function defaultBindings(compiled: CompiledFramework, map: ColumnMap = {}): SqlMapping {
  const bindings: CellBinding[] = [];
  for (const index of compiled.askOrder) {
    const question = compiled.questions[index]!;
    const explicit = map[question.id];
    const column = explicit?.column ?? question.def.columns?.[0] ?? question.id;
    const values = explicit?.values
      ? new Map(
          Object.entries(explicit.values).map(([from, to]) => [from.trim().toLowerCase(), to]),
        )
      : undefined;
    bindings.push({ question: index, column, values });
  }
  refuseHelperNames(bindings.map((b) => b.column));
  return { bindings, unmapped: [] };
}

/**
 * A `--columns` value: the table's column names, comma-separated, as a CSV header line
 * (double quotes around a name with a comma or a quote, doubled inside).
 */
export function parseColumnList(text: string): string[] {
  const names: string[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    let name = "";
    while (i < n && text[i] === " ") i++;
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new InputError(`--columns: a quoted name is not closed`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            name += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += text[i++];
      }
      while (i < n && text[i] === " ") i++;
      if (i < n && text[i] !== ",")
        throw new InputError(`--columns: expected a comma after "${name}"`);
    } else {
      while (i < n && text[i] !== ",") name += text[i++];
      name = name.trim();
    }
    if (name === "") throw new InputError("--columns: a column name is empty");
    names.push(name);
    i++;
  }
  return names;
}
