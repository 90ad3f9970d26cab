/**
 * A CSV row's mapped cells → the engine's answers: value maps from `--map`, then coercion
 * by question type, with the result per distinct cell text remembered. A cell that cannot be
 * read leaves the answer unknown and says why.
 */
import type { CompiledFramework } from "../core/compile.js";
import type { Value } from "../core/conditions.js";
import { coerceAnswer, type Coerced } from "../core/answers.js";
import type { CsvRecord } from "./csv/reader.js";
import type { Mapping } from "./mapping.js";
import { HitRate } from "./hit-rate.js";
import { numberFromBytes } from "./cell-number.js";

/** Distinct cell texts remembered per question; past this, cells are read each time. */
const MAX_CACHED_CELLS = 20_000;
/** Cells read before a column's cache is judged: kept only if most cells repeat. */
const CACHE_TRIAL = 5_000;
const MINIMUM_HITS = 0.5;

interface Column {
  question: number;
  column: number;
  id: string;
  values?: ReadonlyMap<string, string>;
  /** Valid range of a number question read from bytes (absent: not read from bytes). */
  bytes?: { min: number; max: number };
  /** Undefined once the column proved to hold mostly distinct values (amounts, dates). */
  cache: Map<string, Coerced> | undefined;
  rate: HitRate;
}

export class RowAnswers {
  private readonly columns: Column[];
  /** Answers per question index, rewritten by each `read`. */
  readonly values: Value[];

  constructor(
    private readonly compiled: CompiledFramework,
    mapping: Mapping,
  ) {
    this.columns = mapping.bindings.map((b) => {
      const def = compiled.questions[b.question]!.def;
      return {
        question: b.question,
        column: b.column,
        id: compiled.questions[b.question]!.id,
        values: b.values,
        // Amounts and counts rarely repeat, so a cache would not help: read them from bytes.
        bytes:
          def.type === "number" && b.values === undefined
            ? { min: def.min ?? -Infinity, max: def.max ?? Infinity }
            : undefined,
        cache: new Map(),
        rate: new HitRate(CACHE_TRIAL, MINIMUM_HITS),
      };
    });
    this.values = new Array<Value>(compiled.questions.length).fill(undefined);
  }

  /** The CSV columns read, in a fixed order (for keys). */
  get columnIndexes(): number[] {
    return this.columns.map((c) => c.column);
  }

  /** Reads the record's mapped cells into `values`; returns a warning per unreadable cell. */
  read(record: CsvRecord): string[] {
    const warnings: string[] = [];
    for (const column of this.columns) {
      const range = column.bytes;
      if (range !== undefined && column.column < record.count) {
        const i = column.column;
        const n = numberFromBytes(record.buffer, record.fieldStart[i]!, record.fieldEnd[i]!);
        // Out of range or not a common shape: the reference parser reads it and says why.
        if (n >= range.min && n <= range.max) {
          this.values[column.question] = n;
          continue;
        }
      }
      const raw = record.field(column.column);
      let coerced = column.cache?.get(raw);
      if (column.cache !== undefined && !column.rate.count(coerced !== undefined))
        column.cache = undefined;
      if (coerced === undefined) {
        const text = column.values?.get(raw.trim().toLowerCase()) ?? raw;
        coerced = coerceAnswer(this.compiled.questions[column.question]!, text);
        if (column.cache !== undefined && column.cache.size < MAX_CACHED_CELLS)
          column.cache.set(raw, coerced);
      }
      if (coerced.ok) this.values[column.question] = coerced.value;
      else {
        this.values[column.question] = undefined;
        warnings.push(`${column.id}: ${coerced.message}`);
      }
    }
    return warnings;
  }
}
