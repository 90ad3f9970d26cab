/**
 * `qualify sql`: a framework compiled to one SQL query for DuckDB, Postgres, BigQuery,
 * Snowflake or Spark SQL, printed (or written with -o); or, with `--run data.csv`, executed by
 * embedded DuckDB with the output `qualify batch` writes.
 */
import { resolve } from "node:path";
import { EXIT, InputError, UsageError } from "../../core/errors.js";
import { didYouMean } from "../../core/suggest.js";
import { loadFramework } from "../../io/frameworks.js";
import { readColumnMap } from "../../io/mapping.js";
import { refuseToOverwrite, writeFileAtomic } from "../../io/atomic.js";
import { renderSummary } from "../../ui/batch.js";
import { DIALECT_NAMES, type DialectName } from "../../sql/dialect.js";
import { DIALECTS } from "../../sql/dialects/index.js";
import { compileSql } from "../../sql/compile.js";
import { bindingsFromHeader, defaultBindings, parseColumnList } from "../../sql/columns.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { colorsOf, frameworkContext, scoringDate } from "../context.js";
import { openCsvInput, parseDelimiter } from "../csv-input.js";

export interface SqlCliOptions {
  framework: string;
  dialect?: string;
  table: string;
  map?: string;
  columns?: string;
  columnsFrom?: string;
  view?: string;
  today?: string;
  run?: string;
  delimiter?: string;
  output?: string;
  quiet?: boolean;
}

function dialectOf(value: string | undefined, running: boolean): DialectName {
  if (value === undefined) {
    if (running) return "duckdb";
    throw new UsageError("missing --dialect", {
      hint: `Use --dialect ${DIALECT_NAMES.join(", ")}; or --run data.csv to run the query here with DuckDB.`,
    });
  }
  const name = value.toLowerCase() === "postgresql" ? "postgres" : value.toLowerCase();
  if (!(DIALECT_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(
      `--dialect '${value}' is not supported.${didYouMean(value, DIALECT_NAMES)}`,
      {
        hint: `Dialects: ${DIALECT_NAMES.join(", ")}.`,
      },
    );
  }
  if (running && name !== "duckdb") {
    throw new UsageError(`--run executes the query with DuckDB, not ${value}`, {
      hint: "Leave out --dialect (or use --dialect duckdb) with --run.",
    });
  }
  return name as DialectName;
}

export async function runSqlCommand(
  options: SqlCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const running = options.run !== undefined;
  const dialect = DIALECTS[dialectOf(options.dialect, running)];
  if (running && options.view !== undefined)
    throw new UsageError("--view and --run do not go together", {
      hint: "--run writes the scored rows; without it, --view prints a CREATE VIEW statement.",
    });
  for (const [flag, given] of [
    ["--columns", options.columns],
    ["--columns-from", options.columnsFrom],
  ] as const)
    if (running && given !== undefined)
      throw new UsageError(`${flag} and --run do not go together`, {
        hint: "With --run the columns come from the file's header.",
      });
  if (options.columns !== undefined && options.columnsFrom !== undefined)
    throw new UsageError("--columns and --columns-from do not go together", {
      hint: "Name the table's columns one way: listed, or read from a CSV header.",
    });
  if (!running && options.delimiter !== undefined)
    throw new UsageError("--delimiter applies only with --run");
  const delimiter = parseDelimiter(options.delimiter);
  const today = scoringDate(options.today);
  // Paths are relative to the command's directory, as batch reads its input.
  const output = options.output === undefined ? undefined : resolve(io.cwd, options.output);
  const input = options.run === undefined ? undefined : resolve(io.cwd, options.run);
  if (output !== undefined && input !== undefined) refuseToOverwrite(output, [input]);

  const { compiled } = await loadFramework(options.framework, frameworkContext(io), { today });
  const map = options.map === undefined ? undefined : await readColumnMap(options.map, compiled);
  const colors = await colorsOf(io, io.stderr, globals);

  if (input !== undefined) {
    const started = performance.now();
    const { runSql } = await import("../../sql/run.js");
    const { summary } = await runSql(compiled, {
      file: input,
      name: options.run,
      map,
      output,
      delimiter,
      stdout: io.stdout,
      count: !options.quiet,
      onInterrupt: () => {
        io.stderr.write(
          `\n${colors.yellow("qualify:")} interrupted${options.output ? `; ${options.output} was not written` : ""}\n`,
        );
        process.exit(EXIT.interrupted);
      },
    });
    if (!options.quiet) {
      const seconds = (performance.now() - started) / 1000;
      io.stderr.write(
        renderSummary(summary, compiled, seconds, options.output, colors).replace(
          / in ([\d.]+ s)/,
          " with DuckDB in $1",
        ),
      );
    }
    return EXIT.ok;
  }

  const header =
    options.columns !== undefined
      ? parseColumnList(options.columns)
      : options.columnsFrom !== undefined
        ? await headerOf(options.columnsFrom, io)
        : undefined;
  const mapping =
    header !== undefined
      ? bindingsFromHeader(compiled, header, map)
      : defaultBindings(compiled, map);
  const width = Math.max(...compiled.questions.map((q) => q.id.length));
  const notes = [
    `dialect: ${dialect.title}; table: ${options.table}${options.view ? `; view: ${options.view}` : ""}`,
    "SQL NULL is the unknown answer; the verdicts, scores and reasons are those of 'qualify batch' for the same cells.",
    header === undefined
      ? "question <- column (--map, else the question's first 'columns' alias, else its id; see --columns-from):"
      : `question <- column (mapped from ${options.columns !== undefined ? "--columns" : options.columnsFrom} as batch maps a CSV header):`,
    ...compiled.askOrder.map((index) => {
      const q = compiled.questions[index]!;
      const binding = mapping.bindings.find((b) => b.question === index);
      const values = binding?.values?.size
        ? ` (with ${binding.values.size} value(s) from --map)`
        : "";
      return `  ${q.id.padEnd(width)} <- ${binding === undefined ? "no column: unknown for every row" : `${dialect.ident(binding.column)}${values}`}`;
    }),
  ];
  if (header === undefined)
    notes.push(
      "a column the table lacks fails in the database: pass --columns-from <export.csv> (or --columns) to map the table's own columns as batch does, or --map",
    );
  if (compiled.questions.some((q) => q.type === "date"))
    notes.push(
      today === undefined
        ? "date bands count from the current date when the query runs (fix it with --today)"
        : `date bands count from ${compiled.today} (--today)`,
    );
  const { sql } = compileSql(compiled, {
    dialect,
    table: options.table,
    bindings: mapping.bindings,
    view: options.view,
    today: today === undefined ? "current" : "fixed",
    notes,
  });
  if (output !== undefined) await writeFileAtomic(output, sql);
  else io.stdout.write(sql);
  return EXIT.ok;
}

/** The header of a CSV export of the table, read as batch reads it. */
async function headerOf(file: string, io: Io): Promise<string[]> {
  const { path } = await openCsvInput(file, io, { stdin: false });
  if (path === undefined) throw new UsageError("--columns-from needs a file, not stdin");
  const { readHeader } = await import("../../sql/run.js");
  const header = await readHeader(path, undefined);
  if (header === undefined || header.fields.every((field) => field.trim() === ""))
    throw new InputError(`${file} has no header line to read the table's columns from`, {
      hint: "Pass the table's columns with --columns instead.",
    });
  return header.fields;
}
