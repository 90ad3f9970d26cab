/**
 * A buffered byte writer for CSV output: records are copied as bytes from the input and
 * new fields appended, so a row never becomes a JS string. Flushes in large blocks and
 * waits when the destination asks it to (backpressure).
 */
/** Where bytes go: a Writable stream, or anything with its write/drain contract. */
export interface Sink {
  /** Returns false when the sink is full and `drain` will follow. */
  write(chunk: Buffer): boolean;
  once(event: "drain", listener: () => void): unknown;
  /** True when write() is done with the bytes when it returns (a file written synchronously). */
  readonly copies?: boolean;
}

const BLOCK = 1 << 20;

export class ByteWriter {
  private buffer = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  /** Resolves when the sink has drained, while it is full. */
  private drained: Promise<void> | undefined;

  constructor(private readonly sink: Sink) {}

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
    // A stream keeps the block until it is written, so it gets a new one; a synchronous sink
    // is done with it, and reusing it saves a page fault per 4 KB of output.
    if (this.sink.copies !== true)
      this.buffer = Buffer.allocUnsafe(Math.max(BLOCK, this.buffer.length));
    this.used = 0;
    if (!this.sink.write(block) && this.drained === undefined) {
      this.drained = new Promise((resolve) =>
        this.sink.once("drain", () => {
          this.drained = undefined;
          resolve();
        }),
      );
    }
  }

  /** Writes out the buffer once it is large, and waits if the sink is full. */
  async flushIfFull(): Promise<void> {
    if (this.used >= BLOCK - 64 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    this.hand();
    if (this.drained !== undefined) await this.drained;
  }
}

/** A field as RFC 4180 wants it: quoted when it holds the delimiter, a quote, CR or LF. */
export function csvField(value: string, delimiter: string): string {
  if (value.includes('"')) return `"${value.replaceAll('"', '""')}"`;
  if (value.includes(delimiter) || value.includes("\n") || value.includes("\r"))
    return `"${value}"`;
  return value;
}
