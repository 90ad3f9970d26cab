/** The backtest's metrics against values computed by hand. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  auc,
  cell,
  deciles,
  groupsOf,
  lift,
  pointAt,
  rate,
  rocCurve,
  ScoreTally,
  suggestMinScore,
  sweep,
  totalsOf,
  type ScoreGroup,
} from "../../src/backtest/metrics.js";

/** (score, positive) pairs from two lists of scores. */
const rows = (positives: number[], negatives: number[]): Array<[number, boolean]> => [
  ...positives.map((s): [number, boolean] => [s, true]),
  ...negatives.map((s): [number, boolean] => [s, false]),
];

/** AUC by comparing every positive with every negative: the definition, O(P·N). */
function bruteAuc(positives: number[], negatives: number[]): number {
  let u = 0;
  for (const p of positives) for (const n of negatives) u += p > n ? 1 : p === n ? 0.5 : 0;
  return u / (positives.length * negatives.length);
}

describe("rate and lift", () => {
  it("divides, and says null rather than dividing by zero", () => {
    expect(rate(3, 10)).toBe(0.3);
    expect(rate(0, 0)).toBeNull();
    expect(lift(0.3, 0.5)).toBeCloseTo(0.6);
    expect(lift(0.75, 0.5)).toBe(1.5);
    expect(lift(null, 0.5)).toBeNull();
    expect(lift(0.3, 0)).toBeNull();
    expect(cell(10, 3, 0.5)).toEqual({ n: 10, positives: 3, rate: 0.3, lift: 0.6 });
    expect(cell(0, 0, 0.5)).toEqual({ n: 0, positives: 0, rate: null, lift: null });
  });
});

describe("ScoreTally", () => {
  it("groups rows by score, lowest first, and keeps odd scores too", () => {
    const tally = new ScoreTally();
    tally.add(50, 1, 0);
    tally.add(50, 0, 2);
    tally.add(0, 1, 0);
    tally.add(100, 0, 1);
    tally.add(42.5, 1, 1);
    expect(tally.groups()).toEqual([
      { score: 0, positives: 1, negatives: 0 },
      { score: 42.5, positives: 1, negatives: 1 },
      { score: 50, positives: 1, negatives: 2 },
      { score: 100, positives: 0, negatives: 1 },
    ]);
  });
});

describe("AUC (Mann–Whitney, ties count half)", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, 0.5 when all tie", () => {
    expect(auc(groupsOf(rows([3, 2], [1, 0])))).toBe(1);
    expect(auc(groupsOf(rows([0], [1])))).toBe(0);
    expect(auc(groupsOf(rows([5, 5], [5, 5, 5])))).toBe(0.5);
  });

  it("counts a tie between a positive and a negative as half", () => {
    // Pairs (2,1) (2,0) (1,1) (1,0) → 1 + 1 + ½ + 1 = 3.5 of 4.
    expect(auc(groupsOf(rows([2, 1], [1, 0])))).toBe(0.875);
    // 10 vs {10,10,20,40}: 2 ties → 1; 20 vs them: 2 below + 1 tie → 2.5 (twice); 30: 3 below.
    // (1 + 2.5 + 2.5 + 3) / 16 = 0.5625
    expect(auc(groupsOf(rows([10, 20, 20, 30], [10, 10, 20, 40])))).toBe(0.5625);
  });

  it("is null without both outcomes", () => {
    expect(auc(groupsOf(rows([1, 2], [])))).toBeNull();
    expect(auc(groupsOf(rows([], [1])))).toBeNull();
  });

  it("equals the pairwise definition on any small table", () => {
    const score = fc.integer({ min: 0, max: 12 });
    fc.assert(
      fc.property(
        fc.array(score, { minLength: 1, maxLength: 30 }),
        fc.array(score, { minLength: 1, maxLength: 30 }),
        (positives, negatives) => {
          expect(auc(groupsOf(rows(positives, negatives)))).toBeCloseTo(
            bruteAuc(positives, negatives),
            12,
          );
        },
      ),
    );
  });

  it("is the area under its ROC curve (ties drawn as diagonals)", () => {
    const groups = groupsOf(rows([10, 20, 20, 30], [10, 10, 20, 40]));
    const roc = rocCurve(groups);
    expect(roc[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(roc[roc.length - 1]).toEqual({ fpr: 1, tpr: 1 });
    let area = 0;
    for (let i = 1; i < roc.length; i++)
      area += ((roc[i]!.fpr - roc[i - 1]!.fpr) * (roc[i]!.tpr + roc[i - 1]!.tpr)) / 2;
    expect(area).toBeCloseTo(0.5625, 12);
  });
});

