/**
 * Training rows counted by answer pattern: rows with the same answers are one entry with a
 * positive and a negative count, so a million rows of a few questions take a few thousand
 * entries. An entry is its key (one char per feature index: the key is the pattern) and two
 * counts in flat arrays. Memory is bounded: past `capacity` distinct patterns, patterns are
 * kept by a hash of their answers (half of them, then a quarter, …) with all of their rows.
 * Which patterns are kept depends only on the answers, never on the outcome, so the fit on
 * what is kept is still a fit of the outcome given the answers — on fewer rows. Pure.
 */
import type { PatternSet } from "./fit.js";

export const PATTERN_CAPACITY = 200_000;

/** FNV-1a over the key's char codes. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The key of a feature list: one char per feature index (ascending). */
export function patternKey(features: ArrayLike<number>): string {
  let key = "";
  for (let i = 0; i < features.length; i++) key += String.fromCharCode(features[i]!);
  return key;
}

export class PatternTable {
  private readonly slots = new Map<string, number>();
  private positives = new Float64Array(1024);
  private negatives = new Float64Array(1024);
  /** Patterns are kept when the low `level` bits of their hash are zero. */
  private level = 0;
  /** Rows added. */
  rows = 0;
  private dropped = 0;

  constructor(private readonly capacity = PATTERN_CAPACITY) {}

  private kept(key: string): boolean {
    return (hashOf(key) & ((1 << this.level) - 1)) === 0;
  }

  add(key: string, positive: boolean): void {
    this.rows++;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      if (!this.kept(key)) {
        this.dropped++;
        return;
      }
      if (this.slots.size === this.capacity) {
        this.thin();
        if (!this.kept(key)) {
          this.dropped++;
          return;
        }
      }
      slot = this.slots.size;
      if (slot === this.positives.length) {
        const grow = (old: Float64Array) => {
          const next = new Float64Array(old.length * 2);
          next.set(old);
          return next;
        };
        this.positives = grow(this.positives);
        this.negatives = grow(this.negatives);
      }
      this.slots.set(key, slot);
    }
    if (positive) this.positives[slot]!++;
    else this.negatives[slot]!++;
  }

  /** Keeps the patterns with one more zero bit of hash, until there is room. */
  private thin(): void {
    while (this.slots.size >= this.capacity && this.level < 30) {
      this.level++;
      const entries = [...this.slots];
      this.slots.clear();
      let next = 0;
      for (const [key, slot] of entries) {
        const rows = this.positives[slot]! + this.negatives[slot]!;
        if (!this.kept(key)) {
          this.dropped += rows;
          continue;
        }
        this.positives[next] = this.positives[slot]!;
        this.negatives[next] = this.negatives[slot]!;
        this.slots.set(key, next++);
      }
      this.positives.fill(0, next);
      this.negatives.fill(0, next);
    }
  }

  /** The patterns, with each feature mapped through `remap` (−1 drops it). */
  patternSet(remap?: ArrayLike<number>): PatternSet {
    const size = this.slots.size;
    let total = 0;
    for (const key of this.slots.keys()) total += key.length;
    const offsets = new Int32Array(size + 1);
    const features = new Int32Array(total);
    const positives = new Float64Array(size);
    const negatives = new Float64Array(size);
    let k = 0;
    let i = 0;
    for (const [key, slot] of this.slots) {
      for (let c = 0; c < key.length; c++) {
        const f = remap === undefined ? key.charCodeAt(c) : remap[key.charCodeAt(c)]!;
        if (f >= 0) features[k++] = f;
      }
      positives[i] = this.positives[slot]!;
      negatives[i] = this.negatives[slot]!;
      offsets[++i] = k;
    }
    return { size, offsets, features: features.subarray(0, k), positives, negatives };
  }

  get size(): number {
    return this.slots.size;
  }

  /** The share of distinct patterns kept: 1 until the capacity is reached. */
  get keptShare(): number {
    return 1 / 2 ** this.level;
  }

  /** Rows in the patterns kept. */
  get keptRows(): number {
    return this.rows - this.dropped;
  }
}
