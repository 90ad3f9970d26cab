/**
 * Calibration: learn points from won/lost history, and say on rows it did not learn from
 * whether they rank leads better. Two reads of the file, both in bounded memory:
 *
 * 1. Every row with an outcome is dealt to train or held-out (split.ts). Training rows are
 *    counted per answer (for the leak check) and per answer pattern (for the fit).
 * 2. After the fit, every row is scored again with the new points: training rows to choose
 *    the new minScore, held-out rows with both the old and the new framework for the figures
 *    and the bootstrap interval of the AUC change.
 *
 * It proposes a change only with enough outcomes of both kinds and a held-out AUC gain whose
 * interval lies above zero. It reads through streams it is given and never prints.
 */
import { compileFramework, type CompiledFramework } from "../core/compile.js";
import { assess, Assessment } from "../core/engine.js";
import { InputError } from "../core/errors.js";
import type { Framework } from "../core/schema.js";
import { didYouMean } from "../core/suggest.js";
import { AnswerLayout } from "../backtest/answers.js";
import {
  Counts,
  scanOutcomes,
  ScoringMemo,
  type HistoryOptions,
  type OutcomeScan,
} from "../backtest/history.js";
import { MIN_OUTCOMES } from "../backtest/report.js";
import { pointAt, suggestMinScore } from "../backtest/metrics.js";
import { aucChange, PairedScores, type AucChange } from "./bootstrap.js";
import { fitLogistic, type Fit } from "./fit.js";
import { PatternTable, patternKey } from "./patterns.js";
import {
  calibratedFramework,
  FeatureSpace,
  pointsFromWeights,
  type ProposedPoints,
} from "./points.js";
import { HoldoutSplit } from "./split.js";
import { OutcomeScorer, VerdictTally, type ScoredOutcome, type VerdictFigures } from "./tally.js";

/** Ridge penalty, in rows: an answer seen on a handful of rows stays near unknown's zero. */
export const L2_PENALTY = 1;
/** An answer whose recall minus false-positive rate reaches this separates almost perfectly. */
export const LEAK_SEPARATION = 0.9;
export const BOOTSTRAP_REPLICATES = 500;

export interface CalibrateOptions extends Omit<HistoryOptions, "onProgress"> {
  /** Share of each outcome class held out, 0 < holdout < 1. */
  holdout: number;
  seed: number;
  /** Question ids not to learn (their points stay). */
  exclude: readonly string[];
  /** Id and name of the calibrated framework. */
  id: string;
  name: string;
  onProgress?: (pass: 1 | 2, bytes: number) => void;
}

export interface Leak {
  question: string;
  /** The answers that hold the positives ("A" or "A, B or C"), and each of them. */
  answer: string;
  answers: string[];
  /** Share of training positives and negatives with one of these answers. */
  positiveShare: number;
  negativeShare: number;
}

export interface SideCounts {
  positives: number;
  negatives: number;
}

export interface Calibration {
  scan: OutcomeScan;
  rowsWithWarnings: number;
  warningSamples: Array<{ line: number; message: string }>;
  train: SideCounts;
  heldOut: SideCounts;
  layout: AnswerLayout;
  /** Training rows per layout cell. */
  trainAnswers: Counts;
  /** Compiled indexes of the questions learned, and why others were not. */
  learned: number[];
  notLearned: Array<{ question: string; why: "unmapped" | "excluded" | "leak" | "outcome" }>;
  leaks: Leak[];
  fit: (Fit & { patterns: number; keptShare: number; keptRows: number }) | null;
  proposal: ProposedPoints | null;
  /** The calibrated framework (even when no change is proposed, if it was fitted). */
  framework: Framework | null;
  compiled: CompiledFramework | null;
  minScore: { before: number | null; after: number | null };
  before: VerdictFigures | null;
  after: VerdictFigures | null;
  auc: AucChange | null;
  proposed: boolean;
  /** Why a change is or is not proposed: one sentence. */
  reason: string;
}

type Input = AsyncIterable<Buffer | string> | Iterable<Buffer>;

/** Answers never seen with the other outcome that hold this share of one outcome leak it. */
export const LEAK_PURE_SHARE = 0.25;
/** Answers seen on fewer training rows are pooled when looking for leaks: chance, not data. */
const LEAK_MIN_ROWS = 10;

