/**
 * Scoring a CSV export as a stream: constant memory whatever the size, every input row
 * either in the output (its bytes unchanged, plus the qualify_ columns) or counted as
 * skipped with its line number. Used by `qualify batch` and, as `scoreStream`, by scripts.
 */
import type { CompiledFramework, CompiledQuestion } from "../core/compile.js";
import { Assessment, assess, evaluate, explain, type Result } from "../core/engine.js";
import type { Verdict } from "../core/constants.js";
import type { CsvRecord } from "./csv/reader.js";
import { MAX_LISTED, readCsv, skipRecord, type CsvShape, type SkippedRows } from "./csv/source.js";

export type { SkippedRows } from "./csv/source.js";
import { RowAnswers } from "./row-answers.js";
import { ByteWriter, csvField, type Sink } from "./csv/writer.js";
import { mapColumns, type ColumnMap, type Mapping } from "./mapping.js";
import { RowMemo } from "./row-memo.js";
import { HitRate } from "./hit-rate.js";
import { OutcomeMemo } from "./outcome-memo.js";

export const OUTPUT_COLUMNS = [
  "qualify_verdict",
  "qualify_score",
  "qualify_reasons",
  "qualify_gaps",
  "qualify_warnings",
];

/** Distinct combinations of mapped cells whose scored output is remembered. */
const MAX_REMEMBERED_ROWS = 50_000;

/** Distinct outcomes whose CSV output is remembered. */
const MAX_REMEMBERED_OUTCOMES = 100_000;

/** Distinct combinations of answer classes whose scored output is remembered. */
const MAX_REMEMBERED_CLASSES = 100_000;
/** Rows after which the class memo judges whether it pays, and the share that must hit. */
const CLASS_TRIAL = 20_000;
const CLASS_MINIMUM_HITS = 0.25;

const NO_WARNING_IDS = new Int32Array(0);

/** What a row's mapped cells score to, ready to append: the same cells always score the same. */
interface Scored {
  verdict: Verdict;
  warnings: readonly string[];
  /** The qualify_ fields with their delimiters and line ending (CSV); bytes once remembered. */
  csv?: string | Buffer;
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
  onMapping?: (mapping: Mapping, headers: string[], delimiter: string) => boolean | void;
  /** Called now and then with the number of input bytes read. */
  onProgress?: (bytes: number) => void;
  /** Threads that score rows (1, the default: this one). */
  workers?: number;
  /** The worker script (tests run the built one from source). */
  workerUrl?: URL;
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

function joinReasons(result: Result): string {
  return result.reasons.join("; ");
}

function joinGaps(result: Result): string {
  let out = "";
  for (const gap of result.gaps) out += out === "" ? gap.question : `; ${gap.question}`;
  return out;
}

/** What the rows scored so far came to; a part of the summary, added up chunk by chunk. */
export type RowTally = Pick<
  BatchSummary,
  "rows" | "written" | "verdicts" | "rowsWithWarnings" | "warnings" | "warningSamples" | "skipped"
>;

export function emptyTally(): RowTally {
  return {
    rows: 0,
    written: 0,
    verdicts: { qualified: 0, nurture: 0, disqualified: 0 },
    rowsWithWarnings: 0,
    warnings: 0,
    warningSamples: [],
    skipped: { count: 0, lines: [] },
  };
}

/** Adds the tally of the rows that follow `into`'s: the listed lines stay the first few. */
export function addTally(into: RowTally, next: RowTally): void {
  into.rows += next.rows;
  into.written += next.written;
  for (const verdict of Object.keys(into.verdicts) as Verdict[])
    into.verdicts[verdict] += next.verdicts[verdict];
  into.rowsWithWarnings += next.rowsWithWarnings;
  into.warnings += next.warnings;
  for (const sample of next.warningSamples)
    if (into.warningSamples.length < MAX_LISTED) into.warningSamples.push(sample);
  into.skipped.count += next.skipped.count;
  for (const line of next.skipped.lines)
    if (into.skipped.lines.length < MAX_LISTED) into.skipped.lines.push(line);
}

/**
 * The keys of JSON lines' `row`: the header names, each once. An object holds a key once, so
 * a second `Notes` would overwrite the first one's cell: it becomes `Notes_2` (the next free
 * number), and an empty name `column_N` (its position), so no cell is lost.
 */
export function jsonKeys(headers: readonly string[]): string[] {
  const names = new Set(headers);
  const used = new Set<string>();
  return headers.map((header, i) => {
    const base = header === "" ? `column_${i + 1}` : header;
    let key = base;
    // Never a name the file itself has: that column keeps it.
    for (let n = 2; used.has(key) || (key !== header && names.has(key)); n++) key = `${base}_${n}`;
    used.add(key);
    return key;
  });
}

/** What scoring rows needs once the header is read: plain data, so a worker can have it. */
export interface RowSetup {
  headers: string[];
  delimiter: string;
  eol: string;
  map?: ColumnMap;
  format: "csv" | "jsonl";
  only?: readonly Verdict[];
}

/**
 * Scores data records and writes their output rows, tallying as it goes. Everything a row's
 * output depends on is here, so the rows of one file score alike whichever thread reads them.
 */
export class RowScorer {
  tally: RowTally = emptyTally();
  private readonly answers: RowAnswers;
  private readonly mappedQuestions: CompiledQuestion[];
  private readonly only: ReadonlySet<Verdict> | undefined;
  private readonly assessment: Assessment;
  /**
   * CSV: the output per outcome (outcome-memo.ts), formatted once. JSON lines carry the whole
   * result, so there the memo is per combination of answer classes (signature.ts): rows whose
   * answers the framework cannot tell apart share it.
   */
  private readonly byOutcome: OutcomeMemo<Scored> | undefined;
  private byClass: Map<string, Scored> | undefined;
  private readonly classRate = new HitRate(CLASS_TRIAL, CLASS_MINIMUM_HITS);
  private readonly remembered: RowMemo<Scored>;
  /** JSON lines: the header names as the keys of `row`, made unique (jsonKeys). */
  private readonly jsonKeys: string[];

