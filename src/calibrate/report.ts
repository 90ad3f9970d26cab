/**
 * From a calibration to every figure, in the stable shape `--json` prints and the terminal
 * and HTML renderers draw. Pure.
 */
import type { CompiledFramework } from "../core/compile.js";
import { AnswerLayout, type BucketInfo } from "../backtest/answers.js";
import { rate } from "../backtest/metrics.js";
import { leftOutOf, readingWarnings, unrecognisedOutcomes } from "../backtest/report.js";
import type { AucChange } from "./bootstrap.js";
import {
  BOOTSTRAP_REPLICATES,
  L2_PENALTY,
  LEAK_SEPARATION,
  type Calibration,
  type Leak,
  type SideCounts,
} from "./calibrate.js";
import type { VerdictFigures } from "./tally.js";

export const CALIBRATE_SCHEMA_VERSION = 1;

export interface AnswerPoints {
  value: string;
  label: string;
  kind: BucketInfo["kind"];
  /** Points before and after (null for unknown, which earns nothing). */
  before: number | null;
  after: number | null;
  /** Training rows with this answer, and the share of them positive. */
  rows: number;
  positives: number;
  rate: number | null;
}

export interface QuestionPoints {
  question: string;
  text: string;
  criterion: string;
  type: string;
  learned: boolean;
  /** Why it was not learned: no column, --exclude, it leaks the outcome, it is the outcome. */
  notLearned: "unmapped" | "excluded" | "leak" | "outcome" | null;
  answers: AnswerPoints[];
}

export interface CalibrationReport {
  schemaVersion: typeof CALIBRATE_SCHEMA_VERSION;
  framework: { id: string; name: string; version: string; hash: string };
  /** The proposed framework (null when nothing was fitted). */
  calibrated: {
    id: string;
    name: string;
    hash: string;
    /** Where it was written, and the id it extends (null for a full copy); null when not written. */
    file: string | null;
    extends: string | null;
    /** What to pass to --framework to use it: its id when it is found by id, else its path. */
    ref: string | null;
  } | null;
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
    positiveValues: string[];
    negativeValues: string[];
    positives: number;
    negatives: number;
    /** Rows with no outcome yet, left out of the learning and the figures. */
    leftOut: { blank: number; open: number; unrecognised: number };
  };
  split: { holdout: number; seed: number; train: SideCounts; heldOut: SideCounts };
  method: {
    model: string;
    l2: number;
    iterations: number;
    converged: boolean;
    /** Distinct answer patterns fitted, the share of patterns kept, and their rows. */
    patterns: number;
    keptShare: number;
    keptRows: number;
    /** Points per unit of log-odds. */
    scale: number | null;
    bootstrapReplicates: number;
    leakSeparation: number;
  } | null;
  heldOut: { before: VerdictFigures | null; after: VerdictFigures | null; auc: AucChange | null };
  minScore: { before: number | null; after: number | null };
  points: QuestionPoints[];
  leaks: Leak[];
  proposed: boolean;
  reason: string;
  warnings: Array<{ code: string; message: string }>;
}

export interface CalibrationMeta {
  file: string;
  holdout: number;
  seed: number;
  positiveValues: readonly string[];
  negativeValues: readonly string[];
  written: { file: string; extends: string | null; ref: string } | null;
}

