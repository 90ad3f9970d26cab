/**
 * A buffered byte writer for CSV output: records are copied as bytes from the input and
 * new fields appended, so a row never becomes a JS string. Flushes in large blocks and
 * waits when the destination asks it to (backpressure).
 */
import type { Writable } from "node:stream";

const BLOCK = 1 << 20;

export class ByteWriter {
  private buffer = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private readonly flushes: Promise<void>[] = [];

  constructor(private readonly sink: Pick<Writable, "write" | "once">) {}

  /** Bytes waiting in the buffer; call `flushIfFull` between records. */
  get size(): number {
    return this.used;
  }

  bytes(source: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.used + length > this.buffer.length) this.grow(length);
    source.copy(this.buffer, this.used, start, end);
    this.used += length;
  }

  text(value: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 code unit.
    if (this.used + value.length * 3 > this.buffer.length) this.grow(value.length * 3);
    this.used += this.buffer.write(value, this.used, "utf8");
  }

  private grow(extra: number): void {
    this.hand();
    if (extra > this.buffer.length) this.buffer = Buffer.allocUnsafe(extra + BLOCK);
  }

  /** Hands the buffered bytes to the sink without waiting. */
  private hand(): void {
    if (this.used === 0) return;
    const block = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(Math.max(BLOCK, this.buffer.length));
    this.used = 0;
    if (!this.sink.write(block)) {
      this.flushes.push(new Promise((resolve) => this.sink.once("drain", () => resolve())));
    }
  }

  /** Writes out the buffer once it is large, and waits if the sink is full. */
  async flushIfFull(): Promise<void> {
    if (this.used >= BLOCK - 64 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    this.hand();
    while (this.flushes.length > 0) await this.flushes.shift();
  }
}

/** A field as RFC 4180 wants it: quoted when it holds the delimiter, a quote, CR or LF. */
export function csvField(value: string, delimiter: string): string {
  if (value.includes('"')) return `"${value.replaceAll('"', '""')}"`;
  if (value.includes(delimiter) || value.includes("\n") || value.includes("\r"))
    return `"${value}"`;
  return value;
}
