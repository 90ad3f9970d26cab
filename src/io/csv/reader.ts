/**
 * A streaming RFC 4180 reader that works on bytes. For each record it finds the field
 * boundaries without decoding anything; callers decode only the fields they read, and can
 * copy the record's original bytes to the output untouched. Quoted fields may hold
 * delimiters, doubled quotes and line breaks; CRLF, LF and lone CR end records; a chunk may
 * end anywhere — inside a quoted field, between CR and LF, or inside a UTF-8 character.
 *
 * Chosen over the CSV libraries by measurement (shared notes/csv.md): decoding every field
 * and re-encoding every row is what makes them 2–10× slower for this job.
 */

import { SimdScanner } from "./simd.js";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const decoder = new TextDecoder("utf-8");

/** A record longer than this is an unbalanced quote, not data: stop before memory runs out. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** The input ended inside a quoted field: the quote that opened it is never closed. */
export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`the quoted field in the record starting on line ${line} is never closed`);
  }
}

export class RecordTooLongError extends Error {
  constructor(readonly line: number) {
    super(`a record starting on line ${line} is over ${MAX_RECORD_BYTES / 1024 / 1024} MB`);
  }
}

/** One record, valid only during the callback: it points into the reader's buffer. */
export class CsvRecord {
  buffer: Buffer = Buffer.alloc(0);
  /** Byte range of the record, without its line ending. */
  start = 0;
  end = 0;
  /** Number of fields. */
  count = 0;
  /** 1-based line on which the record starts (quoted line breaks count). */
  line = 0;
  /**
   * Field i ends at ends[first + i]: a delimiter, or the record's end (quotes included when
   * the field is quoted); the next field starts one byte later. Kept as the reader's list
   * of boundaries, so a record costs the same however many fields it has.
   */
  ends: Uint32Array = new Uint32Array(64);
  first = 0;

  /** Where field i starts (i < count). */
  fieldStart(i: number): number {
    return i === 0 ? this.start : this.ends[this.first + i - 1]! + 1;
  }

  /** Where field i ends (i < count). */
  fieldEnd(i: number): number {
    return this.ends[this.first + i]!;
  }

  /** True when field i (i < count) starts with a quote. */
  quoted(i: number): boolean {
    const start = this.fieldStart(i);
    return start < this.fieldEnd(i) && this.buffer[start] === QUOTE;
  }

  /** The decoded text of field i ("" past the last field). */
  field(i: number): string {
    if (i >= this.count) return "";
    let start = this.fieldStart(i);
    let end = this.fieldEnd(i);
    if (start === end) return "";
    if (this.buffer[start] !== QUOTE) return this.buffer.toString("utf8", start, end);
    start++;
    // The closing quote is the last quote in the field; text after it (malformed) is kept.
    const close = this.buffer.lastIndexOf(QUOTE, end - 1);
    const tail =
      close > start - 1 && close < end - 1 ? this.buffer.toString("utf8", close + 1, end) : "";
    if (close >= start) end = close;
    const text = decoder.decode(this.buffer.subarray(start, end));
    return (text.includes('"') ? text.replaceAll('""', '"') : text) + tail;
  }

  /** Field i's bytes as they are in the file (quotes included), as a latin1 string: a cheap exact key. */
  raw(i: number): string {
    return i >= this.count
      ? ""
      : this.buffer.toString("latin1", this.fieldStart(i), this.fieldEnd(i));
  }

  /** All fields, decoded. */
  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.field(i);
    return out;
  }

  /** True when the record is an empty line. */
  get blank(): boolean {
    return this.count === 1 && this.start === this.end;
  }
}

export type RecordHandler = (record: CsvRecord) => void;

export interface CsvReaderOptions {
  /** Find record boundaries with the WebAssembly SIMD scan (default) or only the byte loop. */
  simd?: boolean;
  /**
   * After each push (and at the end): `buffer[0, end)` held exactly the records just emitted,
   * line endings included, so they can be handed on whole.
   */
  onConsumed?: (buffer: Buffer, end: number) => void;
}

