import { describe, expect, it } from "vitest";
import { fitLogistic, patternSetOf, solveSymmetric } from "../../src/calibrate/fit.js";

const pattern = (features: number[], positives: number, negatives: number) => ({
  features,
  positives,
  negatives,
});

describe("fitLogistic", () => {
  it("recovers the log odds ratio of one yes/no answer (2×2 table, no penalty)", () => {
    // Answer given: 30 won, 10 lost (odds 3); not given: 10 won, 30 lost (odds 1/3).
    const fit = fitLogistic(patternSetOf([pattern([0], 30, 10), pattern([], 10, 30)]), 1, {
      l2: 0,
    });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(Math.log(1 / 3), 8);
    expect(fit.weights[0]).toBeCloseTo(Math.log(9), 8);
  });

  it("recovers additive log odds exactly when the table is additive", () => {
    // Odds 1, 2, 3 and 6: log-odds 0 + ln 2·a + ln 3·b.
    const table = [
      pattern([], 100, 100),
      pattern([0], 200, 100),
      pattern([1], 300, 100),
      pattern([0, 1], 600, 100),
    ];
    const fit = fitLogistic(patternSetOf(table), 2, { l2: 0 });
    expect(fit.intercept).toBeCloseTo(0, 8);
    expect(fit.weights[0]).toBeCloseTo(Math.log(2), 8);
    expect(fit.weights[1]).toBeCloseTo(Math.log(3), 8);
  });

  it("with a ridge penalty, the weight satisfies the penalised score equation", () => {
    const table = [pattern([0], 6, 2), pattern([], 4, 8)];
    const l2 = 1;
    const { intercept, weights } = fitLogistic(patternSetOf(table), 1, { l2 });
    const w = weights[0]!;
    const p1 = 1 / (1 + Math.exp(-(intercept + w)));
    const p0 = 1 / (1 + Math.exp(-intercept));
    // ∂/∂b: Σ(y − p) = 0; ∂/∂w: Σ x(y − p) − l2·w = 0
    expect(6 - 8 * p1 + (4 - 12 * p0)).toBeCloseTo(0, 8);
    expect(6 - 8 * p1 - l2 * w).toBeCloseTo(0, 8);
    // Shrunk toward zero from the unpenalised log odds ratio ln(3 / 0.5).
    expect(w).toBeGreaterThan(0);
    expect(w).toBeLessThan(Math.log(6));
  });

  it("keeps weights finite when an answer separates perfectly", () => {
    const fit = fitLogistic(patternSetOf([pattern([0], 50, 0), pattern([], 0, 50)]), 1, { l2: 1 });
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(3);
  });

  it("leaves an answer no row has at zero", () => {
    const fit = fitLogistic(patternSetOf([pattern([0], 30, 10), pattern([], 10, 30)]), 2, {
      l2: 1,
    });
    expect(fit.weights[1]).toBe(0);
  });
});

describe("solveSymmetric", () => {
  it("solves a positive definite system", () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    const x = solveSymmetric(a, Float64Array.from([2, 1]), 2)!;
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
  it("refuses a matrix that is not positive definite", () => {
    expect(
      solveSymmetric(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2),
    ).toBeNull();
  });
});
