/**
 * L2-regularised logistic regression on aggregated answer patterns, fitted by Newton's
 * method. A pattern is the set of answers one or more rows share (each answer a 0/1
 * feature), with how many of those rows were positive and negative: the likelihood of the
 * rows is the likelihood of the patterns weighted by their counts, so the fit is exact
 * however many rows the patterns stand for. Pure.
 *
 * Why this model: its weights are additive log-odds per answer, which is what a points
 * framework already is (a sum of points per answer), so rounding scaled weights gives
 * plain integer points with no loss of readability. Unlike weight of evidence per answer, it
 * does not count the same evidence twice when answers go together (a large company with a
 * large revenue). The ridge penalty keeps an answer seen on a handful of rows near zero —
 * where unknown is — and keeps weights finite when an answer separates perfectly.
 */

/**
 * Patterns, flat: pattern i's features (indexes that are 1 for its rows, each at most once)
 * are `features[offsets[i]]` to `features[offsets[i + 1] - 1]`; it stands for `positives[i]`
 * positive and `negatives[i]` negative rows. One pool instead of an array per pattern keeps
 * hundreds of thousands of patterns small and the fit's loops over them fast.
 */
export interface PatternSet {
  readonly size: number;
  readonly offsets: Int32Array;
  readonly features: Int32Array;
  readonly positives: Float64Array;
  readonly negatives: Float64Array;
}

/** A pattern set from a list (for tests and small inputs). */
export function patternSetOf(
  list: ReadonlyArray<{ features: readonly number[]; positives: number; negatives: number }>,
): PatternSet {
  const offsets = new Int32Array(list.length + 1);
  list.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.features.length));
  return {
    size: list.length,
    offsets,
    features: Int32Array.from(list.flatMap((p) => [...p.features])),
    positives: Float64Array.from(list.map((p) => p.positives)),
    negatives: Float64Array.from(list.map((p) => p.negatives)),
  };
}

export interface FitOptions {
  /** Ridge penalty on the weights (not the intercept), in rows: ½·l2·Σw². */
  l2: number;
  maxIterations?: number;
}

export interface Fit {
  intercept: number;
  weights: Float64Array;
  iterations: number;
  converged: boolean;
  /** Penalised log-likelihood at the fit. */
  logLikelihood: number;
}

const sigmoid = (x: number): number =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));

/** log(1 + e^x) without overflow. */
const softplus = (x: number): number =>
  x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));

function linear(patterns: PatternSet, i: number, theta: Float64Array): number {
  let eta = theta[0]!;
  const { features, offsets } = patterns;
  for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) eta += theta[features[k]! + 1]!;
  return eta;
}

function penalisedLogLikelihood(patterns: PatternSet, theta: Float64Array, l2: number): number {
  let ll = 0;
  for (let i = 0; i < patterns.size; i++) {
    const eta = linear(patterns, i, theta);
    // log σ(η) = −softplus(−η); log(1 − σ(η)) = −softplus(η)
    ll -= patterns.positives[i]! * softplus(-eta) + patterns.negatives[i]! * softplus(eta);
  }
  let penalty = 0;
  for (let j = 1; j < theta.length; j++) penalty += theta[j]! * theta[j]!;
  return ll - 0.5 * l2 * penalty;
}

/**
 * Solves A·x = b for a symmetric positive definite A (row-major n×n), in place of a copy.
 * Returns null when A is not positive definite.
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

export function fitLogistic(patterns: PatternSet, featureCount: number, options: FitOptions): Fit {
  const { l2 } = options;
  const maxIterations = options.maxIterations ?? 50;
  const n = featureCount + 1;
  const theta = new Float64Array(n);
  let positives = 0;
  let total = 0;
  for (let i = 0; i < patterns.size; i++) {
    positives += patterns.positives[i]!;
    total += patterns.positives[i]! + patterns.negatives[i]!;
  }
  // Start at the base rate: the intercept alone.
  if (total > 0 && positives > 0 && positives < total)
    theta[0] = Math.log(positives / (total - positives));
  let ll = penalisedLogLikelihood(patterns, theta, l2);
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  let iterations = 0;
  let converged = false;

  while (iterations < maxIterations) {
    iterations++;
    gradient.fill(0);
    hessian.fill(0);
    const { features, offsets } = patterns;
    for (let i = 0; i < patterns.size; i++) {
      const positive = patterns.positives[i]!;
      const rows = positive + patterns.negatives[i]!;
      if (rows === 0) continue;
      const prob = sigmoid(linear(patterns, i, theta));
      const g = positive - rows * prob;
      const w = rows * prob * (1 - prob);
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      gradient[0]! += g;
      hessian[0]! += w;
      for (let k = start; k < end; k++) {
        const a = features[k]! + 1;
        gradient[a]! += g;
        hessian[a]! += w;
        hessian[a * n]! += w;
        for (let m = start; m < end; m++) hessian[a * n + features[m]! + 1]! += w;
      }
    }
    hessian[0]! += 1e-9; // an intercept with no rows at all stays solvable
    for (let j = 1; j < n; j++) {
      gradient[j]! -= l2 * theta[j]!;
      hessian[j * n + j]! += l2;
    }
    const step = solveSymmetric(hessian, gradient, n);
    if (step === null) break;
    // Newton step, halved until the penalised likelihood does not fall.
    let scale = 1;
    let next = ll;
    const trial = new Float64Array(n);
    for (let halvings = 0; halvings < 30; halvings++) {
      for (let j = 0; j < n; j++) trial[j] = theta[j]! + scale * step[j]!;
      next = penalisedLogLikelihood(patterns, trial, l2);
      if (next >= ll - 1e-12 * Math.abs(ll)) break;
      scale /= 2;
    }
    let largest = 0;
    for (let j = 0; j < n; j++) largest = Math.max(largest, Math.abs(trial[j]! - theta[j]!));
    theta.set(trial);
    const gain = next - ll;
    ll = next;
    if (largest < 1e-9 || gain < 1e-10 * (1 + Math.abs(ll))) {
      converged = true;
      break;
    }
  }
  return {
    intercept: theta[0]!,
    weights: theta.slice(1),
    iterations,
    converged,
    logLikelihood: ll,
  };
}