export class CsvReader {
  private pending: Buffer = Buffer.alloc(0);
  private scratch: Buffer = Buffer.alloc(0);
  private readonly record = new CsvRecord();
  /** Line number at the start of `pending`. */
  private line = 1;
  /** Holds the pending bytes itself when present. */
  private readonly simd: SimdScanner | undefined;
  /** The byte loop's field ends (the SIMD scan lists its own). */
  private ends = new Uint32Array(64);
  /** Buffers the SIMD scan left to the byte loop (a stray quote), for tests and profiling. */
  byteLoopBuffers = 0;
  private readonly onConsumed: ((buffer: Buffer, end: number) => void) | undefined;

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: RecordHandler,
    options: CsvReaderOptions = {},
  ) {
    this.simd = options.simd === false ? undefined : SimdScanner.create();
    this.onConsumed = options.onConsumed;
  }

  /** Reads on from another place in a file, whose next record starts on `line`. */
  restart(line: number): void {
    if (this.pending.length > 0 || (this.simd?.kept ?? 0) > 0)
      throw new Error("restart with a record still pending");
    this.line = line;
  }

  /** Feeds the next chunk; calls onRecord for every record it completes. */
  push(chunk: Buffer): void {
    if (this.simd !== undefined) {
      this.pushScanned(this.simd, chunk);
      return;
    }
    let buffer = chunk;
    if (this.pending.length > 0) {
      // The record cut by the last chunk, then this chunk, in a buffer that is reused: fresh
      // large buffers cost a page fault per 4 KB, more than the copy.
      const size = this.pending.length + chunk.length;
      if (this.scratch.length < size)
        this.scratch = Buffer.allocUnsafe(Math.max(size, this.scratch.length * 2));
      this.pending.copy(this.scratch, 0);
      chunk.copy(this.scratch, this.pending.length);
      buffer = this.scratch.subarray(0, size);
    }
    const consumed = this.scan(buffer, false);
    this.onConsumed?.(buffer, consumed);
    // The leftover is copied out: the caller may reuse its chunk, and the scratch is ours.
    this.pending =
      consumed === buffer.length ? Buffer.alloc(0) : Buffer.from(buffer.subarray(consumed));
    if (this.pending.length > MAX_RECORD_BYTES) throw new RecordTooLongError(this.line);
  }

  /** Room for twice as many field ends, when a record has more fields than seen so far. */
  private growEnds(): void {
    const ends = new Uint32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.ends = ends;
    this.record.ends = ends;
  }

  /** Flushes a last record that has no line ending. */
  end(): void {
    const held = this.simd !== undefined ? this.simd.held() : this.pending;
    if (held.length > 0) {
      const consumed = this.scan(held, true);
      this.onConsumed?.(held, consumed);
    }
    if (this.simd !== undefined) this.simd.kept = 0;
    this.pending = Buffer.alloc(0);
  }

  /**
   * The fast path: the SIMD scan lists the buffer's field boundaries and where each record
   * ends among them, and the records are read straight off those lists. A buffer with a
   * quote the scan does not vouch for goes to the byte loop, which gives the same records
   * for well-formed input and reads stray quotes leniently.
   */
  private pushScanned(simd: SimdScanner, chunk: Buffer): void {
    const buffer = simd.append(chunk);
    const length = buffer.length;
    const records = simd.scan(length, this.delimiter);
    if (records < 0) this.byteLoopBuffers++;
    const consumed = records < 0 ? this.scan(buffer, false) : this.walk(buffer, simd, records);
    this.onConsumed?.(buffer, consumed);
    simd.keep(consumed, length);
    if (simd.kept > MAX_RECORD_BYTES) throw new RecordTooLongError(this.line);
  }

  /** Emits the complete records among those the scan listed; returns the bytes they span. */
  private walk(buffer: Buffer, simd: SimdScanner, records: number): number {
    const record = this.record;
    const length = buffer.length;
    const ends = simd.fields;
    const listed = simd.records;
    record.buffer = buffer;
    record.ends = ends;
    let recordStart = 0;
    let first = 0;
    let linesBefore = 0;
    for (let k = 0; k < records; k++) {
      const last = listed[2 * k]!;
      const lines = listed[2 * k + 1]!;
      const end = ends[last]!;
      // Past the end: a line break of the padding, so the record is not complete yet.
      if (end >= length) return recordStart;
      let next: number;
      if (buffer[end] === LF) next = end + 1;
      else if (end + 1 < length) next = buffer[end + 1] === LF ? end + 2 : end + 1;
      else return recordStart; // CR at the end of a chunk: wait to see whether LF follows
      record.first = first;
      record.count = last - first + 1;
      record.start = recordStart;
      record.end = end;
      record.line = this.line;
      this.line += lines - linesBefore + 1;
      linesBefore = lines;
      this.onRecord(record);
      recordStart = next;
      first = last + 1;
    }
    return recordStart;
  }

  /**
   * Scans complete records in `buffer` and returns how many bytes were consumed. With
   * `final`, the end of the buffer ends the last record. One field at a time: a quoted part
   * (to its closing quote), then an unquoted part up to a delimiter or line break, where
   * any byte above the delimiter, CR and LF is skipped with a single comparison.
   */
  private scan(buffer: Buffer, final: boolean): number {
    const delimiter = this.delimiter;
    const plain = Math.max(delimiter, CR, LF);
    const record = this.record;
    const length = buffer.length;
    record.buffer = buffer;
    record.ends = this.ends;
    record.first = 0;
    let position = 0;
    while (position < length) {
      const recordStart = position;
      let lines = 0;
      let count = 0;
      let i = position;
      let recordEnd: number;
      let next: number;
      for (;;) {
        if (i < length && buffer[i] === QUOTE) {
          i++;
          for (;;) {
            if (i >= length) {
              if (!final) return recordStart;
              // Everything after the quote would be one cell, every line after it lost.
              throw new UnclosedQuoteError(this.line);
            }
            const byte = buffer[i]!;
            if (byte === QUOTE) {
              if (i + 1 < length) {
                if (buffer[i + 1] === QUOTE) {
                  i += 2;
                  continue;
                }
              } else if (!final) return recordStart; // the next chunk may start with its pair
              i++;
              break;
            }
            if (byte === LF) lines++;
            i++;
          }
        }
        while (i < length) {
          const byte = buffer[i]!;
          if (byte > plain || (byte !== delimiter && byte !== LF && byte !== CR)) i++;
          else break;
        }
        if (count >= this.ends.length) this.growEnds();
        this.ends[count] = i;
        count++;
        if (i >= length) {
          if (!final) return recordStart;
          recordEnd = length;
          next = length;
          break;
        }
        const byte = buffer[i]!;
        if (byte === delimiter) {
          i++;
          continue;
        }
        recordEnd = i;
        if (byte === LF) next = i + 1;
        else if (i + 1 < length) next = buffer[i + 1] === LF ? i + 2 : i + 1;
        else if (final) next = i + 1;
        else return recordStart; // CR at the end of a chunk: wait to see whether LF follows
        break;
      }
      record.count = count;
      record.start = recordStart;
      record.end = recordEnd;
      record.line = this.line;
      this.line += lines + 1;
      this.onRecord(record);
      position = next;
    }
    return position;
  }
}
