/**
 * Remembers the output per outcome key (engine.ts `outcomeKey`): a million leads with unique
 * amounts and dates still fall into a few thousand outcomes — a score, the criteria met, the
 * rules that fired, the questions open — and each is explained and formatted once.
 */
import type { CompiledFramework } from "../core/compile.js";
import { outcomeKey, outcomeKeyLength, type Assessment } from "../core/engine.js";

interface Entry<T> {
  key: Int32Array;
  value: T;
  next: Entry<T> | undefined;
}

export class OutcomeMemo<T> {
  private readonly table = new Map<number, Entry<T>>();
  private readonly key: Int32Array;
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
  }

  /** The value remembered for this assessment's outcome and `extra` numbers, if any. */
  lookup(assessment: Assessment, extra: ArrayLike<number> = []): T | undefined {
    const key = this.key;
    let length = outcomeKey(this.compiled, assessment, key);
    for (let i = 0; i < extra.length; i++) key[length++] = extra[i]!;
    this.length = length;
    let hash = 0x811c9dc5;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ key[i]!, 0x01000193);
    // 30 bits: a small integer to V8, so the Map neither boxes nor hashes it as a double.
    this.hash = hash & 0x3fffffff;
    next: for (let entry = this.table.get(this.hash); entry !== undefined; entry = entry.next) {
      const known = entry.key;
      if (known.length !== length) continue;
      for (let i = 0; i < length; i++) if (known[i] !== key[i]) continue next;
      return entry.value;
    }
    return undefined;
  }

  /** Remembers `value` for the assessment just looked up (while there is room). */
  remember(value: T): void {
    if (this.size >= this.capacity) return;
    const key = this.key.slice(0, this.length);
    this.table.set(this.hash, { key, value, next: this.table.get(this.hash) });
    this.size++;
  }
}
