import { describe, expect, it } from "vitest";
import { HitRate } from "../../src/io/hit-rate.js";

/** Lookups of `distinct` keys in turn, through a cache that remembers every one. */
function judge(distinct: number, trial: number): boolean {
  const rate = new HitRate(trial, 0.5);
  const seen = new Set<number>();
  let keep = true;
  for (let i = 0; i < trial; i++) {
    const key = i % distinct;
    keep = rate.count(seen.has(key));
    seen.add(key);
  }
  return keep;
}

describe("HitRate", () => {
  it("keeps a cache whose keys repeat once it has filled", () => {
    expect(judge(10, 1000)).toBe(true);
    // Mostly misses while filling, mostly hits after: judged on the second half.
    expect(judge(450, 1000)).toBe(true);
    expect(judge(800, 1000)).toBe(false);
  });

  it("drops a cache whose keys rarely repeat", () => {
    expect(judge(5000, 1000)).toBe(false);
  });

  it("decides once, at the end of the trial", () => {
    const rate = new HitRate(10, 0.5);
    for (let i = 0; i < 9; i++) expect(rate.count(false)).toBe(true);
    expect(rate.count(false)).toBe(false);
    expect(rate.count(true)).toBe(false);
  });
});
