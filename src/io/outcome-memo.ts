/**
 * Remembers the output per outcome key (engine.ts `outcomeKey`): a million leads with unique
 * amounts and dates still fall into a few thousand outcomes — a score, the criteria met, the
 * rules that fired, the questions open — and each is explained and formatted once.
 */
import type { CompiledFramework } from "../core/compile.js";
import { outcomeKey, outcomeKeyLength, type Assessment } from "../core/engine.js";
import { IntKeyTable } from "./int-key-table.js";

export class OutcomeMemo<T> {
  private readonly key: Int32Array;
  private readonly table: IntKeyTable<T>;

  /** `extra`: how many more numbers each lookup adds to the key (its warnings, say). */
  constructor(
    private readonly compiled: CompiledFramework,
    capacity: number,
    extra = 0,
  ) {
    this.key = new Int32Array(outcomeKeyLength(compiled) + extra);
    this.table = new IntKeyTable(this.key.length, capacity);
  }

  /** The value remembered for this assessment's outcome and `extra` numbers, if any. */
  lookup(assessment: Assessment, extra: ArrayLike<number> = []): T | undefined {
    const key = this.key;
    let length = outcomeKey(this.compiled, assessment, key);
    for (let i = 0; i < extra.length; i++) key[length++] = extra[i]!;
    return this.table.lookup(key, length);
  }

  /** Remembers `value` for the assessment just looked up (while there is room). */
  remember(value: T): void {
    this.table.remember(value);
  }
}
