/**
 * A buffered byte writer for CSV output: records are copied as bytes from the input and
 * new fields appended, so a row never becomes a JS string. Flushes in large blocks and
 * waits when the destination asks it to (backpressure).
 */
/** Where bytes go: a Writable stream, or anything with its write contract. */
export interface Sink {
  /**
   * Takes a block; calls `done` once its bytes are no longer needed (so the block can be
   * reused). Returns false when the sink is full and `drain` will follow.
   */
  write(chunk: Buffer, done: (error?: Error | null) => void): boolean;
  once(event: "drain", listener: () => void): unknown;
}

const BLOCK = 1 << 20;
/** Blocks handed to the sink and not yet done before the writer waits. */
const MAX_IN_FLIGHT = 4;

/**
 * Blocks are reused once the sink is done with them: a fresh large buffer costs a page
 * fault per 4 KB on first use, more than the copying. The sink works on one block while
 * the next is filled, so writing overlaps scoring.
 */
export class ByteWriter {
  private buffer: Buffer = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private readonly spare: Buffer[] = [];
  private inFlight = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Resolves when the sink has drained, while it is full. */
  private drained: Promise<void> | undefined;

  constructor(private readonly sink: Sink) {}

  bytes(source: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.used + length > this.buffer.length) this.grow(length);
    // TypedArray#set on a plain view: Buffer#copy builds a Buffer view per call, twice the cost.
    this.buffer.set(
      start === 0 && end === source.length
        ? source
        : new Uint8Array(source.buffer, source.byteOffset + start, length),
      this.used,
    );
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

  /** Hands the buffered bytes to the sink without waiting, and carries on in a spare block. */
  private hand(): void {
    if (this.used === 0) return;
    const full = this.buffer;
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(BLOCK);
    const used = this.used;
    this.used = 0;
    this.send(full, used);
  }

  /** Hands the buffered bytes over now, whatever their size (the sink sees them in order). */
  handOver(): void {
    this.hand();
  }

  /** Writes `block` as it is, after the buffered bytes, without copying (it is not reused). */
  block(block: Buffer): void {
    this.hand();
    this.send(block, block.length, false);
  }

  private send(full: Buffer, used: number, reuse = true): void {
    const block = full.subarray(0, used);
    this.inFlight++;
    const accepted = this.sink.write(block, (error) => {
      this.inFlight--;
      if (error) this.failure ??= error;
      if (reuse && full.length === BLOCK) this.spare.push(full);
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
    if (!accepted && this.drained === undefined) {
      this.drained = new Promise((resolve) =>
        this.sink.once("drain", () => {
          this.drained = undefined;
          resolve();
        }),
      );
    }
  }

  private async settle(limit: number): Promise<void> {
    while (this.inFlight > limit && this.failure === undefined) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.drained !== undefined) await this.drained;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Hands over the buffer once it is large, and waits while the sink is behind. */
  async flushIfFull(): Promise<void> {
    if (this.used >= BLOCK - 64 * 1024) this.hand();
    await this.settle(MAX_IN_FLIGHT);
  }

  /** Hands over everything and waits until the sink is done with it. */
  async flush(): Promise<void> {
    this.hand();
    await this.settle(0);
  }
}

/** A field as RFC 4180 wants it: quoted when it holds the delimiter, a quote, CR or LF. */
export function csvField(value: string, delimiter: string): string {
  if (value.includes('"')) return `"${value.replaceAll('"', '""')}"`;
  if (value.includes(delimiter) || value.includes("\n") || value.includes("\r"))
    return `"${value}"`;
  return value;
}
