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

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const decoder = new TextDecoder("utf-8");

/** A record longer than this is an unbalanced quote, not data: stop before memory runs out. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

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
  /** Field i spans fieldStart[i]..fieldEnd[i] (quotes included when quoted[i]). */
  fieldStart = new Int32Array(64);
  fieldEnd = new Int32Array(64);
  quoted = new Uint8Array(64);

  /** Grows the field arrays when a record has more fields than seen so far. */
  ensure(fields: number): void {
    if (fields <= this.fieldStart.length) return;
    const size = Math.max(fields, this.fieldStart.length * 2);
    const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.fieldStart = grow(this.fieldStart, (n) => new Int32Array(n));
    this.fieldEnd = grow(this.fieldEnd, (n) => new Int32Array(n));
    this.quoted = grow(this.quoted, (n) => new Uint8Array(n));
  }

  /** The decoded text of field i ("" past the last field). */
  field(i: number): string {
    if (i >= this.count) return "";
    let start = this.fieldStart[i]!;
    let end = this.fieldEnd[i]!;
    if (this.quoted[i] === 0) return start === end ? "" : this.buffer.toString("utf8", start, end);
    start++;
    // The closing quote is the last quote in the field; text after it (malformed) is kept.
    const close = this.buffer.lastIndexOf(QUOTE, end - 1);
    const tail =
      close > start - 1 && close < end - 1 ? this.buffer.toString("utf8", close + 1, end) : "";
    if (close >= start) end = close;
    const text = decoder.decode(this.buffer.subarray(start, end));
    return (text.includes('"') ? text.replaceAll('""', '"') : text) + tail;
  }

  /** All fields, decoded. */
  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.field(i);
    return out;
  }

  /** True when the record is an empty line. */
  get blank(): boolean {
    return this.count === 1 && this.fieldStart[0] === this.fieldEnd[0] && this.quoted[0] === 0;
  }
}

export type RecordHandler = (record: CsvRecord) => void;

export class CsvReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly record = new CsvRecord();
  /** Line number at the start of `pending`. */
  private line = 1;

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: RecordHandler,
  ) {}

  /** Feeds the next chunk; calls onRecord for every record it completes. */
  push(chunk: Buffer): void {
    const buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const consumed = this.scan(buffer, false);
    this.pending = consumed === buffer.length ? Buffer.alloc(0) : buffer.subarray(consumed);
    if (this.pending.length > MAX_RECORD_BYTES) throw new RecordTooLongError(this.line);
    // Keep the leftover small and independent of the chunk it came from.
    if (this.pending.length > 0 && this.pending.buffer === chunk.buffer)
      this.pending = Buffer.from(this.pending);
  }

  /** Flushes a last record that has no line ending. */
  end(): void {
    if (this.pending.length > 0) this.scan(this.pending, true);
    this.pending = Buffer.alloc(0);
  }

  /**
   * Scans complete records in `buffer` and returns how many bytes were consumed. With
   * `final`, the end of the buffer ends the last record.
   */
  private scan(buffer: Buffer, final: boolean): number {
    const delimiter = this.delimiter;
    const record = this.record;
    const length = buffer.length;
    record.buffer = buffer;
    let position = 0;
    while (position < length) {
      const recordStart = position;
      let lines = 0;
      let count = 0;
      let fieldStart = position;
      let inQuotes = false;
      let quoted = false;
      let i = position;
      let recordEnd = -1;
      let next = -1;
      while (i < length) {
        const byte = buffer[i]!;
        if (inQuotes) {
          if (byte === QUOTE) {
            if (i + 1 < length && buffer[i + 1] === QUOTE) i += 2;
            else if (i + 1 >= length && !final)
              break; // may be the first of a doubled quote
            else {
              inQuotes = false;
              i++;
            }
          } else {
            if (byte === LF) lines++;
            i++;
          }
        } else if (byte === delimiter) {
          record.ensure(count + 1);
          record.fieldStart[count] = fieldStart;
          record.fieldEnd[count] = i;
          record.quoted[count] = quoted ? 1 : 0;
          count++;
          i++;
          fieldStart = i;
          quoted = false;
        } else if (byte === LF) {
          recordEnd = i;
          next = i + 1;
          break;
        } else if (byte === CR) {
          if (i + 1 < length) {
            recordEnd = i;
            next = buffer[i + 1] === LF ? i + 2 : i + 1;
            break;
          }
          if (final) {
            recordEnd = i;
            next = i + 1;
          }
          break; // CR at the end of a chunk: wait to see whether LF follows
        } else {
          if (byte === QUOTE && i === fieldStart) {
            inQuotes = true;
            quoted = true;
          }
          i++;
        }
      }
      if (recordEnd < 0) {
        if (!final || i < length) return recordStart; // incomplete: wait for more bytes
        recordEnd = length;
        next = length;
      }
      record.ensure(count + 1);
      record.fieldStart[count] = fieldStart;
      record.fieldEnd[count] = recordEnd;
      record.quoted[count] = quoted ? 1 : 0;
      record.count = count + 1;
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