  constructor(
    private readonly compiled: CompiledFramework,
    private readonly setup: RowSetup,
    private readonly writer: ByteWriter,
    mapping: Mapping = mapColumns(compiled, setup.headers, setup.map),
  ) {
    this.answers = new RowAnswers(compiled, mapping);
    this.mappedQuestions = mapping.bindings.map((b) => compiled.questions[b.question]!);
    this.only = setup.only === undefined ? undefined : new Set(setup.only);
    this.assessment = new Assessment(compiled);
    const csv = setup.format === "csv";
    this.byOutcome = csv
      ? new OutcomeMemo(compiled, MAX_REMEMBERED_OUTCOMES, mapping.bindings.length)
      : undefined;
    this.byClass = csv ? undefined : new Map();
    this.remembered = new RowMemo(this.answers, MAX_REMEMBERED_ROWS);
    this.jsonKeys = jsonKeys(setup.headers);
  }

  private csvTail(result: Result, warnings: readonly string[]): string {
    const { delimiter, eol } = this.setup;
    return `${delimiter}${result.verdict}${delimiter}${result.score}${delimiter}${csvField(joinReasons(result), delimiter)}${delimiter}${csvField(joinGaps(result), delimiter)}${delimiter}${csvField(warnings.join("; "), delimiter)}${eol}`;
  }

  /** Scores the answers just read, with the warnings their cells gave. */
  private score(warnings: readonly string[]): Scored {
    const { compiled, answers, assessment, byOutcome } = this;
    const values = answers.values;
    if (byOutcome !== undefined) {
      assess(compiled, values, assessment);
      // Warnings are part of the row's output: rows share one only with the same warnings.
      const shareable = answers.warningsNumbered;
      // Most rows read cleanly: their key leaves the warnings out (and so is shorter).
      const known = shareable
        ? byOutcome.lookup(assessment, warnings.length > 0 ? answers.warningIds : NO_WARNING_IDS)
        : undefined;
      if (known !== undefined) return known;
      const result = explain(compiled, assessment);
      const tail = this.csvTail(result, warnings);
      const scored = {
        verdict: result.verdict,
        warnings,
        csv: shareable ? Buffer.from(tail) : tail,
      };
      if (shareable) byOutcome.remember(scored);
      return scored;
    }
    let key = "";
    if (this.byClass !== undefined) {
      for (const question of this.mappedQuestions)
        key += `${question.classify(values[question.index])}\u0001`;
      if (warnings.length > 0) key += warnings.join("\u0002");
      const known = this.byClass.get(key);
      // Step aside when combinations rarely repeat (free text read as text, say).
      if (!this.classRate.count(known !== undefined)) this.byClass = undefined;
      if (known !== undefined) return known;
    }
    const result = evaluate(compiled, values);
    const { framework: _framework, schemaVersion, ...rest } = result;
    const json = JSON.stringify({
      schemaVersion,
      ...rest,
      gaps: result.gaps.map((g) => g.question),
      warnings,
    });
    const scored: Scored = { verdict: result.verdict, warnings, json: json.slice(1) };
    if (this.byClass !== undefined && this.byClass.size < MAX_REMEMBERED_CLASSES)
      this.byClass.set(key, scored);
    return scored;
  }

