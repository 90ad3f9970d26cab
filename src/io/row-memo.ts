/**
 * Remembers what rows score to, keyed by what their mapped cells read as (RowAnswers'
 * `rowKey`): CRM exports repeat the same few values (a status, a budget flag, a source)
 * across millions of rows, and the same answers always give the same result. The key is a
 * few numbers per cell made while reading them, so a row costs no string and no second pass
 * over its bytes.
 */
import { HitRate } from "./hit-rate.js";
import { IntKeyTable } from "./int-key-table.js";
import type { RowAnswers } from "./row-answers.js";

/** Lookups after which the memo judges whether it pays, and the share that must hit. */
const TRIAL = 20_000;
const MINIMUM_HITS = 0.5;

export class RowMemo<T> {
  private table: IntKeyTable<T> | undefined;
  private readonly rate = new HitRate(TRIAL, MINIMUM_HITS);

  constructor(
    private readonly answers: RowAnswers,
    capacity: number,
  ) {
    this.table = new IntKeyTable(answers.rowKey.length, capacity);
  }

  /** False once rows proved not to repeat: then the memo holds nothing and steps aside. */
  get active(): boolean {
    return this.table !== undefined;
  }

  /** The value remembered for the row just read, if any. */
  lookup(): T | undefined {
    const table = this.table;
    if (table === undefined) return undefined;
    const known = this.answers.keyed
      ? table.lookup(this.answers.rowKey, this.answers.rowKeyLength)
      : undefined;
    if (!this.rate.count(known !== undefined)) this.table = undefined;
    return known;
  }

  /** Remembers `value` for the row just looked up (while there is room). */
  remember(value: T): void {
    // An unkeyed row was not looked up in the table, so the table holds no key to remember.
    if (this.answers.keyed) this.table?.remember(value);
  }
}
