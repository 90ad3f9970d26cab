/** The parts of calibrate: the split, the pattern table, the bootstrap and verdicts by minScore. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { HoldoutSplit } from "../../src/calibrate/split.js";
import { PatternTable, patternKey } from "../../src/calibrate/patterns.js";
import { aucChange, PairedScores } from "../../src/calibrate/bootstrap.js";
import { VerdictTally } from "../../src/calibrate/tally.js";

describe("HoldoutSplit", () => {
  it("holds out the share of each class to within a row, whatever the order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (seed, share) => {
          const split = new HoldoutSplit(share, seed);
          let positives = 0;
          let negatives = 0;
          // Interleave the classes irregularly: each class's own count is what is stratified.
          for (let i = 0; i < 3000; i++) {
            if (split.heldOut(true)) positives++;
            if (i % 3 === 0 && split.heldOut(false)) negatives++;
          }
          // 3,000 positives and 1,000 negatives: whole numbers of blocks.
          expect(Math.abs(positives - 3000 * share)).toBeLessThan(1);
          expect(Math.abs(negatives - 1000 * share)).toBeLessThan(1);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("deals the same rows for the same seed, and others for another", () => {
    const deal = (seed: number) => {
      const split = new HoldoutSplit(0.3, seed);
      return Array.from({ length: 500 }, (_, i) => split.heldOut(i % 2 === 0));
    };
    expect(deal(1)).toEqual(deal(1));
    expect(deal(1)).not.toEqual(deal(2));
  });
});

describe("PatternTable", () => {
  const f = (...indexes: number[]) => Int32Array.from(indexes);

  it("counts rows with the same answers as one pattern", () => {
    const table = new PatternTable();
    for (const [features, positive] of [
      [f(0, 2), true],
      [f(0, 2), false],
      [f(0, 2), true],
      [f(1), false],
    ] as const)
      table.add(patternKey(features), positive);
    expect(table.size).toBe(2);
    const set = table.patternSet();
    expect(Array.from(set.offsets)).toEqual([0, 2, 3]);
    expect(Array.from(set.features)).toEqual([0, 2, 1]);
    expect(Array.from(set.positives)).toEqual([2, 0]);
    expect(Array.from(set.negatives)).toEqual([1, 1]);
    // Remapped (a feature dropped, the others renumbered).
    const remapped = table.patternSet([0, -1, 1]);
    expect(Array.from(remapped.features)).toEqual([0, 1]);
    expect(Array.from(remapped.offsets)).toEqual([0, 2, 2]);
    expect(table.keptShare).toBe(1);
    expect(table.keptRows).toBe(4);
  });

  it("past its capacity keeps a share of the patterns, each with all of its rows", () => {
    const table = new PatternTable(100);
    for (let repeat = 0; repeat < 3; repeat++)
      for (let i = 0; i < 1000; i++) {
        const features = f(i % 50, 50 + Math.floor(i / 50));
        table.add(patternKey(features), repeat === 0);
      }
    expect(table.size).toBeLessThanOrEqual(100);
    expect(table.keptShare).toBeLessThan(1);
    expect(table.rows).toBe(3000);
    // A pattern is kept whole or not at all: every kept one has its 3 rows.
    const set = table.patternSet();
    for (let i = 0; i < set.size; i++) expect([set.positives[i], set.negatives[i]]).toEqual([1, 2]);
    expect(table.keptRows).toBe(table.size * 3);
  });
});

describe("aucChange", () => {
  it("finds no change, with a zero-width interval, when the scores are the same", () => {
    const paired = new PairedScores();
    for (let i = 0; i < 200; i++) paired.add(i % 100, i % 100, i % 3 === 0);
    const change = aucChange(paired, 200, 1);
    expect(change.change).toBe(0);
    expect(change.interval).toEqual([0, 0]);
  });

  it("puts the interval above zero when the new score ranks clearly better", () => {
    const paired = new PairedScores();
    for (let i = 0; i < 400; i++) {
      const positive = i % 2 === 0;
      paired.add(i % 50, positive ? 60 + (i % 40) : i % 60, positive);
    }
    const change = aucChange(paired, 300, 1);
    expect(change.after!).toBeGreaterThan(change.before!);
    expect(change.interval![0]).toBeGreaterThan(0);
    expect(change.interval![0]).toBeLessThanOrEqual(change.change!);
    expect(change.interval![1]).toBeGreaterThanOrEqual(change.change!);
    expect(aucChange(paired, 300, 1)).toEqual(change);
  });
});

describe("VerdictTally", () => {
  it("gives verdicts at any minScore: rules stay, eligible rows qualify from minScore up", () => {
    const tally = new VerdictTally();
    // score, eligible, otherwise (0 qualified, 1 nurture, 2 disqualified), positive
    const rows: Array<[number, boolean, number, boolean]> = [
      [80, true, 1, true],
      [60, true, 1, false],
      [40, true, 2, true],
      [90, false, 2, false], // a disqualify rule fired
      [70, false, 1, true], // a gate other than minScore failed
    ];
    for (const [score, eligible, otherwise, positive] of rows)
      tally.add({ score, eligible, otherwise }, positive);
    const at = (m: number) => tally.figuresAt(m).verdicts.map((v) => [v.verdict, v.n, v.positives]);
    expect(at(50)).toEqual([
      ["qualified", 2, 1],
      ["nurture", 1, 1],
      ["disqualified", 2, 1],
    ]);
    expect(at(0)).toEqual([
      ["qualified", 3, 2],
      ["nurture", 1, 1],
      ["disqualified", 1, 0],
    ]);
    const figures = tally.figuresAt(70);
    expect(figures.qualified).toEqual({ n: 1, positives: 1, precision: 1, recall: 1 / 3 });
  });
});
