/**
 * From counted history to every figure of the backtest, in the stable shape `--json` prints
 * and the terminal and HTML renderers draw. Pure.
 */
import type { CompiledFramework } from "../core/compile.js";
import { VERDICTS, type Level, type Verdict } from "../core/constants.js";
import type { BucketInfo } from "./answers.js";
import type { History, OutcomeValue } from "./history.js";
import type { OutcomeClass } from "./outcome.js";
import type { SkippedRows } from "../io/csv/source.js";
import {
  auc,
  cell,
  deciles,
  pointAt,
  rate,
  rocCurve,
  suggestMinScore,
  sweep,
  totalsOf,
  type Cell,
  type DecileBand,
  type SweepPoint,
} from "./metrics.js";

export const BACKTEST_SCHEMA_VERSION = 1;

/** Fewer positive or negative outcomes than this makes every figure noisy. */
export const MIN_OUTCOMES = 40;
/** Mean coverage (percent) below which most answers are unknown. */
export const LOW_COVERAGE = 50;

export interface Warning {
  code:
    | "few-outcomes"
    | "low-coverage"
    | "outcome-in-score"
    | "unrecognised-outcomes"
    | "unreadable-values"
    | "skipped-lines";
  message: string;
}

export interface CriterionFigures {
  id: string;
  label: string;
  level: Level;
  met: Cell;
  unmet: Cell;
  unknown: Cell;
  /** Rate when met minus rate when not met (null when either has no rows). */
  difference: number | null;
}

export interface AnswerFigures {
  question: string;
  text: string;
  criterion: string;
  type: string;
  /** The column that feeds it, or null. */
  column: string | null;
  buckets: Array<BucketInfo & Cell>;
  /** Highest minus lowest rate among known answers with rows (null with fewer than two). */
  spread: number | null;
}

export interface BacktestReport {
  schemaVersion: typeof BACKTEST_SCHEMA_VERSION;
  framework: { id: string; name: string; version: string; hash: string };
  input: {
    file: string;
    rows: number;
    bytes: number;
    delimiter: string;
    skipped: { count: number; lines: Array<{ line: number; reason: string }> };
    rowsWithWarnings: number;
    warningSamples: Array<{ line: number; message: string }>;
  };
  outcome: {
    column: string;
    /** Values counted as positive and as negative (compared ignoring case and spacing). */
    positiveValues: string[];
    negativeValues: string[];
    positives: number;
    negatives: number;
    /** Rows with a positive or negative outcome: the rows every figure is about. */
    scored: number;
    /** Values found in the file, per class. */
    values: {
      positive: OutcomeValue[];
      negative: OutcomeValue[];
      open: OutcomeValue[];
      blank: OutcomeValue[];
      unrecognised: OutcomeValue[];
    };
    /** Rows left out: blank, open, or not recognised. */
    leftOut: { blank: number; open: number; unrecognised: number };
  };
  baseRate: number | null;
  verdicts: Array<{ verdict: Verdict } & Cell>;
  deciles: DecileBand[];
  /** How ties are handled in the deciles, in one sentence. */
  decileTies: string;
  auc: number | null;
  roc: Array<{ fpr: number; tpr: number }>;
  qualified: {
    n: number;
    positives: number;
    precision: number | null;
    recall: number | null;
  };
  minScore: {
    /** The framework's verdict.qualified.minScore, or null when it has none. */
    current: number | null;
    /** The gate at every minScore from 0 to 100, other gates and rules unchanged. */
    sweep: SweepPoint[];
    suggested: number | null;
    reason: string;
    /** What moving the gate to the suggestion would change (when there is one). */
    change: {
      qualified: number;
      precision: [number | null, number | null];
      recall: [number | null, number | null];
    } | null;
  };
  criteria: CriterionFigures[];
  answers: AnswerFigures[];
  coverage: {
    /** Mean share of the maximum points whose questions are answered, 0–100. */
    mean: number | null;
    mapping: Array<{ question: string; column: string }>;
    /** Questions with no column (unknown for every row). */
    unmapped: string[];
    /** Mapped questions unknown in more than half of the scored rows. */
    mostlyUnknown: string[];
  };
  warnings: Warning[];
}

const sum = (values: readonly OutcomeValue[]): number =>
  values.reduce((total, v) => total + v.rows, 0);

const count = (n: number): string => n.toLocaleString("en-US");

/** A sentence that ends with one full stop, whatever the quoted message ended with. */
const sentence = (text: string): string => `${text.replace(/[.\s]+$/, "")}.`;

