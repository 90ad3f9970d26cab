/**
 * Training rows counted by answer pattern: rows with the same answers are one entry with a
 * positive and a negative count, so a million rows of a few questions take a few thousand
 * entries. Memory is bounded: past `capacity` distinct patterns, patterns are kept by a hash
 * of their answers (half of them, then a quarter, …) with all of their rows. Which patterns
 * are kept depends only on the answers, never on the outcome, so the fit on what is kept is
 * still a fit of the outcome given the answers — on fewer rows. Pure.
 */
import type { Pattern } from "./fit.js";

export const PATTERN_CAPACITY = 200_000;

interface Entry extends Pattern {
  positives: number;
  negatives: number;
  readonly hash: number;
}

/** FNV-1a over the key's char codes. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The key of a feature list: one char per feature index. */
export function patternKey(features: Int32Array): string {
  let key = "";
  for (let i = 0; i < features.length; i++) key += String.fromCharCode(features[i]!);
  return key;
}

export class PatternTable {
  private readonly entries = new Map<string, Entry>();
  /** Patterns are kept when the low `level` bits of their hash are zero. */
  private level = 0;
  /** Rows added, and rows in the patterns kept. */
  rows = 0;
  private dropped = 0;

  constructor(private readonly capacity = PATTERN_CAPACITY) {}

  add(key: string, features: Int32Array, positive: boolean): void {
    this.rows++;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const hash = hashOf(key);
      if ((hash & ((1 << this.level) - 1)) !== 0) {
        this.dropped++;
        return;
      }
      entry = { features, positives: 0, negatives: 0, hash };
      this.entries.set(key, entry);
      if (this.entries.size > this.capacity) this.thin();
      if ((entry.hash & ((1 << this.level) - 1)) !== 0) {
        this.dropped++;
        return;
      }
    }
    if (positive) entry.positives++;
    else entry.negatives++;
  }

  /** Keeps half of the patterns kept so far, by one more bit of their hash. */
  private thin(): void {
    while (this.entries.size > this.capacity && this.level < 30) {
      this.level++;
      const mask = (1 << this.level) - 1;
      for (const [key, entry] of this.entries) {
        if ((entry.hash & mask) !== 0) {
          this.dropped += entry.positives + entry.negatives;
          this.entries.delete(key);
        }
      }
    }
  }

  get patterns(): Pattern[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
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
