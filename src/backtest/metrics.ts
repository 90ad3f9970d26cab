/**
 * Metrics over scored history, as pure functions of counts. A lead's score is an integer
 * from 0 to 100, so the history a metric needs is a histogram: positives and negatives per
 * score. That is exact (nothing is binned away) and takes the same memory for ten rows as
 * for a billion.
 */

/** Rows with one score, and how many of them were positive and negative. */
export interface ScoreGroup {
  score: number;
  positives: number;
  negatives: number;
}

/** Positives and negatives per score; integer scores 0–100 in arrays, any other in a map. */
export class ScoreTally {
  private readonly pos = new Float64Array(101);
  private readonly neg = new Float64Array(101);
  private readonly other = new Map<number, ScoreGroup>();

  add(score: number, positives: number, negatives: number): void {
    if (Number.isInteger(score) && score >= 0 && score <= 100) {
      this.pos[score]! += positives;
      this.neg[score]! += negatives;
      return;
    }
    const group = this.other.get(score) ?? { score, positives: 0, negatives: 0 };
    group.positives += positives;
    group.negatives += negatives;
    this.other.set(score, group);
  }

  /** The scores that occur, lowest first. */
  groups(): ScoreGroup[] {
    const groups = [...this.other.values()];
    for (let score = 0; score <= 100; score++) {
      const positives = this.pos[score]!;
      const negatives = this.neg[score]!;
      if (positives + negatives > 0) groups.push({ score, positives, negatives });
    }
    return groups.sort((a, b) => a.score - b.score);
  }
}

/** Builds the groups from (score, positive) pairs: for tests and small inputs. */
export function groupsOf(rows: ReadonlyArray<readonly [number, boolean]>): ScoreGroup[] {
  const tally = new ScoreTally();
  for (const [score, positive] of rows) tally.add(score, positive ? 1 : 0, positive ? 0 : 1);
  return tally.groups();
}

export interface Totals {
  positives: number;
  negatives: number;
}

export function totalsOf(groups: readonly ScoreGroup[]): Totals {
  let positives = 0;
  let negatives = 0;
  for (const g of groups) {
    positives += g.positives;
    negatives += g.negatives;
  }
  return { positives, negatives };
}

/** positives / n, or null when there are no rows. */
export function rate(positives: number, n: number): number | null {
  return n > 0 ? positives / n : null;
}

/** How many times the base rate a rate is; null when either is unknown or the base is 0. */
export function lift(value: number | null, base: number | null): number | null {
  return value === null || base === null || base === 0 ? null : value / base;
}

/** A count of rows with its positives, rate and lift over the base rate. */
export interface Cell {
  n: number;
  positives: number;
  rate: number | null;
  lift: number | null;
}

export function cell(n: number, positives: number, base: number | null): Cell {
  const r = rate(positives, n);
  return { n, positives, rate: r, lift: lift(r, base) };
}

/**
 * Area under the ROC curve of the score: the chance that a random positive scores higher
 * than a random negative, a tie counting half (the Mann–Whitney U statistic over P·N).
 * 0.5 is chance; null without both positives and negatives.
 */
export function auc(groups: readonly ScoreGroup[]): number | null {
  const { positives, negatives } = totalsOf(groups);
  if (positives === 0 || negatives === 0) return null;
  let below = 0; // negatives with a lower score than the current group
  let u = 0;
  for (const g of [...groups].sort((a, b) => a.score - b.score)) {
    u += g.positives * (below + g.negatives / 2);
    below += g.negatives;
  }
  return u / (positives * negatives);
}

/** The ROC curve: false and true positive rates as the threshold falls through each score. */
export function rocCurve(groups: readonly ScoreGroup[]): Array<{ fpr: number; tpr: number }> {
  const { positives, negatives } = totalsOf(groups);
  const points = [{ fpr: 0, tpr: 0 }];
  if (positives === 0 || negatives === 0) return points;
  let tp = 0;
  let fp = 0;
  for (const g of [...groups].sort((a, b) => b.score - a.score)) {
    tp += g.positives;
    fp += g.negatives;
    points.push({ fpr: fp / negatives, tpr: tp / positives });
  }
  return points;
}

/**
 * A decile band: rows ranked by score, highest first. Rows with the same score are never
 * split between bands: a band closes at the first change of score at or after its 10% mark,
 * so a score shared by many rows makes one wider band, named by the deciles it spans (`1–3`).
 */
export interface DecileBand extends Cell {
  /** `4`, or `1–3` when tied scores span several deciles. */
  label: string;
  fromDecile: number;
  toDecile: number;
  minScore: number;
  maxScore: number;
  /** Share of all rows in this band and the ones above it. */
  cumulativeShare: number;
  /** Share of all positives captured by this band and the ones above it. */
  captured: number | null;
}

