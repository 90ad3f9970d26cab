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
  /** A number for a reading its column's cache remembers (from 1), else 0. */
  serial: number;
}

/** What a number cell's three numbers in `rowKey` start with (serials are 1 up, days < 0). */
const NUMBER = 0;

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
  /**
   * Numbers that stand for what the mapped cells read as, in the first `rowKeyLength`,
   * rewritten by each `read`: rows with equal keys have equal answers and warnings, so they
   * score alike. Per cell, in column order: its reading's serial (1 up), or minus its day
   * (a date), or 0 and the two halves of its bits (a number). The first number of each says
   * how many follow, so no two different rows share a key.
   */
  readonly rowKey: Int32Array;
  rowKeyLength = 0;
  /** False when a cell of the last `read` has no key (its reading was not remembered). */
  keyed = true;
  private readonly numberBits = new Float64Array(1);
  private readonly numberWords = new Int32Array(this.numberBits.buffer);
  private serials = 0;
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
    // Three numbers for a cell read as a number from its bytes, one for any other.
    this.rowKey = new Int32Array(
      this.columns.reduce((length, c) => length + (c.bytes === undefined ? 1 : 3), 0),
    );
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

  private readCell(column: Column, raw: string): Reading {
    const text = column.values?.get(raw.trim().toLowerCase()) ?? raw;
    const coerced = coerceAnswer(this.compiled.questions[column.question]!, text);
    if (coerced.ok) return { value: coerced.value, warningId: 0, serial: 0 };
    const warning = `${column.id}: ${coerced.message}`;
    return { value: undefined, warning, warningId: this.warningId(warning), serial: 0 };
  }

  /** Reads the record's mapped cells into `values`; returns a warning per unreadable cell. */
  read(record: CsvRecord): readonly string[] {
    let warnings = NO_WARNINGS as string[];
    this.warningsNumbered = true;
    const columns = this.columns;
    const rowKey = this.rowKey;
    this.keyed = true;
    let k = 0;
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
          this.numberBits[0] = n;
          rowKey[k++] = NUMBER;
          rowKey[k++] = this.numberWords[0]!;
          rowKey[k++] = this.numberWords[1]!;
          continue;
        }
      }
      if (column.date) {
        const date = this.dates.read(record.buffer, start, end);
        if (date !== undefined) {
          this.values[column.question] = date;
          rowKey[k++] = -this.dates.lastDay;
          continue;
        }
      }
      let reading = column.cache?.get(record.buffer, start, end);
      if (column.cache !== undefined && !column.rate.count(reading !== undefined))
        column.cache = undefined;
      if (reading === undefined) {
        reading = this.readCell(column, record.field(i));
        const cache = column.cache;
        if (cache !== undefined) {
          const size = cache.size;
          cache.set(record.buffer, start, end, reading);
          // Only a remembered reading is met again, so only it needs a number.
          if (cache.size > size) reading.serial = ++this.serials;
        }
      }
      this.values[column.question] = reading.value;
      if (reading.serial === 0) this.keyed = false;
      rowKey[k++] = reading.serial;
      if (reading.warning !== undefined) {
        if (warnings === NO_WARNINGS) warnings = [];
        warnings.push(reading.warning);
        this.warningIds[c] = reading.warningId;
        if (reading.warningId === -1) this.warningsNumbered = false;
      }
    }
    this.rowKeyLength = k;
    return warnings;
  }
}
