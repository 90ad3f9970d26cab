/**
 * Reading won/lost history: every row with an outcome is scored with the framework (the
 * same reader, mapping, coercion and engine as batch) and only counted — per verdict, per
 * score, per criterion status and per answer — so memory stays constant whatever the size.
 * Rows with no outcome yet (blank, open, or a value not recognised) are left out and counted
 * by value; lines that are not data rows are skipped and counted, as in batch.
 */
import type { CompiledFramework, CompiledQuestion } from "../core/compile.js";
import { evaluate } from "../core/engine.js";
import { InputError } from "../core/errors.js";
import { VERDICTS, type Verdict } from "../core/constants.js";
import { didYouMean, listOf } from "../core/suggest.js";
import type { CsvRecord } from "../io/csv/reader.js";
import { MAX_LISTED, readCsv, skipRecord, type SkippedRows } from "../io/csv/source.js";
import { mapColumns, normalizeHeader, type ColumnMap, type Mapping } from "../io/mapping.js";
import { RowAnswers } from "../io/row-answers.js";
import { RowMemo } from "../io/row-memo.js";
import { AnswerLayout } from "./answers.js";
import { ScoreTally } from "./metrics.js";
import { OutcomeReader, type OutcomeClass, type OutcomeRules } from "./outcome.js";

/** Distinct mapped-cell combinations whose scoring is remembered (as in batch). */
const MAX_REMEMBERED_ROWS = 50_000;
/** Distinct answer-class combinations whose scoring is remembered. */
const MAX_REMEMBERED_CLASSES = 100_000;
const CLASS_TRIAL = 20_000;
/** Distinct outcome cell texts counted by value; past this they are counted together. */
const MAX_OUTCOME_VALUES = 1_000;

const CRITERION_STATUS = { met: 0, unmet: 1, unknown: 2 } as const;

/** What one combination of answers scores to, reduced to what the metrics count. */
interface Scored {
  verdict: number;
  score: number;
  /** Qualified at any minScore the score reaches: no rule fired, every other gate passed. */
  eligible: boolean;
  coverage: number;
  /** Per criterion: 0 met, 1 unmet, 2 unknown. */
  statuses: Uint8Array;
  /** Shared answer-bucket indexes (see answers.ts). */
  cells: Int32Array;
}

/** Positive and negative counts over some index space. */
export class Counts {
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
  constructor(size: number) {
    this.positives = new Float64Array(size);
    this.negatives = new Float64Array(size);
  }
  add(index: number, positive: boolean): void {
    if (positive) this.positives[index]!++;
    else this.negatives[index]!++;
  }
}

export interface OutcomeValue {
  /** The cell as written (trimmed), or `(N other values)` past the listing limit. */
  value: string;
  rows: number;
}

/** Scored history: the scan's findings and every count the backtest's metrics need. */
export interface History extends OutcomeScan {
  rowsWithWarnings: number;
  warningSamples: Array<{ line: number; message: string }>;
  /** Per verdict index (VERDICTS order). */
  verdicts: Counts;
  scores: ScoreTally;
  /** Scores of rows that pass every gate but minScore and fire no rule. */
  eligible: ScoreTally;
  /** Per criterion × status (met, unmet, unknown). */
  criteria: Counts;
  answers: Counts;
  layout: AnswerLayout;
  /** Sum of the results' coverage (0–100) over scored rows. */
  coverageSum: number;
}

export interface HistoryOptions {
  /** The outcome column's name (matched exactly, then ignoring case, spaces and underscores). */
  outcome: string;
  rules: OutcomeRules;
  delimiter?: string;
  map?: ColumnMap;
  onProgress?: (bytes: number) => void;
}

export function findOutcomeColumn(headers: readonly string[], name: string): number {
  const exact = headers.flatMap((h, i) => (h === name ? [i] : []));
  const matches =
    exact.length > 0
      ? exact
      : headers.flatMap((h, i) => (normalizeHeader(h) === normalizeHeader(name) ? [i] : []));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new InputError(
      `the outcome column '${name}' appears ${matches.length} times (columns ${matches.map((i) => i + 1).join(", ")})`,
      { hint: "Rename one of them in the file." },
    );
  throw new InputError(`no outcome column '${name}' in the file.${didYouMean(name, headers)}`, {
    hint: `Columns in the file: ${listOf([...headers], 40)}. Name the won/lost column with --outcome.`,
  });
}

/** What scanning history finds about the file and its outcomes, whatever is counted. */
export interface OutcomeScan {
  headers: string[];
  delimiter: string;
  mapping: Mapping;
  outcomeColumn: string;
  outcomeIndex: number;
  outcomeQuestions: string[];
  rows: number;
  positives: number;
  negatives: number;
  values: Record<OutcomeClass, OutcomeValue[]>;
  skipped: SkippedRows;
  bytes: number;
}