/** The warnings for values that could not be read and lines skipped (`rows`: which rows). */
export function readingWarnings(
  rows: string,
  rowsWithWarnings: number,
  samples: ReadonlyArray<{ line: number; message: string }>,
  skipped: SkippedRows,
): Warning[] {
  const warnings: Warning[] = [];
  const sample = samples[0];
  if (rowsWithWarnings > 0)
    warnings.push({
      code: "unreadable-values",
      message: sentence(
        `${count(rowsWithWarnings)} ${rows} row${rowsWithWarnings === 1 ? "" : "s"} had values that could not be read (made unknown)${sample ? `, e.g. line ${sample.line}: ${sample.message}` : ""}`,
      ),
    });
  const line = skipped.lines[0];
  if (skipped.count > 0)
    warnings.push({
      code: "skipped-lines",
      message: sentence(
        `${count(skipped.count)} line${skipped.count === 1 ? " is" : "s are"} not a data row and ${skipped.count === 1 ? "was" : "were"} skipped${line ? `, e.g. line ${line.line}: ${line.reason}` : ""}`,
      ),
    });
  return warnings;
}
const listValues = (values: readonly OutcomeValue[], max = 6): string =>
  values
    .slice(0, max)
    .map((v) => `'${v.value}' (${count(v.rows)})`)
    .join(", ") + (values.length > max ? `, … ${values.length - max} more` : "");

/** Rows left out with no outcome yet: blank, open, or a value neither side names. */
export function leftOutOf(values: Record<OutcomeClass, OutcomeValue[]>): {
  blank: number;
  open: number;
  unrecognised: number;
} {
  return {
    blank: sum(values.blank),
    open: sum(values.open),
    unrecognised: sum(values.unrecognised),
  };
}

/** The warning for outcome values neither positive, negative nor open (none if none). */
export function unrecognisedOutcomes(values: readonly OutcomeValue[]): Warning[] {
  const rows = sum(values);
  if (rows === 0) return [];
  return [
    {
      code: "unrecognised-outcomes",
      message: `${count(rows)} row${rows === 1 ? " has an outcome" : "s have outcomes"} that ${rows === 1 ? "is" : "are"} neither positive, negative nor open, left out: ${listValues(values)}. Name them with --positive or --negative.`,
    },
  ];
}

export interface ReportMeta {
  file: string;
  positiveValues: readonly string[];
  negativeValues: readonly string[];
}