describe("deciles", () => {
  it("splits 20 distinct scores into ten bands of two, highest first", () => {
    const scores = Array.from({ length: 20 }, (_, i) => i + 1);
    // Positive when the score is above 10: the top five deciles hold every positive.
    const bands = deciles(groupsOf(scores.map((s): [number, boolean] => [s, s > 10])));
    expect(bands.map((b) => b.label)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(bands[0]).toMatchObject({ minScore: 19, maxScore: 20, n: 2, positives: 2, rate: 1 });
    expect(bands[0]!.lift).toBe(2);
    expect(bands[0]!.captured).toBe(0.2);
    expect(bands[4]!.captured).toBe(1);
    expect(bands[9]).toMatchObject({ minScore: 1, maxScore: 2, rate: 0, lift: 0 });
    expect(bands.map((b) => b.cumulativeShare)).toEqual([
      0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
  });

  it("keeps tied scores in one band named by the deciles it spans", () => {
    // Ten rows: score 9 ×3, 5 ×2, then 4, 3, 2, 1, 0.
    const groups = groupsOf(rows([9, 9, 5, 3], [9, 5, 4, 2, 1, 0]).sort((a, b) => b[0] - a[0]));
    const bands = deciles(groups);
    expect(bands.map((b) => [b.label, b.n, b.positives])).toEqual([
      ["1–3", 3, 2],
      ["4–5", 2, 1],
      ["6", 1, 0],
      ["7", 1, 1],
      ["8", 1, 0],
      ["9", 1, 0],
      ["10", 1, 0],
    ]);
    expect(bands[0]).toMatchObject({ fromDecile: 1, toDecile: 3, minScore: 9, maxScore: 9 });
    expect(bands[0]!.rate).toBeCloseTo(2 / 3);
    expect(bands[0]!.lift).toBeCloseTo(2 / 3 / 0.4);
    expect(bands[0]!.captured).toBe(0.5);
    expect(bands[1]!.captured).toBe(0.75);
  });

  it("closes a band at the first change of score past its mark", () => {
    // Twenty rows: three tie at the top (15%), then one row (to 20%), then sixteen more.
    const top: Array<[number, boolean]> = [
      [90, true],
      [90, true],
      [90, false],
      [80, true],
    ];
    const rest = Array.from({ length: 16 }, (_, i): [number, boolean] => [50 - i, i % 2 === 0]);
    const bands = deciles(groupsOf([...top, ...rest]));
    expect(bands[0]).toMatchObject({ label: "1", n: 3, minScore: 90, maxScore: 90 });
    expect(bands[1]).toMatchObject({ label: "2", n: 1, minScore: 80, maxScore: 80 });
    expect(bands.reduce((sum, b) => sum + b.n, 0)).toBe(20);
    expect(bands[bands.length - 1]!.label).toBe("10");
  });

  it("makes one band when every row has the same score", () => {
    const bands = deciles(groupsOf(rows([50, 50, 50], [50, 50, 50, 50])));
    expect(bands).toHaveLength(1);
    expect(bands[0]).toMatchObject({ label: "1–10", n: 7, positives: 3, captured: 1 });
  });

  it("always covers every row and ends at decile 10", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.boolean()), { minLength: 1 }),
        (pairs) => {
          const bands = deciles(groupsOf(pairs));
          expect(bands.reduce((sum, b) => sum + b.n, 0)).toBe(pairs.length);
          expect(bands[bands.length - 1]!.toDecile).toBe(10);
          expect(bands[bands.length - 1]!.cumulativeShare).toBe(1);
          bands.forEach((b, i) => {
            if (i > 0) expect(b.fromDecile).toBe(bands[i - 1]!.toDecile + 1);
            if (i > 0) expect(b.maxScore).toBeLessThan(bands[i - 1]!.minScore);
          });
        },
      ),
    );
  });
});

