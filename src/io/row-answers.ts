/**
 * A CSV row's mapped cells → the engine's answers: value maps from `--map`, then coercion
 * by question type, with the result per distinct cell text remembered. A cell that cannot be
 * read leaves the answer unknown and says why.
 */
import type { CompiledFramework } from "../core/compile.js";
import type { Value } from "../core/conditions.js";
import { coerceAnswer } from "../core/answers.js";
import type { CsvRecord } from "./csv/reader.js";
import type { Mapping } from "./mapping.js";
import { HitRate } from "./hit-rate.js";
import { numberFromBytes } from "./cell-number.js";
import { DateCells } from "./cell-date.js";
import { ByteCache } from "./byte-cache.js";

/** Distinct cell texts remembered per question; past this, cells are read each time. */
const MAX_CACHED_CELLS = 20_000;
/** Cells read before a column's cache is judged: kept only if most cells repeat. */
const CACHE_TRIAL = 5_000;
const MINIMUM_HITS = 0.5;
/** Distinct warnings numbered for `warningIds`. */
const MAX_NUMBERED_WARNINGS = 10_000;

interface Column {
  question: number;
  column: number;
  id: string;
  values?: ReadonlyMap<string, string>;
  /** Valid range of a number question read from bytes (absent: not read from bytes). */
  bytes?: { min: number; max: number };
  /** A date question read from bytes (common shapes; others go through `coerceAnswer`). */
  date: boolean;
  /**
   * What each distinct cell (by its bytes) reads as; undefined once the column proved to
   * hold mostly distinct values (amounts, dates).
   */
  cache: ByteCache<Reading> | undefined;
  rate: HitRate;
}

/** A cell read: its answer, or the warning that made it unknown (with its number). */
interface Reading {
  value: Value;
  warning?: string;
  warningId: number;
}

/** Shared by every row that reads cleanly (most): never added to. */
const NO_WARNINGS: readonly string[] = Object.freeze([]);

export class RowAnswers {
  private readonly columns: Column[];
  /** Answers per question index, rewritten by each `read`. */
  readonly values: Value[];
  /**
   * Per mapped column, rewritten by each `read`: 0 when its cell read cleanly, else a number
   * standing for its warning (equal numbers, equal warnings), or -1 once too many distinct
   * warnings were seen to number them all.
   */
  readonly warningIds: Int32Array;
  /** Whether every warning of the last `read` has its number (none is -1). */
  warningsNumbered = true;
  private readonly warningNumbers = new Map<string, number>();
  private readonly dates = new DateCells();

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
        date: def.type === "date" && b.values === undefined,
        cache: new ByteCache<Reading>(MAX_CACHED_CELLS),
        rate: new HitRate(CACHE_TRIAL, MINIMUM_HITS),
      };
    });
    this.values = new Array<Value>(compiled.questions.length).fill(undefined);
    this.warningIds = new Int32Array(this.columns.length);
  }

  private warningId(message: string): number {
    let id = this.warningNumbers.get(message);
    if (id === undefined) {
      if (this.warningNumbers.size >= MAX_NUMBERED_WARNINGS) return -1;
      id = this.warningNumbers.size + 1;
      this.warningNumbers.set(message, id);
    }
    return id;
  }

  /** The CSV columns read, in a fixed order (for keys). */
  get columnIndexes(): number[] {
    return this.columns.map((c) => c.column);
  }

  private readCell(column: Column, raw: string): Reading {
    const text = column.values?.get(raw.trim().toLowerCase()) ?? raw;
    const coerced = coerceAnswer(this.compiled.questions[column.question]!, text);
    if (coerced.ok) return { value: coerced.value, warningId: 0 };
    const warning = `${column.id}: ${coerced.message}`;
    return { value: undefined, warning, warningId: this.warningId(warning) };
  }

  /** Reads the record's mapped cells into `values`; returns a warning per unreadable cell. */
  read(record: CsvRecord): readonly string[] {
    let warnings = NO_WARNINGS as string[];
    this.warningsNumbered = true;
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      this.warningIds[c] = 0;
      // A field past the record's last reads as empty, as `record.field` does.
      const i = column.column;
      const start = i < record.count ? record.fieldStart(i) : 0;
      const end = i < record.count ? record.fieldEnd(i) : 0;
      const range = column.bytes;
      if (range !== undefined) {
        const n = numberFromBytes(record.buffer, start, end);
        // Out of range or not a common shape: the reference parser reads it and says why.
        if (n >= range.min && n <= range.max) {
          this.values[column.question] = n;
          continue;
        }
      }
      if (column.date) {
        const date = this.dates.read(record.buffer, start, end);
        if (date !== undefined) {
          this.values[column.question] = date;
          continue;
        }
      }
      let reading = column.cache?.get(record.buffer, start, end);
      if (column.cache !== undefined && !column.rate.count(reading !== undefined))
        column.cache = undefined;
      if (reading === undefined) {
        reading = this.readCell(column, record.field(i));
        column.cache?.set(record.buffer, start, end, reading);
      }
      this.values[column.question] = reading.value;
      if (reading.warning !== undefined) {
        if (warnings === NO_WARNINGS) warnings = [];
        warnings.push(reading.warning);
        this.warningIds[c] = reading.warningId;
        if (reading.warningId === -1) this.warningsNumbered = false;
      }
    }
    return warnings;
  }
}
