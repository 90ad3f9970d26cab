/**
 * Remembers what rows score to, keyed by the bytes of the cells the framework reads: CRM
 * exports repeat the same few values (a status, a budget flag, a source) across millions of
 * rows, and the same cells always give the same result. Keys are hashed from the bytes
 * where they lie, and checked byte for byte, so a row costs no string allocation.
 */
import type { CsvRecord } from "./csv/reader.js";

interface Entry<T> {
  /** The cells' bytes, each followed by its length (two bytes). */
  key: Buffer;
  value: T;
  next: Entry<T> | undefined;
}

import { HitRate } from "./hit-rate.js";

/** Lookups after which the memo judges whether it pays, and the share that must hit. */
const TRIAL = 20_000;
const MINIMUM_HITS = 0.5;

export class RowMemo<T> {
  private readonly table = new Map<number, Entry<T>>();
  private size = 0;
  private lastHash = 0;
  private readonly rate = new HitRate(TRIAL, MINIMUM_HITS);

  /** False once rows proved not to repeat: then the memo holds nothing and steps aside. */
  get active(): boolean {
    return this.rate.worthIt;
  }

  constructor(
    private readonly columns: readonly number[],
    private readonly capacity: number,
  ) {}

  private hash(record: CsvRecord): number {
    const buffer = record.buffer;
    let hash = 0x811c9dc5;
    for (const column of this.columns) {
      const start = record.fieldStart(column);
      const end = record.fieldEnd(column);
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ buffer[i]!, 0x01000193);
      hash = Math.imul(hash ^ (end - start), 0x01000193);
    }
    return hash >>> 0;
  }

  private matches(entry: Entry<T>, record: CsvRecord): boolean {
    const buffer = record.buffer;
    const key = entry.key;
    let k = 0;
    for (const column of this.columns) {
      const start = record.fieldStart(column);
      const end = record.fieldEnd(column);
      const length = end - start;
      if (k + length + 2 > key.length) return false;
      for (let i = start; i < end; i++) if (key[k++] !== buffer[i]) return false;
      if (key[k++] !== (length & 0xff) || key[k++] !== length >>> 8) return false;
    }
    return k === key.length;
  }

  /** The value remembered for this record's cells, if any. */
  lookup(record: CsvRecord): T | undefined {
    if (!this.active) return undefined;
    this.lastHash = this.hash(record);
    for (let entry = this.table.get(this.lastHash); entry !== undefined; entry = entry.next) {
      if (this.matches(entry, record)) {
        this.rate.count(true);
        return entry.value;
      }
    }
    if (!this.rate.count(false)) this.table.clear();
    return undefined;
  }

  /** Remembers `value` for the record just looked up (while there is room). */
  remember(record: CsvRecord, value: T): void {
    if (!this.active || this.size >= this.capacity) return;
    let length = 0;
    for (const column of this.columns)
      length += record.fieldEnd(column) - record.fieldStart(column) + 2;
    // Cells over 64 KB are not remembered: their length would not fit the two length bytes.
    if (length >= 1 << 16) return;
    const key = Buffer.allocUnsafe(length);
    let k = 0;
    for (const column of this.columns) {
      const start = record.fieldStart(column);
      const end = record.fieldEnd(column);
      record.buffer.copy(key, k, start, end);
      k += end - start;
      key[k++] = (end - start) & 0xff;
      key[k++] = (end - start) >>> 8;
    }
    this.table.set(this.lastHash, { key, value, next: this.table.get(this.lastHash) });
    this.size++;
  }
}
