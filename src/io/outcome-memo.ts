/**
 * Remembers the output per outcome key (engine.ts `outcomeKey`): a million leads with unique
 * amounts and dates still fall into a few thousand outcomes — a score, the criteria met, the
 * rules that fired, the questions open — and each is explained and formatted once.
 */
import type { CompiledFramework } from "../core/compile.js";
import { outcomeKey, outcomeKeyLength, type Assessment } from "../core/engine.js";

/** Slots to start with; the table doubles whenever it is half full. */
const FIRST_SLOTS = 1024;

/**
 * An open-addressing table over flat typed arrays: a lookup hashes the key and compares it
 * with the keys stored in one contiguous array. A Map of entries holding their own small
 * typed arrays cost four dependent memory reads per row, most of them cache misses once a
 * few thousand outcomes are known.
 */
export class OutcomeMemo<T> {
  private readonly key: Int32Array;
  /** Per slot: its key's length, then the key, in `stride` numbers. */
  private readonly stride: number;
  private keys: Int32Array;
  /** Per slot: the key's hash, 0 for an empty slot. */
  private hashes: Int32Array;
  private values: Array<T | undefined>;
  private mask: number;
  private length = 0;
  private hash = 0;
  private size = 0;

  /** `extra`: how many more numbers each lookup adds to the key (its warnings, say). */
  constructor(
    private readonly compiled: CompiledFramework,
    private readonly capacity: number,
    extra = 0,
  ) {
    this.key = new Int32Array(outcomeKeyLength(compiled) + extra);
    this.stride = this.key.length + 1;
    this.keys = new Int32Array(FIRST_SLOTS * this.stride);
    this.hashes = new Int32Array(FIRST_SLOTS);
    this.values = new Array<T | undefined>(FIRST_SLOTS).fill(undefined);
    this.mask = FIRST_SLOTS - 1;
  }

  /** The value remembered for this assessment's outcome and `extra` numbers, if any. */
  lookup(assessment: Assessment, extra: ArrayLike<number> = []): T | undefined {
    const key = this.key;
    let length = outcomeKey(this.compiled, assessment, key);
    for (let i = 0; i < extra.length; i++) key[length++] = extra[i]!;
    this.length = length;
    let hash = 0x811c9dc5;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ key[i]!, 0x01000193);
    hash &= 0x3fffffff;
    this.hash = hash === 0 ? 1 : hash;
    const slot = this.find(this.hash);
    return this.hashes[slot] === 0 ? undefined : this.values[slot];
  }

  /** Remembers `value` for the assessment just looked up (while there is room). */
  remember(value: T): void {
    if (this.size >= this.capacity) return;
    if (2 * (this.size + 1) > this.hashes.length) this.grow();
    const slot = this.find(this.hash);
    if (this.hashes[slot] !== 0) return;
    this.store(slot, this.hash, this.key, 0, this.length, value);
    this.size++;
  }

  /** The slot holding the current key, or the empty slot where it would go. */
  private find(hash: number): number {
    const { hashes, keys, key, stride, mask, length } = this;
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