describe("the qualified gate and the minScore sweep", () => {
  // Rows that pass every other gate, by score; one more positive and two more negatives
  // fail another gate (so they are never qualified).
  const eligible: ScoreGroup[] = [
    { score: 40, positives: 1, negatives: 3 },
    { score: 60, positives: 2, negatives: 2 },
    { score: 80, positives: 3, negatives: 1 },
  ];
  const totals = { positives: 7, negatives: 8 };

  it("gives precision and recall at a minScore", () => {
    const at60 = pointAt(eligible, 60, totals);
    expect(at60).toMatchObject({ minScore: 60, qualified: 8, positives: 5 });
    expect(at60.precision).toBe(5 / 8);
    expect(at60.recall).toBe(5 / 7);
    expect(at60.falsePositiveRate).toBe(3 / 8);
    expect(at60.j).toBeCloseTo(5 / 7 - 3 / 8);
    expect(pointAt(eligible, 81, totals)).toMatchObject({
      qualified: 0,
      precision: null,
      recall: 0,
    });
    // A fractional minScore: scores are integers, so 59.5 is 60.
    expect(pointAt(eligible, 59.5, totals).qualified).toBe(8);
  });

  it("sweeps every integer minScore, never qualifying more as it rises", () => {
    const points = sweep(eligible, totals);
    expect(points).toHaveLength(101);
    expect(points[0]!.qualified).toBe(12);
    expect(points[41]!.qualified).toBe(8);
    expect(points[100]!.qualified).toBe(0);
    for (let i = 1; i < points.length; i++)
      expect(points[i]!.qualified).toBeLessThanOrEqual(points[i - 1]!.qualified);
  });

  it("suggests the minScore that separates best, nearest the current one among equals", () => {
    const groups: ScoreGroup[] = [
      { score: 40, positives: 20, negatives: 100 },
      { score: 80, positives: 100, negatives: 10 },
    ];
    const t = totalsOf(groups);
    const points = sweep(groups, t);
    const current = pointAt(groups, 0, t);
    const suggestion = suggestMinScore(points, current, t);
    // From 41 to 80 the gate keeps 100 of 120 positives and lets 10 of 110 negatives through.
    expect(suggestion.minScore).toBe(41);
    expect(suggestion.best.qualified).toBe(110);
    expect(suggestion.best.j).toBeCloseTo(100 / 120 - 10 / 110);
    expect(current.j).toBe(0);
    // Already at 70: nothing better to suggest.
    const at70 = suggestMinScore(points, pointAt(groups, 70, t), t);
    expect(at70.minScore).toBeNull();
    expect(at70.reason).toMatch(/already separates best/);
  });

  it("suggests nothing when no threshold beats noise", () => {
    const groups: ScoreGroup[] = [
      { score: 30, positives: 50, negatives: 50 },
      { score: 70, positives: 52, negatives: 48 },
    ];
    const t = totalsOf(groups);
    const suggestion = suggestMinScore(sweep(groups, t), pointAt(groups, 0, t), t);
    expect(suggestion.minScore).toBeNull();
    expect(suggestion.reason).toMatch(/No minScore separates better by more than noise/);
  });

  it("needs both outcomes to suggest anything", () => {
    const groups: ScoreGroup[] = [{ score: 30, positives: 5, negatives: 0 }];
    const t = totalsOf(groups);
    const suggestion = suggestMinScore(sweep(groups, t), pointAt(groups, 0, t), t);
    expect(suggestion.minScore).toBeNull();
  });
});
