/**
 * Scoring a CSV export as a stream: constant memory whatever the size, every input row
 * either in the output (its bytes unchanged, plus the qualify_ columns) or counted as
 * skipped with its line number. Used by `qualify batch` and, as `scoreStream`, by scripts.
 */
import type { CompiledFramework } from "../core/compile.js";
import type { Value } from "../core/conditions.js";
import { coerceAnswer, type Coerced } from "../core/answers.js";
import { evaluate, type Result } from "../core/engine.js";
import type { Verdict } from "../core/constants.js";
import { InputError } from "../core/errors.js";
import { CsvReader, RecordTooLongError, type CsvRecord } from "./csv/reader.js";
import { ByteWriter, csvField, type Sink } from "./csv/writer.js";
import { mapColumns, type ColumnMap, type Mapping } from "./mapping.js";
import { notTextReason } from "./text.js";
import { RowMemo } from "./row-memo.js";

export const OUTPUT_COLUMNS = [
  "qualify_verdict",
  "qualify_score",
  "qualify_reasons",
  "qualify_gaps",
  "qualify_warnings",
];

const DELIMITERS = [",", ";", "\t"];
/** Lines a summary lists by number; the rest are only counted. */
const MAX_LISTED = 20;
/** Distinct cell texts remembered per question; past this, cells are read each time. */
const MAX_CACHED_CELLS = 20_000;
/** Distinct combinations of mapped cells whose scored output is remembered. */
const MAX_REMEMBERED_ROWS = 50_000;

/** What a row's mapped cells score to, ready to append: the same cells always score the same. */
interface Scored {
  verdict: Verdict;
  warnings: string[];
  /** The qualify_ fields with their delimiters and line ending, as bytes (CSV). */
  csv?: Buffer;
  /** The result as JSON members after `"row":{…},` (JSON lines). */
  json?: string;
}

export interface BatchOptions {
  /** `,` `;` or tab; detected from the header when not given. */
  delimiter?: string;
  map?: ColumnMap;
  format?: "csv" | "jsonl";
  /** Write only rows with these verdicts. */
  only?: ReadonlySet<Verdict>;
  /** Called with the mapping once the header is read; return false to stop before any row. */
  onMapping?: (mapping: Mapping, headers: string[]) => boolean | void;
  /** Called now and then with the number of input bytes read. */
  onProgress?: (bytes: number) => void;
}

export interface SkippedRows {
  count: number;
  /** The first few, with why. */
  lines: Array<{ line: number; reason: string }>;
}

export interface BatchSummary {
  rows: number;
  written: number;
  verdicts: Record<Verdict, number>;
  /** Rows with at least one value that could not be read (made unknown). */
  rowsWithWarnings: number;
  warnings: number;
  /** The first few warnings, with their line. */
  warningSamples: Array<{ line: number; message: string }>;
  skipped: SkippedRows;
  mapping?: Mapping;
  headers: string[];
  delimiter: string;
  bytes: number;
  stopped: boolean;
}

function detectDelimiter(header: string): string {
  let best = ",";
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of header) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && char === candidate) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** The first line of the input (up to its line break), for detection. */
function firstLine(head: Buffer): { text: string; crlf: boolean } {
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === 0x22) quoted = !quoted;
    else if (!quoted && (byte === 0x0a || byte === 0x0d)) {
      return { text: head.toString("utf8", 0, i), crlf: byte === 0x0d && head[i + 1] === 0x0a };
    }
  }
  return { text: head.toString("utf8"), crlf: false };
}

interface Column {
  question: number;
  column: number;
  values?: ReadonlyMap<string, string>;
  cache: Map<string, Coerced>;
  id: string;
}

function joinReasons(result: Result): string {
  return result.reasons.join("; ");
}

function joinGaps(result: Result): string {
  let out = "";
  for (const gap of result.gaps) out += out === "" ? gap.question : `; ${gap.question}`;
  return out;
}

/**
 * Scores every row of `input` (CSV bytes) with `compiled` and writes CSV or JSON lines to
 * `output`. Throws an InputError before writing anything when the header does not fit.
 */