/** "A", "A or B", "A, B or C". */
const orList = (items: readonly string[]): string =>
  items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]!}`;

/**
 * Questions whose answers separate positives from negatives almost perfectly: one answer
 * (a stage, a contract number) or several together (the bands of an amount known only once the
 * deal is won). The separation is the largest share of positives minus share of negatives any
 * set of the question's answers holds — the answers where positives are the more common —
 * with answers on fewer than LEAK_MIN_ROWS training rows pooled; or answers never seen with
 * one outcome that hold a quarter or more of the other.
 */
export function findLeaks(
  layout: AnswerLayout,
  questions: ReadonlySet<number>,
  answers: Counts,
  train: SideCounts,
): Leak[] {
  const leaks: Leak[] = [];
  if (train.positives === 0 || train.negatives === 0) return leaks;
  for (const q of layout.questions) {
    if (!questions.has(q.question)) continue;
    const groups: Array<{ labels: string[]; positives: number; negatives: number }> = [];
    const rare = { labels: [] as string[], positives: 0, negatives: 0 };
    q.buckets.forEach((bucket, i) => {
      const positives = answers.positives[q.offset + i]!;
      const negatives = answers.negatives[q.offset + i]!;
      if (positives + negatives === 0) return;
      const group =
        positives + negatives < LEAK_MIN_ROWS ? rare : { labels: [], positives: 0, negatives: 0 };
      if (group !== rare) groups.push(group);
      group.labels.push(bucket.label);
      group.positives += positives;
      group.negatives += negatives;
    });
    if (rare.labels.length > 0) groups.push(rare);
    const withShares = (set: typeof groups) => ({
      set,
      positiveShare: set.reduce((sum, g) => sum + g.positives, 0) / train.positives,
      negativeShare: set.reduce((sum, g) => sum + g.negatives, 0) / train.negatives,
    });
    const separating = withShares(
      groups.filter((g) => g.positives / train.positives > g.negatives / train.negatives),
    );
    // Answers only ever seen with one outcome, on a large share of it: an amount known only
    // once a deal is won, split over bands, separates less than perfectly but leaks all the same.
    const wonOnly = withShares(groups.filter((g) => g !== rare && g.negatives === 0));
    const lostOnly = withShares(groups.filter((g) => g !== rare && g.positives === 0));
    const found =
      separating.positiveShare - separating.negativeShare >= LEAK_SEPARATION
        ? separating
        : wonOnly.positiveShare >= LEAK_PURE_SHARE
          ? wonOnly
          : lostOnly.negativeShare >= LEAK_PURE_SHARE
            ? lostOnly
            : undefined;
    if (found === undefined) continue;
    const { positiveShare, negativeShare } = found;
    const labels = found.set.flatMap((g) => g.labels);
    leaks.push({
      question: q.id,
      answer: orList(labels),
      answers: labels,
      positiveShare,
      negativeShare,
    });
  }
  return leaks;
}

function checkExcluded(compiled: CompiledFramework, exclude: readonly string[]): Set<number> {
  const ids = compiled.questions.map((q) => q.id);
  const indexes = new Set<number>();
  for (const id of exclude) {
    const index = ids.indexOf(id);
    if (index < 0)
      throw new InputError(
        `--exclude: no question '${id}' in ${compiled.framework.id}.${didYouMean(id, ids)}`,
        {
          hint: `Questions: ${ids.join(", ")}`,
        },
      );
    indexes.add(index);
  }
  return indexes;
}

function fitPatterns(
  patterns: PatternTable,
  space: FeatureSpace,
  remap: readonly number[] | undefined,
): NonNullable<Calibration["fit"]> {
  const fit = fitLogistic(patterns.patternSet(remap), space.features.length, { l2: L2_PENALTY });
  return {
    ...fit,
    patterns: patterns.size,
    keptShare: patterns.keptShare,
    keptRows: patterns.keptRows,
  };
}

export async function calibrate(
  compiled: CompiledFramework,
  open: () => Promise<Input>,
  options: CalibrateOptions,
): Promise<Calibration> {
  const excluded = checkExcluded(compiled, options.exclude);
  const layout = new AnswerLayout(compiled);
  const history: HistoryOptions = {
    outcome: options.outcome,
    rules: options.rules,
    delimiter: options.delimiter,
    map: options.map,
  };

  // Pass 1: deal the rows, count the training answers and patterns.
  let split = new HoldoutSplit(options.holdout, options.seed);
  const train: SideCounts = { positives: 0, negatives: 0 };
  const heldOut: SideCounts = { positives: 0, negatives: 0 };
  const trainAnswers = new Counts(layout.size);
  let patterns: PatternTable | undefined = new PatternTable();
  let candidates = new Set<number>();
  let mapped = new Set<number>();
  let memo: ScoringMemo<{ cells: Int32Array; key: string }> | undefined;
  let rowsWithWarnings = 0;
  const warningSamples: Array<{ line: number; message: string }> = [];
  const assessment = new Assessment(compiled);

  const scan = await scanOutcomes(
    compiled,
    await open(),
    { ...history, onProgress: (bytes) => options.onProgress?.(1, bytes) },
    {
      onHeader(answers, mapping) {
        mapped = new Set(mapping.bindings.map((b) => b.question));
        candidates = new Set([...mapped].filter((q) => !excluded.has(q)));
        const space = new FeatureSpace(layout, candidates);
        memo = new ScoringMemo(compiled, answers, mapping, () => {
          // The answers that earn points: those of questions that apply.
          assess(compiled, answers.values, assessment);
          const cells = layout.cellsOf(assessment.values);
          return { cells: Int32Array.from(cells), key: patternKey(space.featuresOf(cells)) };
        });
      },
      onRow(record, positive) {
        if (split.heldOut(positive)) {
          if (positive) heldOut.positives++;
          else heldOut.negatives++;
          return;
        }
        if (positive) train.positives++;
        else train.negatives++;
        const { value, warnings } = memo!.get(record);
        if (warnings.length > 0) {
          rowsWithWarnings++;
          for (const message of warnings)
            if (warningSamples.length < 10) warningSamples.push({ line: record.line, message });
        }
        const cells = value.cells;
        for (let i = 0; i < cells.length; i++) trainAnswers.add(cells[i]!, positive);
        patterns!.add(value.key, positive);
      },
    },
  );

  const leaks = findLeaks(layout, candidates, trainAnswers, train);
  const leaked = new Set(
    leaks.map((l) => compiled.questions.findIndex((q) => q.id === l.question)),
  );
  const learned = [...candidates].filter((q) => !leaked.has(q)).sort((a, b) => a - b);
  const notLearned: Calibration["notLearned"] = [];
  for (const q of layout.questions) {
    const why = scan.outcomeQuestions.includes(q.id)
      ? ("outcome" as const)
      : !mapped.has(q.question)
        ? ("unmapped" as const)
        : excluded.has(q.question)
          ? ("excluded" as const)
          : leaked.has(q.question)
            ? ("leak" as const)
            : undefined;
    if (why !== undefined) notLearned.push({ question: q.id, why });
  }
  const before = compiled.framework.verdict.qualified.minScore;
  const base: Calibration = {
    scan,
    rowsWithWarnings,
    warningSamples,
    train,
    heldOut,
    layout,
    trainAnswers,
    learned,
    notLearned,
    leaks,
    fit: null,
    proposal: null,
    framework: null,
    compiled: null,
    minScore: { before: before ?? null, after: null },
    before: null,
    after: null,
    auc: null,
    proposed: false,
    reason: "",
  };

  const { positives, negatives } = scan;
  if (positives < MIN_OUTCOMES || negatives < MIN_OUTCOMES)
    return {
      ...base,
      reason: `Only ${positives.toLocaleString("en-US")} positive and ${negatives.toLocaleString("en-US")} negative outcomes: calibrating needs at least ${MIN_OUTCOMES} of each, so no change is proposed.`,
    };
  if (learned.length === 0)
    return {
      ...base,
      reason:
        "No question can be learned: none has a column in the file, or all are excluded or leak the outcome. No change is proposed.",
    };

  // The fit, on the learned questions' answers only.
  const space = new FeatureSpace(layout, new Set(learned));
  const candidateSpace = new FeatureSpace(layout, candidates);
  const remap = candidateSpace.features.map((f) =>
    space.features.findIndex((g) => g.question === f.question && g.bucket === f.bucket),
  );
  const fitInfo = fitPatterns(patterns!, space, leaked.size === 0 ? undefined : remap);
  // Pass 1's tables are not needed again: let them go before pass 2 fills its own.
  patterns = undefined;
  memo = undefined;
  const proposal = pointsFromWeights(
    compiled,
    space,
    fitInfo.weights,
    (cell) => trainAnswers.positives[cell]! + trainAnswers.negatives[cell]!,
  );
  if (proposal === null)
    return {
      ...base,
      fit: fitInfo,
      reason:
        "No answer raises the chance of a positive outcome above unknown's, so there is nothing to give points to. No change is proposed.",
    };

  // Pass 2: the new points on every row; minScore from train, figures from held-out.
  const draft = calibratedFramework(compiled, proposal, {
    id: options.id,
    name: options.name,
    minScore: before,
  });
  const draftCompiled = compileFramework(draft, { today: compiled.today });
  split = new HoldoutSplit(options.holdout, options.seed);
  const trainAfter = new VerdictTally();
  const heldBefore = new VerdictTally();
  const heldAfter = new VerdictTally();
  const paired = new PairedScores();
  const oldScorer = new OutcomeScorer(compiled);
  const newScorer = new OutcomeScorer(draftCompiled);
  // One memo for both sides: a row is scored with the old and the new points at once.
  let rescored: ScoringMemo<{ before: ScoredOutcome; after: ScoredOutcome }> | undefined;
  const second = await scanOutcomes(
    draftCompiled,
    await open(),
    { ...history, onProgress: (bytes) => options.onProgress?.(2, bytes) },
    {
      onHeader(answers, mapping) {
        rescored = new ScoringMemo(draftCompiled, answers, mapping, () => {
          // A leaking answer is not there when a lead is scored for real: judge without it, or
          // a rule that reads it (closed-by-sales, say) would choose the minScore.
          for (const question of leaked) answers.values[question] = undefined;
          return {
            before: oldScorer.score(answers.values),
            after: newScorer.score(answers.values),
          };
        });
      },
      onRow(record, positive) {
        const { before: b, after: a } = rescored!.get(record).value;
        if (split.heldOut(positive)) {
          heldBefore.add(b, positive);
          heldAfter.add(a, positive);
          paired.add(b.score, a.score, positive);
        } else trainAfter.add(a, positive);
      },
    },
  );
  if (
    second.rows !== scan.rows ||
    second.positives !== scan.positives ||
    second.negatives !== scan.negatives
  )
    throw new InputError("the history file changed while it was being read", {
      hint: "Calibrate reads the file twice; run it again on a file nothing is writing to.",
    });

  // The new minScore: the one that separates the training rows best (Youden's J).
  const sweepPoints = trainAfter.sweep();
  const current = pointAt(trainAfter.eligibleGroups(), before ?? 0, trainAfter.totals);
  const best = suggestMinScore(sweepPoints, current, trainAfter.totals).best.minScore;
  const after = before === undefined && best === 0 ? undefined : best;
  const framework = calibratedFramework(compiled, proposal, {
    id: options.id,
    name: options.name,
    minScore: after,
  });
  const finalCompiled = compileFramework(framework, { today: compiled.today });

  const change = aucChange(paired, BOOTSTRAP_REPLICATES, options.seed);
  const figuresBefore = heldBefore.figuresAt(before ?? 0);
  const figuresAfter = heldAfter.figuresAt(after ?? 0);
  const interval = change.interval;
  const enoughHeldOut = heldOut.positives > 0 && heldOut.negatives > 0;
  const improved = interval !== null && interval[0] > 0;
  const signed = (x: number): string => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;
  const reason = !enoughHeldOut
    ? "The held-out rows lack positive or negative outcomes, so nothing can be judged. No change is proposed."
    : improved
      ? `Held-out AUC ${change.before!.toFixed(3)} → ${change.after!.toFixed(3)} (${signed(change.change!)}; 95% interval ${signed(interval[0])} to ${signed(interval[1])}, above zero).`
      : `Held-out AUC ${change.before?.toFixed(3) ?? "—"} → ${change.after?.toFixed(3) ?? "—"}: ${interval === null ? "no interval" : `the 95% interval of the change, ${signed(interval[0])} to ${signed(interval[1])}, includes zero or less`} — no better beyond noise, so no change is proposed.`;

  return {
    ...base,
    fit: fitInfo,
    proposal,
    framework,
    compiled: finalCompiled,
    minScore: { before: before ?? null, after: after ?? null },
    before: figuresBefore,
    after: figuresAfter,
    auc: change,
    proposed: enoughHeldOut && improved,
    reason,
  };
}
