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
  onMapping?: (mapping: Mapping, headers: string[]) => boolean | void;
  /** Called now and then with the number of input bytes read. */
  onProgress?: (bytes: number) => void;
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

  let headers: string[] | undefined;
  let answers: RowAnswers | undefined;
  let mappedQuestions: CompiledQuestion[] = [];
  let eol = "\n";
  let delimiter = summary.delimiter;

  const onHeader = (record: CsvRecord, shape: CsvShape): boolean => {
    headers = record.fields();
    summary.headers = headers;
    delimiter = shape.delimiter;
    eol = shape.eol;
    summary.delimiter = delimiter;
    const mapping = mapColumns(compiled, headers, options.map);
    summary.mapping = mapping;
    if (options.onMapping?.(mapping, headers) === false) {
      summary.stopped = true;
      return false;
    }
    answers = new RowAnswers(compiled, mapping);
    if (format === "csv")
      byOutcome = new OutcomeMemo(compiled, MAX_REMEMBERED_OUTCOMES, mapping.bindings.length);
    mappedQuestions = mapping.bindings.map((b) => compiled.questions[b.question]!);
    if (format === "csv") {
      if (shape.bom) writer.text("\uFEFF");
      writer.bytes(record.buffer, record.start, record.end);
      writer.text(`${OUTPUT_COLUMNS.map((c) => delimiter + c).join("")}${eol}`);
    }
    return true;
  };

  /**
   * CSV: the output per outcome (outcome-memo.ts), formatted once. JSON lines carry the whole
   * result, so there the memo is per combination of answer classes (signature.ts): rows whose
   * answers the framework cannot tell apart share it.
   */
  const assessment = new Assessment(compiled);
  let byOutcome: OutcomeMemo<Scored> | undefined;
  let byClass: Map<string, Scored> | undefined = format === "csv" ? undefined : new Map();
  const classRate = new HitRate(CLASS_TRIAL, CLASS_MINIMUM_HITS);

  const csvTail = (result: Result, warnings: readonly string[]): string =>
    `${delimiter}${result.verdict}${delimiter}${result.score}${delimiter}${csvField(joinReasons(result), delimiter)}${delimiter}${csvField(joinGaps(result), delimiter)}${delimiter}${csvField(warnings.join("; "), delimiter)}${eol}`;

  const score = (): Scored => {
    const warnings = answers!.read(currentRecord!);
    const values = answers!.values;
    if (byOutcome !== undefined) {
      assess(compiled, values, assessment);
      // Warnings are part of the row's output: rows share one only with the same warnings.
      const warningIds = answers!.warningIds;
      const shareable = !warningIds.includes(-1);
      const known = shareable ? byOutcome.lookup(assessment, warningIds) : undefined;
      if (known !== undefined) return known;
      const result = explain(compiled, assessment);
      const tail = csvTail(result, warnings);
      const scored = {
        verdict: result.verdict,
        warnings,
        csv: shareable ? Buffer.from(tail) : tail,
      };
      if (shareable) byOutcome.remember(scored);
      return scored;
    }
    let key = "";
    if (byClass !== undefined) {
      for (const question of mappedQuestions)
        key += `${question.classify(values[question.index])}\u0001`;
      if (warnings.length > 0) key += warnings.join("\u0002");
      const known = byClass.get(key);
      // Step aside when combinations rarely repeat (free text read as text, say).
      if (!classRate.count(known !== undefined)) byClass = undefined;
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
    if (byClass !== undefined && byClass.size < MAX_REMEMBERED_CLASSES) byClass.set(key, scored);
    return scored;
  };

  let currentRecord: CsvRecord | undefined;
  let remembered: RowMemo<Scored> | undefined;
  const onRow = (record: CsvRecord): void => {
    const headerCount = headers!.length;
    if (record.count !== headerCount) {
      skipRecord(summary.skipped, record, headerCount);
      return;
    }
    summary.rows++;
    remembered ??= new RowMemo(answers!.columnIndexes, MAX_REMEMBERED_ROWS);
    let scored = remembered.lookup(record);
    if (scored === undefined) {
      currentRecord = record;
      scored = score();
      // Remembered output is kept as bytes: copying them is cheaper than encoding each time.
      if (remembered.active && typeof scored.csv === "string") scored.csv = Buffer.from(scored.csv);
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
      const tail = scored.csv!;
      if (typeof tail === "string") writer.text(tail);
      else writer.bytes(tail, 0, tail.length);
    } else {
      // No prototype: a column named __proto__ is data like any other.
      const row = Object.create(null) as Record<string, string>;
      headers!.forEach((header, i) => (row[header] = record.field(i)));
      writer.text(`{"line":${record.line},"row":${JSON.stringify(row)},${scored.json!}\n`);
    }
  };

  let lastProgress = 0;
  const read = await readCsv(input, {
    delimiter: options.delimiter,
    onHeader,
    onRow,
    afterChunk: async (bytes) => {
      await writer.flushIfFull();
      if (options.onProgress !== undefined && bytes - lastProgress >= 1 << 22) {
        lastProgress = bytes;
        options.onProgress(bytes);
      }
    },
  });
  summary.bytes = read.bytes;
  await writer.flush();
  options.onProgress?.(summary.bytes);
  return summary;
}
