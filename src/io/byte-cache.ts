/**
 * A cache keyed by a cell's bytes where they lie in the reader's buffer: a hit costs a hash
 * and a byte comparison, with no string decoded (most of a CRM export's choice cells — a
 * status, a source, an industry — repeat a few dozen values over millions of rows).
 * Open addressing over a power-of-two table; keys are copied into one growing arena.
 */
export class ByteCache<T> {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private readonly values: T[] = [];
  private arena = new Uint8Array(1 << 12);
  private arenaUsed = 0;
  private lastHash = 0;

  constructor(private readonly capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
  }

  get size(): number {
    return this.values.length;
  }

  /** The value for `bytes[start..end)`, if remembered. */
  get(bytes: Uint8Array, start: number, end: number): T | undefined {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    // As an int32, as the hashes are stored (an empty key leaves the unsigned basis).
    hash |= 0;
    this.lastHash = hash;
    const length = end - start;
    const arena = this.arena;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) return undefined;
      if (this.hashes[entry] !== hash || this.lengths[entry] !== length) continue;
      const at = this.starts[entry]! - start;
      let i = start;
      while (i < end && arena[at + i] === bytes[i]) i++;
      if (i === end) return this.values[entry];
    }
  }

  /** Remembers `value` for the bytes just looked up with `get` (while there is room). */
  set(bytes: Uint8Array, start: number, end: number, value: T): void {
    const entry = this.values.length;
    if (entry >= this.capacity) return;
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaUsed);
    this.hashes[entry] = this.lastHash;
    this.starts[entry] = this.arenaUsed;
    this.lengths[entry] = length;
    this.arenaUsed += length;
    this.values.push(value);
    let slot = this.lastHash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry + 1;
  }
}
