/**
 * Scoring on several threads. This thread reads the file and cuts it at record boundaries
 * (the CSV reader finds them, so a quoted line break never splits a record); each chunk goes
 * to the least busy worker (batch-thread.ts), which scores it with the same RowScorer, and
 * the outputs are written in input order. Memory stays flat: only a few chunks are in flight.
 */
import { Worker } from "node:worker_threads";
import type { CompiledFramework } from "../core/compile.js";
import type { Framework } from "../core/schema.js";
import { addTally, emptyTally, type RowSetup, type RowTally } from "./batch.js";
import type { ByteWriter } from "./csv/writer.js";

/** What a worker is started with: plain data, compiled again there. */
export interface ThreadSetup {
  framework: Framework;
  today: string;
  hash: string;
  setup: RowSetup;
}

export interface ChunkToScore {
  index: number;
  /** The chunk's records: `length` bytes at the start of `buffer`. */
  buffer: ArrayBuffer;
  length: number;
  /** The line the chunk's first record starts on. */
  line: number;
}

export interface ScoredChunk {
  index: number;
  /** The chunk's output rows, in order. */
  blocks: Array<{ buffer: ArrayBuffer; length: number }>;
  tally: RowTally;
  /** The input buffer, back for the next chunk. */
  input: ArrayBuffer;
}

/** Chunks a worker holds at once: one it scores, one waiting, so it never idles. */
const IN_FLIGHT_PER_WORKER = 2;
/** Input chunks are about the size of a file read; a larger record gets a larger buffer. */
const INPUT_BUFFER = 4 << 20;

export class WorkerPool {
  private readonly workers: Worker[];
  private readonly inFlight: number[];
  private sent = 0;
  private written = 0;
  /** Scored chunks waiting for an earlier one. */
  private readonly ready = new Map<number, ScoredChunk>();
  private readonly tally = emptyTally();
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private closing = false;
  /**
   * Input buffers that came back, reused so that no chunk costs fresh pages. Output blocks
   * are not: the sink may still hold them after it is done (a stream's reader, say).
   */
  private readonly freeInputs: ArrayBuffer[] = [];

  constructor(
    compiled: CompiledFramework,
    setup: RowSetup,
    private readonly writer: ByteWriter,
    count: number,
    url: URL = new URL("./batch-thread.js", import.meta.url),
  ) {
    const workerData: ThreadSetup = {
      framework: compiled.framework,
      today: compiled.today,
      hash: compiled.hash,
      setup,
    };
    this.inFlight = new Array<number>(count).fill(0);
    this.workers = this.inFlight.map((_, w) => {
      const worker = new Worker(url, { workerData });
      worker.on("message", (chunk: ScoredChunk) => this.received(w, chunk));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`a scoring thread stopped (exit code ${code})`));
      });
      return worker;
    });
  }

  /** Sends a copy of `bytes[start, end)`, whole records, to be scored. */
  send(bytes: Buffer, start: number, end: number, line: number): void {
    const length = end - start;
    let buffer = this.freeInputs.pop();
    if (buffer === undefined || buffer.byteLength < length)
      buffer = new ArrayBuffer(Math.max(length, INPUT_BUFFER));
    new Uint8Array(buffer).set(bytes.subarray(start, end));
    let w = 0;
    for (let i = 1; i < this.inFlight.length; i++) if (this.inFlight[i]! < this.inFlight[w]!) w = i;
    this.inFlight[w]!++;
    const chunk: ChunkToScore = { index: this.sent++, buffer, length, line };
    this.workers[w]!.postMessage(chunk, [buffer]);
  }

  private received(worker: number, chunk: ScoredChunk): void {
    this.inFlight[worker]!--;
    this.freeInputs.push(chunk.input);
    this.ready.set(chunk.index, chunk);
    for (let next = this.ready.get(this.written); next !== undefined;) {
      this.ready.delete(this.written++);
      for (const { buffer, length } of next.blocks)
        this.writer.block(Buffer.from(buffer, 0, length));
      addTally(this.tally, next.tally);
      next = this.ready.get(this.written);
    }
    this.wakeUp();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async until(done: () => boolean): Promise<void> {
    while (!done() && this.failure === undefined)
      await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits while every worker has its fill of chunks (backpressure on the reading). */
  async settle(): Promise<void> {
    const limit = this.workers.length * IN_FLIGHT_PER_WORKER;
    await this.until(() => this.sent - this.written < limit);
  }

  /** Waits for every chunk sent to be scored and written; returns their tally. */
  async finish(): Promise<RowTally> {
    await this.until(() => this.written === this.sent);
    return this.tally;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
