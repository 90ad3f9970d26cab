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

export interface Pattern {
  /** Feature indexes that are 1 for these rows, each at most once. */
  readonly features: Int32Array;
  readonly positives: number;
  readonly negatives: number;
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

function linear(pattern: Pattern, theta: Float64Array): number {
  let eta = theta[0]!;
  const f = pattern.features;
  for (let i = 0; i < f.length; i++) eta += theta[f[i]! + 1]!;
  return eta;
}

function penalisedLogLikelihood(
  patterns: readonly Pattern[],
  theta: Float64Array,
  l2: number,
): number {
  let ll = 0;
  for (const p of patterns) {
    const eta = linear(p, theta);
    // log σ(η) = −softplus(−η); log(1 − σ(η)) = −softplus(η)
    ll -= p.positives * softplus(-eta) + p.negatives * softplus(eta);
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

export function fitLogistic(
  patterns: readonly Pattern[],
  featureCount: number,
  options: FitOptions,
): Fit {
  const { l2 } = options;
  const maxIterations = options.maxIterations ?? 50;
  const n = featureCount + 1;
  const theta = new Float64Array(n);
  let positives = 0;
  let total = 0;
  for (const p of patterns) {
    positives += p.positives;
    total += p.positives + p.negatives;
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
    for (const p of patterns) {
      const rows = p.positives + p.negatives;
      if (rows === 0) continue;
      const prob = sigmoid(linear(p, theta));
      const g = p.positives - rows * prob;
      const w = rows * prob * (1 - prob);
      const f = p.features;
      gradient[0]! += g;
      hessian[0]! += w;
      for (let i = 0; i < f.length; i++) {
        const a = f[i]! + 1;
        gradient[a]! += g;
        hessian[a]! += w;
        hessian[a * n]! += w;
        for (let k = 0; k < f.length; k++) hessian[a * n + f[k]! + 1]! += w;
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
