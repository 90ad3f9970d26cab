/**
 * `qualify sql --run data.csv|data.parquet`: the compiled query executed by embedded DuckDB
 * (`@duckdb/node-api`, an optional dependency loaded only here), written as `qualify batch`
 * writes: every input column, then qualify_verdict, qualify_score, qualify_reasons,
 * qualify_gaps and qualify_warnings, in CSV with the input's delimiter, line ending and BOM.
 *
 * The CSV header is read by batch's own reader (so columns map exactly as in batch), the rows by
 * DuckDB's read_csv with every column as VARCHAR and no type sniffing. Rows DuckDB cannot read
 * (a wrong number of fields, a stray quote) are skipped and counted with their line numbers.
 */
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import { mkdtemp, open, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { CompiledFramework } from "../core/compile.js";
import type { Verdict } from "../core/constants.js";
import { InputError } from "../core/errors.js";
import type { OutStream } from "../cli/io.js";
import type { BatchSummary } from "../io/batch.js";
import {
  MAX_LISTED,
  readCsv,
  skipRecord,
  unclosedQuote,
  type CsvShape,
  type SkippedRows,
} from "../io/csv/source.js";
import { noColumnMapped, type ColumnMap } from "../io/mapping.js";
import { fileChunks } from "../io/file-chunks.js";
import { tempPathFor, writesInPlace } from "../io/atomic.js";
import { bindingsFromHeader } from "./columns.js";
import { BATCH_COLUMNS, compileSql } from "./compile.js";
import { duckdb } from "./dialects/duckdb.js";

/** The part of @duckdb/node-api used here. */
interface DuckDbModule {
  DuckDBInstance: {
    create(path?: string, options?: Record<string, string>): Promise<DuckDbInstance>;
  };
}
interface DuckDbInstance {
  connect(): Promise<DuckDbConnection>;
  closeSync(): void;
}
interface DuckDbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowsJS(): unknown[][] }>;
  closeSync(): void;
}

const DUCKDB_PACKAGE = "@duckdb/node-api";

/** Loads DuckDB, or says how to get it. */
export async function loadDuckDb(): Promise<DuckDbModule> {
  // A name in a variable: the bundler leaves the import (and the native addon) alone.
  const name = DUCKDB_PACKAGE;
  try {
    return (await import(name)) as DuckDbModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code === "ERR_MODULE_NOT_FOUND" ||
      code === "MODULE_NOT_FOUND" ||
      code === "ERR_DLOPEN_FAILED"
    )
      throw new InputError(
        `'qualify sql --run' needs DuckDB, and ${DUCKDB_PACKAGE} could not be loaded (${(error as Error).message.split("\n")[0]})`,
        {
          hint: `Install it with 'npm install ${DUCKDB_PACKAGE}' (an optional dependency of qualify), or print the SQL without --run.`,
        },
      );
    throw error;
  }
}

export interface RunOptions {
  file: string;
  /** The file as the user named it, for messages (default: `file`). */
  name?: string;
  map?: ColumnMap;
  /** Write here atomically; else to `stdout`. */
  output?: string;
  /** Forces the CSV delimiter instead of detecting it. */
  delimiter?: string;
  stdout: OutStream;
  /** Count verdicts and warnings for the summary (reads the output back); default true. */
  count?: boolean;
  /** Called (after the temporary files are removed) when Ctrl-C interrupts the run. */
  onInterrupt?: () => void;
}

export interface RunResult {
  summary: BatchSummary;
  /** The query DuckDB ran. */
  query: string;
}

interface Header {
  /** The header line as it is in the file (without its line ending). */
  raw: Buffer;
  fields: string[];
  shape: CsvShape;
}

/** The header of a CSV file, read by batch's reader (delimiter detected unless given). */
export async function readHeader(
  file: string,
  delimiter: string | undefined,
): Promise<Header | undefined> {
  let header: Header | undefined;
  await readCsv(createReadStream(file, { highWaterMark: 1 << 16 }), {
    delimiter,
    onHeader(record, shape) {
      header = {
        raw: Buffer.from(record.buffer.subarray(record.start, record.end)),
        fields: record.fields(),
        shape,
      };
      return false;
    },
    onRow() {},
  });
  return header;
}

