/**
 * Is the held-out AUC change more than noise? Each held-out row has a score before and
 * after; both are integers 0–100, so the rows are a 101×101 table per outcome and the AUCs
 * are functions of it. A Poisson bootstrap resamples the rows — each row drawn Poisson(1)
 * times, so a cell of c rows is drawn Poisson(c) times — and recomputes both AUCs on the
 * same resample; the 2.5th and 97.5th percentiles of the change are its 95% interval.
 * Pairing matters: the same rows are scored both ways, so the change is far less noisy than
 * either AUC. Seeded, so the interval is reproducible. Pure.
 */
import { seededRandom } from "../core/random.js";
import { auc, type ScoreGroup } from "../backtest/metrics.js";

const SIDE = 101;

export class PairedScores {
  readonly positives = new Float64Array(SIDE * SIDE);
  readonly negatives = new Float64Array(SIDE * SIDE);

  /** Scores outside 0–100 cannot occur (the engine clamps them); they are clamped here too. */
  add(before: number, after: number, positive: boolean): void {
    const i = clamp(before) * SIDE + clamp(after);
    if (positive) this.positives[i]!++;
    else this.negatives[i]!++;
  }
}

const clamp = (score: number): number => Math.max(0, Math.min(100, Math.round(score)));

export interface AucChange {
  before: number | null;
  after: number | null;
  change: number | null;
  /** 95% bootstrap interval of the change (null without both outcomes). */
  interval: [number, number] | null;
  replicates: number;
}

function aucs(pos: Float64Array, neg: Float64Array): [number | null, number | null] {
  const before: ScoreGroup[] = [];
  const after: ScoreGroup[] = [];
  for (let s = 0; s < SIDE; s++) {
    before.push({ score: s, positives: 0, negatives: 0 });
    after.push({ score: s, positives: 0, negatives: 0 });
  }
  for (let b = 0; b < SIDE; b++)
    for (let a = 0; a < SIDE; a++) {
      const p = pos[b * SIDE + a]!;
      const n = neg[b * SIDE + a]!;
      if (p === 0 && n === 0) continue;
      before[b]!.positives += p;
      before[b]!.negatives += n;
      after[a]!.positives += p;
      after[a]!.negatives += n;
    }
  return [auc(before), auc(after)];
}

/** A Poisson(λ) draw: by multiplication for small λ, by the normal approximation above. */
function poisson(lambda: number, next: () => number): number {
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  }
  const gaussian = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian));
}

export function aucChange(paired: PairedScores, replicates: number, seed: number): AucChange {
  const [before, after] = aucs(paired.positives, paired.negatives);
  if (before === null || after === null)
    return { before, after, change: null, interval: null, replicates: 0 };
  const cells: number[] = [];
  for (let i = 0; i < SIDE * SIDE; i++)
    if (paired.positives[i]! > 0 || paired.negatives[i]! > 0) cells.push(i);
  const next = seededRandom(seed ^ 0x5bd1e995);
  const pos = new Float64Array(SIDE * SIDE);
  const neg = new Float64Array(SIDE * SIDE);
  const changes: number[] = [];
  for (let r = 0; r < replicates; r++) {
    for (const i of cells) {
      pos[i] = poisson(paired.positives[i]!, next);
      neg[i] = poisson(paired.negatives[i]!, next);
    }
    const [b, a] = aucs(pos, neg);
    if (b !== null && a !== null) changes.push(a - b);
  }
  changes.sort((x, y) => x - y);
  const at = (q: number): number =>
    changes[Math.min(changes.length - 1, Math.max(0, Math.floor(q * changes.length)))]!;
  return {
    before,
    after,
    change: after - before,
    interval: changes.length > 0 ? [at(0.025), at(0.975)] : null,
    replicates: changes.length,
  };
}
