/**
 * A table keyed by short lists of whole numbers (int32), for the memos that batch consults on
 * every row. Open addressing over flat typed arrays: a lookup hashes the key and compares it
 * with keys stored in one contiguous array. A Map of entries holding their own small typed
 * arrays cost four dependent memory reads per row, most of them cache misses once a few
 * thousand keys are known.
 */

/** The hash of the first `length` numbers of `key`: 30 bits, never 0 (an empty slot). */
export function intKeyHash(key: Int32Array, length: number): number {
  let hash = 0x811c9dc5 ^ length;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ key[i]!, 0x01000193);
  // A multiply carries bits only upwards, and a number cell's key differs in its high bits
  // (0 for the low half of a whole number): mixed down (murmur3's finaliser) before the low
  // bits pick the slot, or every such key would start at one slot.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) & 0x3fffffff;
  return hash === 0 ? 1 : hash;
}

/** Slots to start with; the table doubles whenever it is half full. */
const FIRST_SLOTS = 1024;

export class IntKeyTable<T> {
  /** Per slot: its key's length, then the key, in `stride` numbers. */
  private readonly stride: number;
  private keys: Int32Array;
  /** Per slot: the key's hash, 0 for an empty slot. */
  private hashes: Int32Array;
  private values: Array<T | undefined>;
  private mask: number;
  private lastKey: Int32Array = new Int32Array(0);
  private lastLength = 0;
  private lastHash = 0;
  private count = 0;

  /** Keys are at most `maxKeyLength` numbers; at most `capacity` are remembered. */
  constructor(
    maxKeyLength: number,
    private readonly capacity: number,
  ) {
    this.stride = maxKeyLength + 1;
    this.keys = new Int32Array(FIRST_SLOTS * this.stride);
    this.hashes = new Int32Array(FIRST_SLOTS);
    this.values = new Array<T | undefined>(FIRST_SLOTS).fill(undefined);
    this.mask = FIRST_SLOTS - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value remembered for the first `length` numbers of `key`, if any. */
  lookup(key: Int32Array, length: number): T | undefined {
    const hash = intKeyHash(key, length);
    this.lastHash = hash;
    this.lastKey = key;
    this.lastLength = length;
    const slot = this.find(this.lastHash);
    return this.hashes[slot] === 0 ? undefined : this.values[slot];
  }

  /**
   * Remembers `value` for the key just looked up (while there is room). The key is copied,
   * so its array may be rewritten after.
   */
  remember(value: T): void {
    if (this.count >= this.capacity) return;
    if (2 * (this.count + 1) > this.hashes.length) this.grow();
    const slot = this.find(this.lastHash);
    if (this.hashes[slot] !== 0) return;
    this.store(slot, this.lastHash, this.lastKey, 0, this.lastLength, value);
    this.count++;
  }

  /** The slot holding the last key looked up, or the empty slot where it would go. */
  private find(hash: number): number {
    const { hashes, keys, stride, mask, lastKey: key, lastLength: length } = this;
    let slot = hash & mask;
    for (;;) {
      const known = hashes[slot]!;
      if (known === 0) return slot;
      if (known === hash) {
        let at = slot * stride;
        if (keys[at++] === length) {
          let i = 0;
          while (i < length && keys[at + i] === key[i]) i++;
          if (i === length) return slot;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  private store(
    slot: number,
    hash: number,
    from: Int32Array,
    start: number,
    length: number,
    value: T | undefined,
  ): void {
    const at = slot * this.stride;
    this.hashes[slot] = hash;
    this.keys[at] = length;
    this.keys.set(from.subarray(start, start + length), at + 1);
    this.values[slot] = value;
  }

  /** Twice the slots, every key placed again by its hash. */
  private grow(): void {
    const { keys, hashes, values, stride } = this;
    const slots = hashes.length * 2;
    this.keys = new Int32Array(slots * stride);
    this.hashes = new Int32Array(slots);
    this.values = new Array<T | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
    for (let old = 0; old < hashes.length; old++) {
      const hash = hashes[old]!;
      if (hash === 0) continue;
      let slot = hash & this.mask;
      while (this.hashes[slot] !== 0) slot = (slot + 1) & this.mask;
      const at = old * stride;
      this.store(slot, hash, keys, at + 1, keys[at]!, values[old]);
    }
  }
}