/** Called once the header is read: the answers reader for the mapped columns. */
export interface OutcomeRowHandler {
  onHeader(answers: RowAnswers, mapping: Mapping): void;
  /** A data row with a positive or negative outcome. */
  onRow(record: CsvRecord, positive: boolean): void;
}

/**
 * Reads history once: finds the outcome column, maps the other columns to questions (never
 * the outcome column itself), classifies each row's outcome and hands the rows with one to
 * `handler`. Lines that are not data rows are skipped and counted, as in batch.
 */
export async function scanOutcomes(
  compiled: CompiledFramework,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  options: HistoryOptions,
  handler: OutcomeRowHandler,
): Promise<OutcomeScan> {
  const outcomes = new OutcomeReader(options.rules);
  const scan: OutcomeScan = {
    headers: [],
    delimiter: options.delimiter ?? ",",
    mapping: { bindings: [], unmapped: [] },
    outcomeColumn: options.outcome,
    outcomeIndex: -1,
    outcomeQuestions: [],
    rows: 0,
    positives: 0,
    negatives: 0,
    values: { positive: [], negative: [], open: [], blank: [], unrecognised: [] },
    skipped: { count: 0, lines: [] },
    bytes: 0,
  };
  let headerCount = 0;
  let outcomeIndex = -1;

  const onHeader = (record: CsvRecord, shape: { delimiter: string }): void => {
    const headers = record.fields();
    scan.headers = headers;
    scan.delimiter = shape.delimiter;
    headerCount = headers.length;
    outcomeIndex = findOutcomeColumn(headers, options.outcome);
    scan.outcomeIndex = outcomeIndex;
    scan.outcomeColumn = headers[outcomeIndex]!;
    const mapping = mapColumns(compiled, headers, options.map);
    // A question read from the outcome column would score the outcome itself.
    const leaking = mapping.bindings.filter((b) => b.column === outcomeIndex);
    scan.outcomeQuestions = leaking.map((b) => compiled.questions[b.question]!.id);
    scan.mapping = {
      bindings: mapping.bindings.filter((b) => b.column !== outcomeIndex),
      unmapped: mapping.unmapped,
    };
    handler.onHeader(new RowAnswers(compiled, scan.mapping), scan.mapping);
  };

  // Outcome cells by their text: a column of outcomes holds a handful of values.
  const outcomeCells = new Map<string, { cls: OutcomeClass; rows: number }>();
  const overflow: Record<OutcomeClass, number> = {
    positive: 0,
    negative: 0,
    open: 0,
    blank: 0,
    unrecognised: 0,
  };
  const outcomeOf = (record: CsvRecord): OutcomeClass => {
    const text = record.field(outcomeIndex);
    const known = outcomeCells.get(text);
    if (known !== undefined) {
      known.rows++;
      return known.cls;
    }
    const cls = outcomes.classify(text);
    if (outcomeCells.size < MAX_OUTCOME_VALUES) outcomeCells.set(text, { cls, rows: 1 });
    else overflow[cls]++;
    return cls;
  };

  const onRow = (record: CsvRecord): void => {
    if (record.count !== headerCount) {
      skipRecord(scan.skipped, record, headerCount);
      return;
    }
    scan.rows++;
    const cls = outcomeOf(record);
    if (cls !== "positive" && cls !== "negative") return;
    const positive = cls === "positive";
    if (positive) scan.positives++;
    else scan.negatives++;
    handler.onRow(record, positive);
  };

  let lastProgress = 0;
  const read = await readCsv(input, {
    delimiter: options.delimiter,
    onHeader,
    onRow,
    afterChunk: (bytes) => {
      if (options.onProgress !== undefined && bytes - lastProgress >= 1 << 22) {
        lastProgress = bytes;
        options.onProgress(bytes);
      }
    },
  });
  scan.bytes = read.bytes;
  options.onProgress?.(read.bytes);

  const byValue = new Map<string, { cls: OutcomeClass; rows: number }>();
  for (const [text, entry] of outcomeCells) {
    const value = text.trim();
    const key = `${entry.cls}\u0000${value}`;
    const seen = byValue.get(key);
    if (seen) seen.rows += entry.rows;
    else byValue.set(key, { cls: entry.cls, rows: entry.rows });
  }
  for (const [key, entry] of byValue)
    scan.values[entry.cls].push({
      value: key.slice(key.indexOf("\u0000") + 1),
      rows: entry.rows,
    });
  for (const cls of Object.keys(overflow) as OutcomeClass[]) {
    if (overflow[cls] > 0) scan.values[cls].push({ value: "(other values)", rows: overflow[cls] });
    scan.values[cls].sort(
      (a, b) => b.rows - a.rows || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
    );
  }
  return scan;
}

