/**
 * A scoring thread (batch-workers.ts): compiles the framework it is given, then scores each
 * chunk of whole records it receives and sends back the output rows and their tally.
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileFramework } from "../core/compile.js";
import { emptyTally, RowScorer } from "./batch.js";
import type { ChunkToScore, ScoredChunk, ThreadSetup } from "./batch-workers.js";
import { CsvReader } from "./csv/reader.js";
import { ByteWriter } from "./csv/writer.js";

const { framework, today, hash, setup } = workerData as ThreadSetup;
const compiled = compileFramework(framework, { today, hash });
const port = parentPort!;

/** The writer's blocks of the current chunk, copied out (it reuses its own) to be sent. */
let blocks: ScoredChunk["blocks"] = [];
const writer = new ByteWriter({
  write(chunk, done) {
    const buffer = new ArrayBuffer(chunk.length);
    new Uint8Array(buffer).set(chunk);
    blocks.push({ buffer, length: chunk.length });
    done();
    return true;
  },
  once: () => undefined,
});
const scorer = new RowScorer(compiled, setup, writer);
const reader = new CsvReader(setup.delimiter.charCodeAt(0), scorer.onRow);

port.on("message", (chunk: ChunkToScore) => {
  reader.restart(chunk.line);
  reader.push(Buffer.from(chunk.buffer, 0, chunk.length));
  reader.end();
  writer.handOver();
  const scored: ScoredChunk = {
    index: chunk.index,
    blocks,
    tally: scorer.tally,
    input: chunk.buffer,
  };
  port.postMessage(scored, [chunk.buffer, ...blocks.map((b) => b.buffer)]);
  blocks = [];
  scorer.tally = emptyTally();
});