export async function scoreStream(
  compiled: CompiledFramework,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  output: Sink,
  options: BatchOptions = {},
): Promise<BatchSummary> {
  const writer = new ByteWriter(output);
  const format = options.format ?? "csv";
  const summary: BatchSummary = {
    rows: 0,
    written: 0,
    verdicts: { qualified: 0, nurture: 0, disqualified: 0 },
    rowsWithWarnings: 0,
    warnings: 0,
    warningSamples: [],
    skipped: { count: 0, lines: [] },
    headers: [],
    delimiter: options.delimiter ?? ",",
    bytes: 0,
    stopped: false,
  };
  const skip = (line: number, reason: string) => {
    summary.skipped.count++;
    if (summary.skipped.lines.length < MAX_LISTED) summary.skipped.lines.push({ line, reason });
  };

  let headers: string[] | undefined;
  let columns: Column[] = [];
  let eol = "\n";
  let delimiter = summary.delimiter;
  const values: Value[] = new Array<Value>(compiled.questions.length).fill(undefined);

  const onHeader = (record: CsvRecord): void => {
    headers = record.fields();
    summary.headers = headers;
    if (headers.length === 1 && headers[0] === "")
      throw new InputError("the first line is empty; expected a header row with column names");
    const mapping = mapColumns(compiled, headers, options.map);
    summary.mapping = mapping;
    if (options.onMapping?.(mapping, headers) === false) {
      summary.stopped = true;
      return;
    }
    columns = mapping.bindings.map((b) => ({
      question: b.question,
      column: b.column,
      values: b.values,
      cache: new Map(),
      id: compiled.questions[b.question]!.id,
    }));
    if (format === "csv") {
      writer.bytes(record.buffer, record.start, record.end);
      writer.text(`${OUTPUT_COLUMNS.map((c) => delimiter + c).join("")}${eol}`);
    }
  };

  const score = (record: CsvRecord): Scored => {
    const warnings: string[] = [];
    for (const column of columns) {
      const raw = record.field(column.column);
      let coerced = column.cache.get(raw);
      if (coerced === undefined) {
        const text = column.values?.get(raw.trim().toLowerCase()) ?? raw;
        coerced = coerceAnswer(compiled.questions[column.question]!, text);
        if (column.cache.size < MAX_CACHED_CELLS) column.cache.set(raw, coerced);
      }
      if (coerced.ok) values[column.question] = coerced.value;
      else {
        values[column.question] = undefined;
        warnings.push(`${column.id}: ${coerced.message}`);
      }
    }
    const result = evaluate(compiled, values);
    if (format === "csv") {
      const tail = `${delimiter}${result.verdict}${delimiter}${result.score}${delimiter}${csvField(joinReasons(result), delimiter)}${delimiter}${csvField(joinGaps(result), delimiter)}${delimiter}${csvField(warnings.join("; "), delimiter)}${eol}`;
      return { verdict: result.verdict, warnings, csv: Buffer.from(tail) };
    }
    const { framework: _framework, schemaVersion, ...rest } = result;
    const json = JSON.stringify({
      schemaVersion,
      ...rest,
      gaps: result.gaps.map((g) => g.question),
      warnings,
    });
    return { verdict: result.verdict, warnings, json: json.slice(1) };
  };

  let remembered: RowMemo<Scored> | undefined;
  const onRow = (record: CsvRecord): void => {
    const headerCount = headers!.length;
    if (record.count !== headerCount) {
      if (record.blank) skip(record.line, "blank line");
      else
        skip(
          record.line,
          `${record.count} field${record.count === 1 ? "" : "s"} where the header has ${headerCount}`,
        );
      return;
    }
    summary.rows++;
    remembered ??= new RowMemo(
      columns.map((c) => c.column),
      MAX_REMEMBERED_ROWS,
    );
    let scored = remembered.lookup(record);
    if (scored === undefined) {
      scored = score(record);
      remembered.remember(record, scored);
    }
    if (scored.warnings.length > 0) {
      summary.rowsWithWarnings++;
      summary.warnings += scored.warnings.length;
      for (const message of scored.warnings) {
        if (summary.warningSamples.length < MAX_LISTED)
          summary.warningSamples.push({ line: record.line, message });
      }
    }
    summary.verdicts[scored.verdict]++;
    if (options.only !== undefined && !options.only.has(scored.verdict)) return;
    summary.written++;
    if (format === "csv") {
      writer.bytes(record.buffer, record.start, record.end);
      writer.bytes(scored.csv!, 0, scored.csv!.length);
    } else {
      const row: Record<string, string> = {};
      headers!.forEach((header, i) => (row[header] = record.field(i)));
      writer.text(`{"line":${record.line},"row":${JSON.stringify(row)},${scored.json!}\n`);
    }
  };

  let reader: CsvReader | undefined;
  let head: Buffer | undefined;
  let lastProgress = 0;

  const start = (bytes: Buffer): void => {
    const reason = notTextReason(bytes);
    if (reason !== undefined)
      throw new InputError(`the input ${reason}`, { hint: "Export the file as CSV in UTF-8." });
    let body = bytes;
    if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
      body = body.subarray(3);
      if (format === "csv") writer.bytes(bytes, 0, 3);
    }
    const line = firstLine(body);
    eol = line.crlf ? "\r\n" : "\n";
    delimiter = options.delimiter ?? detectDelimiter(line.text);
    summary.delimiter = delimiter;
    reader = new CsvReader(delimiter.charCodeAt(0), (record) => {
      if (summary.stopped) return;
      if (headers === undefined) onHeader(record);
      else onRow(record);
    });
    reader.push(body);
  };

  try {
    for await (const piece of input) {
      const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
      summary.bytes += chunk.length;
      if (reader === undefined) {
        // Detection needs the whole first line (and a few bytes to tell encodings apart).
        // Copied: a file source reuses its chunk buffer for the next read.
        head = head === undefined ? Buffer.from(chunk) : Buffer.concat([head, chunk]);
        if (
          !/[\r\n]/.test(head.toString("latin1", 0, Math.min(head.length, 1 << 20))) &&
          head.length < 1 << 20
        )
          continue;
        start(head);
        head = undefined;
      } else reader.push(chunk);
      if (summary.stopped) break;
      await writer.flushIfFull();
      // Let the event loop run between chunks (a file source reads synchronously): Ctrl-C
      // and other signals are handled there.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.onProgress !== undefined && summary.bytes - lastProgress >= 1 << 22) {
        lastProgress = summary.bytes;
        options.onProgress(summary.bytes);
      }
    }
    if (!summary.stopped) {
      if (reader === undefined) {
        if (head === undefined || head.length === 0)
          throw new InputError("the input is empty; expected a CSV file with a header row");
        start(head);
      }
      reader!.end();
    }
  } catch (error) {
    if (error instanceof RecordTooLongError) {
      throw new InputError(`${error.message}: probably a quote (") that is never closed`, {
        hint: "Check the quotes on that line of the file.",
      });
    }
    throw error;
  }
  if (headers === undefined && !summary.stopped)
    throw new InputError("the input is empty; expected a CSV file with a header row");
  await writer.flush();
  options.onProgress?.(summary.bytes);
  return summary;
}