/**
 * Scores rows through the same memos as batch: rows whose mapped cells repeat, then rows
 * whose answers the framework cannot tell apart (signature.ts), are scored once. Each steps
 * aside when its trial shows rows rarely repeat. `score` reads `answers.values`.
 */
export class ScoringMemo<T> {
  private readonly byClass = new Map<string, T>();
  private readonly mappedQuestions: CompiledQuestion[];
  private readonly remembered: RowMemo<{ value: T; warnings: readonly string[] }>;
  private classLookups = 0;
  private classHits = 0;
  private classMemo = true;

  constructor(
    compiled: CompiledFramework,
    private readonly answers: RowAnswers,
    mapping: Mapping,
    private readonly score: (warnings: readonly string[]) => T,
  ) {
    this.mappedQuestions = mapping.bindings.map((b) => compiled.questions[b.question]!);
    this.remembered = new RowMemo(answers, MAX_REMEMBERED_ROWS);
  }

  /** The scored value of a record, and the warnings its cells gave. */
  get(record: CsvRecord): { value: T; warnings: readonly string[] } {
    const warnings = this.answers.read(record);
    let scored = this.remembered.lookup();
    if (scored === undefined) {
      scored = this.scoreAnswers(warnings);
      this.remembered.remember(scored);
    }
    return scored;
  }

  private scoreAnswers(warnings: readonly string[]): { value: T; warnings: readonly string[] } {
    if (!this.classMemo) return { value: this.score(warnings), warnings };
    const values = this.answers.values;
    let key = "";
    for (const question of this.mappedQuestions)
      key += `${question.classify(values[question.index])}\u0001`;
    if (warnings.length > 0) key += warnings.join("\u0002");
    if (++this.classLookups === CLASS_TRIAL && this.classHits < CLASS_TRIAL / 4) {
      this.classMemo = false;
      this.byClass.clear();
    }
    const known = this.byClass.get(key);
    if (known !== undefined) {
      this.classHits++;
      return { value: known, warnings };
    }
    const value = this.score(warnings);
    if (this.classMemo && this.byClass.size < MAX_REMEMBERED_CLASSES) this.byClass.set(key, value);
    return { value, warnings };
  }
}

export async function readHistory(
  compiled: CompiledFramework,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  options: HistoryOptions,
): Promise<History> {
  const layout = new AnswerLayout(compiled);
  const verdictIndex = new Map<Verdict, number>(VERDICTS.map((v, i) => [v, i]));
  const counts = {
    rowsWithWarnings: 0,
    warningSamples: [] as Array<{ line: number; message: string }>,
    verdicts: new Counts(VERDICTS.length),
    scores: new ScoreTally(),
    eligible: new ScoreTally(),
    criteria: new Counts(compiled.criteria.length * 3),
    answers: new Counts(layout.size),
    coverageSum: 0,
  };
  let memo: ScoringMemo<Scored> | undefined;
  let answers: RowAnswers | undefined;
  const scoreValues = (): Scored => {
    const values = answers!.values;
    const result = evaluate(compiled, values);
    const statuses = new Uint8Array(result.criteria.length);
    result.criteria.forEach((c, i) => (statuses[i] = CRITERION_STATUS[c.status]));
    return {
      verdict: verdictIndex.get(result.verdict)!,
      score: result.score,
      eligible:
        result.rules.length === 0 && result.gates.every((g) => g.gate === "minScore" || g.passed),
      coverage: result.coverage,
      statuses,
      cells: Int32Array.from(layout.cellsOf(values)),
    };
  };

  const { scores, eligible, verdicts, criteria, answers: answerCounts } = counts;
  const scan = await scanOutcomes(compiled, input, options, {
    onHeader(rowAnswers, mapping) {
      answers = rowAnswers;
      memo = new ScoringMemo(compiled, rowAnswers, mapping, scoreValues);
    },
    onRow(record, positive) {
      const { value: scored, warnings } = memo!.get(record);
      if (warnings.length > 0) {
        counts.rowsWithWarnings++;
        for (const message of warnings)
          if (counts.warningSamples.length < MAX_LISTED)
            counts.warningSamples.push({ line: record.line, message });
      }
      verdicts.add(scored.verdict, positive);
      scores.add(scored.score, positive ? 1 : 0, positive ? 0 : 1);
      if (scored.eligible) eligible.add(scored.score, positive ? 1 : 0, positive ? 0 : 1);
      const statuses = scored.statuses;
      for (let c = 0; c < statuses.length; c++) criteria.add(c * 3 + statuses[c]!, positive);
      const cells = scored.cells;
      for (let i = 0; i < cells.length; i++) answerCounts.add(cells[i]!, positive);
      counts.coverageSum += scored.coverage;
    },
  });
  return { ...scan, ...counts, layout };
}