export function buildReport(
  history: History,
  compiled: CompiledFramework,
  meta: ReportMeta,
): BacktestReport {
  const { positives, negatives } = history;
  const scored = positives + negatives;
  const base = rate(positives, scored);
  const groups = history.scores.groups();
  const eligibleGroups = history.eligible.groups();
  const totals = totalsOf(groups);

  const verdicts = VERDICTS.map((verdict, i) => {
    const p = history.verdicts.positives[i]!;
    const n = p + history.verdicts.negatives[i]!;
    return { verdict, ...cell(n, p, base) };
  });
  const qualifiedRow = verdicts[VERDICTS.indexOf("qualified")]!;

  const gate = compiled.framework.verdict.qualified.minScore;
  const current = pointAt(eligibleGroups, gate ?? 0, totals);
  const points = sweep(eligibleGroups, totals);
  const suggestion = suggestMinScore(points, current, totals);
  const suggested = suggestion.minScore === null ? null : suggestion.best;

  const criteria: CriterionFigures[] = compiled.criteria.map((criterion, c) => {
    const at = (status: number): Cell => {
      const p = history.criteria.positives[c * 3 + status]!;
      return cell(p + history.criteria.negatives[c * 3 + status]!, p, base);
    };
    const met = at(0);
    const unmet = at(1);
    return {
      id: criterion.id,
      label: criterion.label,
      level: criterion.level,
      met,
      unmet,
      unknown: at(2),
      difference: met.rate === null || unmet.rate === null ? null : met.rate - unmet.rate,
    };
  });

  const columnOf = new Map(history.mapping.bindings.map((b) => [b.question, b.header]));
  const answers: AnswerFigures[] = history.layout.questions.map((q) => {
    const buckets = q.buckets.map((info, i) => {
      const p = history.answers.positives[q.offset + i]!;
      return { ...info, ...cell(p + history.answers.negatives[q.offset + i]!, p, base) };
    });
    const known = buckets.filter((b) => b.kind !== "unknown" && b.rate !== null);
    const rates = known.map((b) => b.rate!);
    return {
      question: q.id,
      text: q.text,
      criterion: q.criterion,
      type: q.type,
      column: columnOf.get(q.question) ?? null,
      buckets,
      spread: rates.length >= 2 ? Math.max(...rates) - Math.min(...rates) : null,
    };
  });

  const mostlyUnknown = answers
    .filter((a) => a.column !== null && scored > 0)
    .filter((a) => a.buckets[a.buckets.length - 1]!.n * 2 > scored)
    .map((a) => a.question);
  const unmapped = [...history.mapping.unmapped, ...history.outcomeQuestions];
  const meanCoverage = scored > 0 ? history.coverageSum / scored : null;

  const leftOut = leftOutOf(history.values);

  const warnings: Warning[] = [];
  if (history.outcomeQuestions.length > 0)
    warnings.push({
      code: "outcome-in-score",
      message: `The outcome column '${history.outcomeColumn}' also feeds ${history.outcomeQuestions.map((q) => `'${q}'`).join(", ")}: left unknown, or the score would see the outcome it is tested against.`,
    });
  if (positives < MIN_OUTCOMES || negatives < MIN_OUTCOMES)
    warnings.push({
      code: "few-outcomes",
      message: `Only ${count(positives)} positive and ${count(negatives)} negative outcomes: with fewer than ${MIN_OUTCOMES} ${positives < MIN_OUTCOMES && negatives < MIN_OUTCOMES ? "of each" : positives < MIN_OUTCOMES ? "positives" : "negatives"}, rates, lift and AUC are noisy; read them as hints, not findings.`,
    });
  if (meanCoverage !== null && meanCoverage < LOW_COVERAGE) {
    const parts: string[] = [];
    const noColumn = history.mapping.unmapped;
    if (noColumn.length > 0)
      parts.push(
        `no column for ${noColumn.length} of ${answers.length} questions (${noColumn.join(", ")})`,
      );
    if (history.outcomeQuestions.length > 0)
      parts.push(`left unknown as the outcome: ${history.outcomeQuestions.join(", ")}`);
    if (mostlyUnknown.length > 0)
      parts.push(`mostly blank or unreadable: ${mostlyUnknown.join(", ")}`);
    warnings.push({
      code: "low-coverage",
      message: `Most answers are unknown (mean coverage ${meanCoverage.toFixed(0)}%)${parts.length > 0 ? `: ${parts.join("; ")}` : ""}. The mapping is probably wrong or incomplete: check it with 'qualify batch --explain-mapping', or map the columns with --map.`,
    });
  }
  warnings.push(...unrecognisedOutcomes(history.values.unrecognised));
  warnings.push(
    ...readingWarnings("scored", history.rowsWithWarnings, history.warningSamples, history.skipped),
  );

  return {
    schemaVersion: BACKTEST_SCHEMA_VERSION,
    framework: {
      id: compiled.framework.id,
      name: compiled.framework.name,
      version: compiled.framework.version,
      hash: compiled.hash,
    },
    input: {
      file: meta.file,
      rows: history.rows,
      bytes: history.bytes,
      delimiter: history.delimiter,
      skipped: history.skipped,
      rowsWithWarnings: history.rowsWithWarnings,
      warningSamples: history.warningSamples,
    },
    outcome: {
      column: history.outcomeColumn,
      positiveValues: [...meta.positiveValues],
      negativeValues: [...meta.negativeValues],
      positives,
      negatives,
      scored,
      values: history.values,
      leftOut,
    },
    baseRate: base,
    verdicts,
    deciles: deciles(groups),
    decileTies:
      "Rows with the same score are never split: a band closes at the first change of score at or after each 10% mark, so a score shared by many rows makes one wider band (labelled with the deciles it spans, e.g. 1–3).",
    auc: auc(groups),
    roc: rocCurve(groups),
    qualified: {
      n: qualifiedRow.n,
      positives: qualifiedRow.positives,
      precision: qualifiedRow.rate,
      recall: rate(qualifiedRow.positives, positives),
    },
    minScore: {
      current: gate ?? null,
      sweep: points,
      suggested: suggestion.minScore,
      reason: suggestion.reason,
      change:
        suggested === null
          ? null
          : {
              qualified: suggested.qualified - current.qualified,
              precision: [current.precision, suggested.precision],
              recall: [current.recall, suggested.recall],
            },
    },
    criteria,
    answers,
    coverage: {
      mean: meanCoverage,
      mapping: history.mapping.bindings.map((b) => ({
        question: compiled.questions[b.question]!.id,
        column: b.header,
      })),
      unmapped,
      mostlyUnknown,
    },
    warnings,
  };
}