export function deciles(groups: readonly ScoreGroup[]): DecileBand[] {
  const { positives: totalPositives, negatives } = totalsOf(groups);
  const total = totalPositives + negatives;
  const base = rate(totalPositives, total);
  const bands: DecileBand[] = [];
  if (total === 0) return bands;
  let from = 1;
  let cumulative = 0;
  let cumulativePositives = 0;
  let open: { n: number; positives: number; min: number; max: number } | undefined;
  for (const g of [...groups].sort((a, b) => b.score - a.score)) {
    const n = g.positives + g.negatives;
    if (n === 0) continue;
    open ??= { n: 0, positives: 0, min: g.score, max: g.score };
    open.n += n;
    open.positives += g.positives;
    open.min = g.score;
    cumulative += n;
    cumulativePositives += g.positives;
    // Exact integer comparison: the band closes once it reaches decile `from`'s mark.
    if (cumulative * 10 >= from * total) {
      const to = Math.min(10, Math.max(from, Math.floor((cumulative * 10) / total)));
      bands.push({
        label: from === to ? String(from) : `${from}–${to}`,
        fromDecile: from,
        toDecile: to,
        minScore: open.min,
        maxScore: open.max,
        ...cell(open.n, open.positives, base),
        cumulativeShare: cumulative / total,
        captured: rate(cumulativePositives, totalPositives),
      });
      from = to + 1;
      open = undefined;
    }
  }
  return bands;
}

/** What the qualified gate gives at one `minScore`, other gates unchanged. */
export interface SweepPoint {
  minScore: number;
  qualified: number;
  /** Qualified rows that were positive. */
  positives: number;
  /** Of the qualified, the share that were positive. */
  precision: number | null;
  /** Of all positives, the share that were qualified. */
  recall: number | null;
  /** Of all negatives, the share that were qualified. */
  falsePositiveRate: number | null;
  /** Youden's J: recall − false positive rate. 0 is no better than chance. */
  j: number | null;
}

/**
 * The qualified gate at `minScore`: `eligible` holds the rows that pass every other gate and
 * fire no rule, so a row is qualified exactly when it is eligible and scores at least this.
 */
export function pointAt(
  eligible: readonly ScoreGroup[],
  minScore: number,
  totals: Totals,
): SweepPoint {
  let qualified = 0;
  let positives = 0;
  for (const g of eligible) {
    if (g.score < minScore) continue;
    qualified += g.positives + g.negatives;
    positives += g.positives;
  }
  const recall = rate(positives, totals.positives);
  const falsePositiveRate = rate(qualified - positives, totals.negatives);
  return {
    minScore,
    qualified,
    positives,
    precision: rate(positives, qualified),
    recall,
    falsePositiveRate,
    j: recall === null || falsePositiveRate === null ? null : recall - falsePositiveRate,
  };
}

/** The gate at every integer minScore from 0 to 100 (scores are integers). */
export function sweep(eligible: readonly ScoreGroup[], totals: Totals): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (let minScore = 0; minScore <= 100; minScore++)
    points.push(pointAt(eligible, minScore, totals));
  return points;
}

export interface Suggestion {
  /** The suggested minScore, or null to keep the current one. */
  minScore: number | null;
  current: SweepPoint;
  best: SweepPoint;
  /** The smallest gain in J taken as more than noise. */
  margin: number;
  /** Why: one sentence. */
  reason: string;
}

/**
 * The minScore at which the qualified gate separates positives from negatives best: the
 * highest Youden's J (recall minus the share of negatives let through), nearest the current
 * minScore among equals. Suggested only when it beats the current gate by more than noise:
 * at least 2 points of J and twice the standard error of the difference. Never applied.
 */
export function suggestMinScore(
  points: readonly SweepPoint[],
  current: SweepPoint,
  totals: Totals,
): Suggestion {
  let best = current;
  for (const point of points) {
    if (point.j === null) continue;
    const better =
      best.j === null ||
      point.j > best.j + 1e-12 ||
      (Math.abs(point.j - best.j) <= 1e-12 &&
        Math.abs(point.minScore - current.minScore) < Math.abs(best.minScore - current.minScore));
    if (better) best = point;
  }
  // J's sampling variance at a point; the difference of two is taken as independent (a
  // conservative guess: they share rows, so the true error is smaller).
  const variance = (p: SweepPoint): number => {
    if (totals.positives === 0 || totals.negatives === 0) return 0;
    const tpr = p.recall ?? 0;
    const fpr = p.falsePositiveRate ?? 0;
    return (tpr * (1 - tpr)) / totals.positives + (fpr * (1 - fpr)) / totals.negatives;
  };
  const margin = Math.max(0.02, 2 * Math.sqrt(variance(current) + variance(best)));
  if (best.j === null || current.j === null)
    return {
      minScore: null,
      current,
      best,
      margin,
      reason: "Needs both positive and negative outcomes.",
    };
  if (best.minScore === current.minScore || best.j - current.j < margin)
    return {
      minScore: null,
      current,
      best,
      margin,
      reason:
        best.minScore === current.minScore
          ? "The current minScore already separates best."
          : `No minScore separates better by more than noise (J ${current.j.toFixed(3)} now, ${best.j.toFixed(3)} at best; ${margin.toFixed(3)} needed).`,
    };
  return {
    minScore: best.minScore,
    current,
    best,
    margin,
    reason: `Separates positive from negative outcomes best: J ${current.j.toFixed(3)} → ${best.j.toFixed(3)} (recall minus the share of negatives let through).`,
  };
}