async function checkInput(file: string, name: string): Promise<void> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError(`${name} is a directory, not a data file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new InputError(`data file not found: ${name}`, { hint: "Check the path." });
    throw new InputError(`cannot read ${name}: ${(error as Error).message}`);
  }
}

const lit = (text: string) => duckdb.string(text);

/** Writes `chunks` to an OutStream, waiting for it to drain when it asks to. */
async function copyTo(path: string, out: OutStream): Promise<void> {
  const waitable = out as OutStream & { once?: (event: string, listener: () => void) => unknown };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if (!out.write(chunk as Buffer) && typeof waitable.once === "function")
      await new Promise<void>((resolve) => waitable.once!("drain", resolve));
  }
}

/** Why DuckDB skipped a line, in batch's words where they exist. */
function skipReason(type: string, message: string, columns: number): string {
  const found = /Found: (\d+)/.exec(message);
  if ((type === "MISSING COLUMNS" || type === "TOO MANY COLUMNS") && found)
    return `${found[1]} field${found[1] === "1" ? "" : "s"} where the header has ${columns}`;
  return `${type.toLowerCase()}: ${message}`;
}

/**
 * DuckDB's CSV buffer, and the longest line it reads (longer ones are skipped and listed).
 * Its default buffer, 16 times a 2 MB line, held a third of sql --run's peak memory (209 MB
 * against 157 MB at 1M rows, as fast); a buffer of one line at most is all it needs, and a
 * larger line limit lets it read the multi-megabyte notes cells batch reads.
 */
const LINE_BYTES = 8 << 20;

/**
 * The lines batch skips (ragged or blank), read with batch's own reader: DuckDB numbers lines
 * without the blank ones and the quoted line breaks, and drops blank lines without a word.
 * Runs while DuckDB writes (on the other core), so it costs little time.
 */
async function linesBatchSkips(
  file: string,
  delimiter: string,
): Promise<{ skipped: SkippedRows } | { error: unknown }> {
  const skipped: SkippedRows = { count: 0, lines: [] };
  let columns = 0;
  try {
    await readCsv(fileChunks(file, 1 << 18), {
      delimiter,
      // Beside DuckDB's own buffers: the byte loop needs no memory of its own.
      simd: false,
      onHeader: (record) => {
        columns = record.count;
      },
      onRow: (record) => {
        if (record.count !== columns) skipRecord(skipped, record, columns);
      },
    });
    return { skipped };
  } catch (error) {
    return { error };
  }
}
const LINE_BUFFER = `, buffer_size = ${LINE_BYTES}, max_line_size = ${LINE_BYTES}`;

export async function runSql(compiled: CompiledFramework, options: RunOptions): Promise<RunResult> {
  const { file } = options;
  await checkInput(file, options.name ?? file);
  const parquet = extname(file).toLowerCase() === ".parquet";
  const header = parquet ? undefined : await readHeader(file, options.delimiter);
  const { DuckDBInstance } = await loadDuckDb();
  const work = await mkdtemp(join(tmpdir(), "qualify-sql-"));
  // One thread: with rows kept in order, each extra thread holds its own buffered batches until
  // they can be written, and peak memory then grows with the file (660 MB against 214 MB for
  // bant on a 1M-row, 260 MB file), and on this 2-core machine it ran about as fast.
  const instance = await DuckDBInstance.create(":memory:", {
    temp_directory: join(work, "spill"),
    threads: "1",
  });
  const con = await instance.connect();
  // Rows must come out in the order they went in: no rewrite of IN lists into (unordered)
  // hash joins (the DuckDB dialect writes none, but a query can still be given one).
  await con.run("SET preserve_insertion_order = true");
  await con.run("SET disabled_optimizers = 'in_clause'").catch(() => undefined);
  let finalTemp: string | undefined;
  const interrupted = () => {
    rmSync(work, { recursive: true, force: true });
    if (finalTemp !== undefined) rmSync(finalTemp, { force: true });
    (options.onInterrupt ?? (() => process.exit(130)))();
  };
  process.once("SIGINT", interrupted);
  try {
    // The table: columns c0, c1, … by position (DuckDB's own names would rename duplicates).
    let source: string;
    let headers: string[];
    let names: string[];
    const delimiter = header?.shape.delimiter ?? ",";
    if (header !== undefined) {
      headers = header.fields;
      names = headers.map((_, i) => `c${i}`);
      const columns = names.map((n) => `${lit(n)}: 'VARCHAR'`).join(", ");
      // Excel's `sep=;` line before the header is not a row.
      const skip = header.shape.separatorLine === undefined ? "" : ", skip = 1";
      source = `read_csv(${lit(file)}, header = true${skip}, auto_detect = false, columns = {${columns}}, delim = ${lit(delimiter)}, quote = '"', escape = '"', null_padding = false, strict_mode = true, store_rejects = true${LINE_BUFFER})`;
    } else {
      source = `read_parquet(${lit(file)})`;
      const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      headers = described.getRowsJS().map((row) => String(row[0]));
      names = headers;
    }
    const { bindings, mapping } = bindingsFromHeader(compiled, headers, options.map, names);
    if (bindings.length === 0 && compiled.questions.length > 0)
      throw noColumnMapped(compiled, options.name ?? file, headers, delimiter);
    const { query } = compileSql(compiled, {
      dialect: duckdb,
      source,
      bindings,
      columns: "batch",
      today: "fixed",
    });

    // DuckDB writes the rows, in parallel and in order, with the header: the file's own names
    // (a BOM, when the file has one, rides on the first). Names DuckDB would rename (the same
    // name twice) make us write the header line ourselves and append the rows after it.
    const eol = header?.shape.eol ?? "\n";
    const bom = header?.shape.bom ? "\uFEFF" : "";
    // DuckDB compares names ignoring case and refuses empty ones.
    // DuckDB writes the header itself only when it can: not with names it would rename, nor
    // after Excel's `sep=` line, which is written back first.
    const unique =
      new Set(headers.map((h) => h.toLowerCase())).size === headers.length &&
      !headers.includes("") &&
      header?.shape.separatorLine === undefined;
    // A regular output file is replaced by a rename; a device or pipe (`-o /dev/null`) gets a
    // copy of the rows, as stdout does.
    const replaces = options.output !== undefined && !writesInPlace(options.output);
    const target = replaces ? tempPathFor(options.output!) : join(work, "out.csv");
    if (replaces) finalTemp = target;
    const rowsFile = unique ? target : join(work, "rows.csv");
    const outputs = [
      ...names.map((name, i) =>
        unique
          ? `${duckdb.ident(name)} AS ${duckdb.ident(i === 0 ? bom + headers[i]! : headers[i]!)}`
          : duckdb.ident(name),
      ),
      ...BATCH_COLUMNS,
    ];
    const ownSkips = header === undefined ? undefined : linesBatchSkips(file, delimiter);
    const written = await con.runAndReadAll(
      `COPY (SELECT ${outputs.join(", ")} FROM (${query}) AS q) TO ${lit(rowsFile)} (FORMAT csv, HEADER ${unique}, DELIMITER ${lit(delimiter)}, QUOTE '"', ESCAPE '"', NEW_LINE ${lit(eol)})`,
    );
    const rows = Number(written.getRowsJS()[0]?.[0] ?? 0);
    if (!unique) {
      const handle = await open(target, "w");
      try {
        await handle.write(
          Buffer.concat([
            Buffer.from(bom),
            Buffer.from(header?.shape.separatorLine ?? ""),
            header?.raw ?? Buffer.from(headers.join(delimiter)),
            Buffer.from(`${BATCH_COLUMNS.map((c) => delimiter + c).join("")}${eol}`),
          ]),
        );
      } finally {
        await handle.close();
      }
      await pipeline(
        createReadStream(rowsFile, { highWaterMark: 1 << 22 }),
        createWriteStream(target, { flags: "a", highWaterMark: 1 << 22 }),
      );
    }
    // The summary before the rows are moved into place, so that nothing lands when it fails:
    // skipped lines from DuckDB's rejects (an unclosed quote stops here), then the counts.
    const n = headers.length;
    let skipped: BatchSummary["skipped"] = { count: 0, lines: [] };
    if (ownSkips !== undefined) {
      const read = await ownSkips;
      if ("error" in read) throw read.error;
      skipped = read.skipped;
    }
    if (header !== undefined) {
      const rejects = await con.runAndReadAll(
        "SELECT line, min(error_type), min(error_message) FROM reject_errors GROUP BY line ORDER BY line",
      );
      const rejected = rejects.getRowsJS();
      // As batch does: the rest of the file inside one quoted field is not data to score.
      const unclosed = rejected.find(([, , message]) =>
        /unterminated quote/i.test(String(message)),
      );
      if (unclosed !== undefined) throw unclosedQuote(Number(unclosed[0]));
      for (const [line, type, message] of rejected) {
        // Ragged lines are counted above, by the line numbers batch gives.
        if (type === "MISSING COLUMNS" || type === "TOO MANY COLUMNS") continue;
        skipped.count++;
        if (skipped.lines.length < MAX_LISTED)
          skipped.lines.push({
            line: Number(line),
            reason: skipReason(String(type), String(message), n),
          });
      }
    }
    // Verdicts and warnings read back from the rows written: DuckDB cannot count while it writes.
    const verdicts: Record<Verdict, number> = { qualified: 0, nurture: 0, disqualified: 0 };
    let rowsWithWarnings = 0;
    if (options.count !== false) {
      const outColumns = [...names.map((_, i) => `o${i}`), "v", "s", "r", "g", "w"];
      const counts = await con.runAndReadAll(
        `SELECT v, count(*), count(w) FROM read_csv(${lit(target)}, header = true${header?.shape.separatorLine === undefined ? "" : ", skip = 1"}, auto_detect = false, columns = {${outColumns.map((c) => `${lit(c)}: 'VARCHAR'`).join(", ")}}, delim = ${lit(delimiter)}, quote = '"', escape = '"'${LINE_BUFFER}) GROUP BY v`,
      );
      for (const [verdict, count, warned] of counts.getRowsJS()) {
        verdicts[verdict as Verdict] = Number(count);
        rowsWithWarnings += Number(warned);
      }
    }
    if (replaces) {
      const synced = await open(target, "r+");
      await synced.sync();
      await synced.close();
      await rename(target, options.output!);
      finalTemp = undefined;
    } else if (options.output !== undefined) {
      await pipeline(createReadStream(target), createWriteStream(options.output, { flags: "w" }));
    } else await copyTo(target, options.stdout);

    const summary: BatchSummary = {
      rows,
      written: rows,
      verdicts,
      rowsWithWarnings,
      warnings: rowsWithWarnings,
      warningSamples: [],
      skipped,
      mapping,
      headers,
      delimiter,
      bytes: (await stat(file)).size,
      stopped: false,
    };
    return { summary, query };
  } finally {
    process.removeListener("SIGINT", interrupted);
    con.closeSync();
    instance.closeSync();
    if (finalTemp !== undefined) await rm(finalTemp, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}