  /** Scores one data record (or counts it as skipped) and writes its output row. */
  readonly onRow = (record: CsvRecord): void => {
    const { tally, setup, writer } = this;
    const headerCount = setup.headers.length;
    if (record.count !== headerCount) {
      skipRecord(tally.skipped, record, headerCount);
      return;
    }
    tally.rows++;
    const warnings = this.answers.read(record);
    const remembered = this.remembered;
    let scored = remembered.lookup();
    if (scored === undefined) {
      scored = this.score(warnings);
      // Remembered output is kept as bytes: copying them is cheaper than encoding each time.
      if (remembered.active && typeof scored.csv === "string") scored.csv = Buffer.from(scored.csv);
      remembered.remember(scored);
    }
    if (scored.warnings.length > 0) {
      tally.rowsWithWarnings++;
      tally.warnings += scored.warnings.length;
      for (const message of scored.warnings) {
        if (tally.warningSamples.length < MAX_LISTED)
          tally.warningSamples.push({ line: record.line, message });
      }
    }
    tally.verdicts[scored.verdict]++;
    if (this.only !== undefined && !this.only.has(scored.verdict)) return;
    tally.written++;
    if (setup.format === "csv") {
      writer.bytes(record.buffer, record.start, record.end);
      const tail = scored.csv!;
      if (typeof tail === "string") writer.text(tail);
      else writer.bytes(tail, 0, tail.length);
    } else {
      // No prototype: a column named __proto__ is data like any other.
      const row = Object.create(null) as Record<string, string>;
      this.jsonKeys.forEach((key, i) => (row[key] = record.field(i)));
      writer.text(`{"line":${record.line},"row":${JSON.stringify(row)},${scored.json!}\n`);
    }
  };
}

/**
 * Scores every row of `input` (CSV bytes) with `compiled` and writes CSV or JSON lines to
 * `output`. Throws an InputError before writing anything when the header does not fit.
 * With `workers` above 1, rows are scored on that many threads (batch-workers.ts); the
 * output is the same, byte for byte.
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
    ...emptyTally(),
    headers: [],
    delimiter: options.delimiter ?? ",",
    bytes: 0,
    stopped: false,
  };
  const workers = options.workers ?? 1;
  const pool = workers > 1 ? await import("./batch-workers.js") : undefined;
  let scorer: RowScorer | undefined;
  let parallel: import("./batch-workers.js").WorkerPool | undefined;

  const onHeader = (record: CsvRecord, shape: CsvShape): boolean => {
    const headers = record.fields();
    summary.headers = headers;
    summary.delimiter = shape.delimiter;
    const mapping = mapColumns(compiled, headers, options.map);
    summary.mapping = mapping;
    if (options.onMapping?.(mapping, headers, shape.delimiter) === false) {
      summary.stopped = true;
      return false;
    }
    const setup: RowSetup = {
      headers,
      delimiter: shape.delimiter,
      eol: shape.eol,
      map: options.map,
      format,
      only: options.only === undefined ? undefined : [...options.only],
    };
    if (pool !== undefined)
      parallel = new pool.WorkerPool(compiled, setup, writer, workers, options.workerUrl);
    else scorer = new RowScorer(compiled, setup, writer, mapping);
    if (format === "csv") {
      if (shape.bom) writer.text("\uFEFF");
      if (shape.separatorLine !== undefined) writer.text(shape.separatorLine);
      writer.bytes(record.buffer, record.start, record.end);
      writer.text(`${OUTPUT_COLUMNS.map((c) => shape.delimiter + c).join("")}${shape.eol}`);
    }
    return true;
  };

  let lastProgress = 0;
  try {
    const read = await readCsv(input, {
      delimiter: options.delimiter,
      onHeader,
      onRow: (record) => scorer?.onRow(record),
      onRecords:
        pool === undefined
          ? undefined
          : (bytes, start, end, line) => parallel!.send(bytes, start, end, line),
      afterChunk: async (bytes) => {
        await parallel?.settle();
        await writer.flushIfFull();
        if (options.onProgress !== undefined && bytes - lastProgress >= 1 << 22) {
          lastProgress = bytes;
          options.onProgress(bytes);
        }
      },
    });
    summary.bytes = read.bytes;
    if (parallel !== undefined) addTally(summary, await parallel.finish());
  } finally {
    await parallel?.close();
  }
  if (scorer !== undefined) addTally(summary, scorer.tally);
  await writer.flush();
  options.onProgress?.(summary.bytes);
  return summary;
}