const count = (n: number): string => n.toLocaleString("en-US");
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function buildCalibrationReport(
  compiled: CompiledFramework,
  calibration: Calibration,
  meta: CalibrationMeta,
): CalibrationReport {
  const { scan, layout, trainAnswers } = calibration;
  const afterLayout = calibration.compiled === null ? null : new AnswerLayout(calibration.compiled);
  const learned = new Set(calibration.learned);
  const why = new Map(calibration.notLearned.map((n) => [n.question, n.why]));
  const points: QuestionPoints[] = layout.questions.map((q, qi) => ({
    question: q.id,
    text: q.text,
    criterion: q.criterion,
    type: q.type,
    learned: learned.has(q.question) && calibration.proposal !== null,
    notLearned: why.get(q.id) ?? null,
    answers: q.buckets.map((bucket, i) => {
      const positives = trainAnswers.positives[q.offset + i]!;
      const rows = positives + trainAnswers.negatives[q.offset + i]!;
      return {
        value: bucket.value,
        label: bucket.label,
        kind: bucket.kind,
        before: bucket.points,
        after: afterLayout?.questions[qi]!.buckets[i]!.points ?? bucket.points,
        rows,
        positives,
        rate: rate(positives, rows),
      };
    }),
  }));

  const warnings: CalibrationReport["warnings"] = [];
  for (const leak of calibration.leaks)
    warnings.push({
      code: "leak",
      message: `'${leak.question}' looks like it leaks the outcome: ${leak.answers.length === 1 ? `the answer '${leak.answer}' alone holds` : `the answers ${leak.answers.map((a) => `'${a}'`).join(", ")} together hold`} ${pct(leak.positiveShare)} of the positive and ${pct(leak.negativeShare)} of the negative training rows. It was not learned (its points stay) and is left unknown when the points are judged; check that the column is known before the outcome is.`,
    });
  warnings.push(...unrecognisedOutcomes(scan.values.unrecognised));
  if (scan.outcomeQuestions.length > 0)
    warnings.push({
      code: "outcome-in-score",
      message: `The outcome column '${scan.outcomeColumn}' also feeds ${scan.outcomeQuestions.map((q) => `'${q}'`).join(", ")}: left unknown, never learned from.`,
    });
  const unmapped = calibration.notLearned
    .filter((n) => n.why === "unmapped")
    .map((n) => n.question);
  if (unmapped.length > 0)
    warnings.push({
      code: "unmapped",
      message: `No column for ${unmapped.join(", ")}: ${unmapped.length === 1 ? "its" : "their"} points stay as they are. Map columns with --map.`,
    });
  const fit = calibration.fit;
  if (fit !== null && fit.keptShare < 1)
    warnings.push({
      code: "sampled-patterns",
      message: `The training rows hold more distinct answer patterns than are kept in memory: the fit used ${pct(fit.keptShare)} of them (${count(fit.keptRows)} rows), chosen by their answers alone.`,
    });
  if (fit !== null && !fit.converged)
    warnings.push({
      code: "not-converged",
      message: `The fit stopped after ${fit.iterations} iterations without converging; the points may be off.`,
    });
  warnings.push(
    ...readingWarnings(
      "training",
      calibration.rowsWithWarnings,
      calibration.warningSamples,
      scan.skipped,
    ),
  );

  return {
    schemaVersion: CALIBRATE_SCHEMA_VERSION,
    framework: {
      id: compiled.framework.id,
      name: compiled.framework.name,
      version: compiled.framework.version,
      hash: compiled.hash,
    },
    calibrated:
      calibration.compiled === null
        ? null
        : {
            id: calibration.compiled.framework.id,
            name: calibration.compiled.framework.name,
            hash: calibration.compiled.hash,
            file: meta.written?.file ?? null,
            extends: meta.written?.extends ?? null,
            ref: meta.written?.ref ?? null,
          },
    input: {
      file: meta.file,
      rows: scan.rows,
      bytes: scan.bytes,
      delimiter: scan.delimiter,
      skipped: scan.skipped,
      rowsWithWarnings: calibration.rowsWithWarnings,
      warningSamples: calibration.warningSamples,
    },
    outcome: {
      column: scan.outcomeColumn,
      positiveValues: [...meta.positiveValues],
      negativeValues: [...meta.negativeValues],
      positives: scan.positives,
      negatives: scan.negatives,
      leftOut: leftOutOf(scan.values),
    },
    split: {
      holdout: meta.holdout,
      seed: meta.seed,
      train: calibration.train,
      heldOut: calibration.heldOut,
    },
    method:
      fit === null
        ? null
        : {
            model: "L2-regularised logistic regression on one-hot answers (Newton's method)",
            l2: L2_PENALTY,
            iterations: fit.iterations,
            converged: fit.converged,
            patterns: fit.patterns,
            keptShare: fit.keptShare,
            keptRows: fit.keptRows,
            scale: calibration.proposal?.scale ?? null,
            bootstrapReplicates: BOOTSTRAP_REPLICATES,
            leakSeparation: LEAK_SEPARATION,
          },
    heldOut: { before: calibration.before, after: calibration.after, auc: calibration.auc },
    minScore: calibration.minScore,
    points,
    leaks: calibration.leaks,
    proposed: calibration.proposed,
    reason: calibration.reason,
    warnings,
  };
}
