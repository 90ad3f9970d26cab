/** `qualify batch`: score a CRM export (CSV) row by row, streaming, with a summary on stderr. */
import { closeSync, fsyncSync, openSync, rmSync, write } from "node:fs";
import { resolve } from "node:path";
import { rename, rm } from "node:fs/promises";
import { EXIT, InputError, UsageError } from "../../core/errors.js";
import { VERDICTS, type Verdict } from "../../core/constants.js";
import { didYouMean } from "../../core/suggest.js";
import { loadFramework } from "../../io/frameworks.js";
import { noColumnMapped, readColumnMap } from "../../io/mapping.js";
import { scoreStream, type BatchSummary } from "../../io/batch.js";
import type { Sink } from "../../io/csv/writer.js";
import { refuseToOverwrite, tempPathFor, writesInPlace } from "../../io/atomic.js";
import { renderMapping, renderSummary, progressLine } from "../../ui/batch.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { openCsvInput, parseDelimiter } from "../csv-input.js";
import { colorsOf, frameworkContext, scoringDate } from "../context.js";

export interface BatchCliOptions {
  framework: string;
  map?: string;
  output?: string;
  format: string;
  only?: string;
  strict?: boolean;
  delimiter?: string;
  quiet?: boolean;
  verbose?: boolean;
  explainMapping?: boolean;
  today?: string;
  threads?: string;
}

/** Past this many, workers wait on the one thread that reads and writes. */
const MAX_THREADS = 8;

/**
 * `--threads`: 1 (this thread) unless asked. More threads pay off for heavy frameworks on
 * machines with cores to spare; each holds its own caches, so memory grows with them.
 */
function scoringThreads(value: string | undefined): number {
  if (value === undefined) return 1;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)
    throw new UsageError(`--threads '${value}' is not a number of threads`, {
      hint: `Use a whole number from 1 to ${MAX_THREADS}.`,
    });
  return threads;
}

function parseOnly(value: string | undefined): Set<Verdict> | undefined {
  if (value === undefined) return undefined;
  const verdicts = new Set<Verdict>();
  for (const part of value
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)) {
    if (!(VERDICTS as readonly string[]).includes(part)) {
      throw new UsageError(`--only: '${part}' is not a verdict.${didYouMean(part, VERDICTS)}`, {
        hint: "Use qualified, nurture and/or disqualified, separated by commas.",
      });
    }
    verdicts.add(part as Verdict);
  }
  return verdicts;
}

/** A file written block by block at explicit offsets, so writes may overlap safely. */
function fileSink(fd: number, seekable: boolean): Sink {
  let position = 0;
  const writeAll = (
    chunk: Buffer,
    at: number | null,
    done: (error?: Error | null) => void,
  ): void => {
    write(fd, chunk, 0, chunk.length, at, (error, written) => {
      if (error) done(error);
      else if (written < chunk.length)
        writeAll(chunk.subarray(written), at === null ? null : at + written, done);
      else done();
    });
  };
  // A pipe or device has no positions: its writes go one after another, in order.
  let queue = Promise.resolve();
  return {
    write: (chunk, done) => {
      if (seekable) {
        writeAll(chunk, position, done);
        position += chunk.length;
      } else {
        queue = queue.then(
          () =>
            new Promise<void>((resolve) =>
              writeAll(chunk, null, (error) => {
                done(error);
                resolve();
              }),
            ),
        );
      }
      return true;
    },
    once: () => undefined,
  };
}

export async function runBatch(
  file: string,
  options: BatchCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const format = options.format.toLowerCase();
  if (format !== "csv" && format !== "jsonl")
    throw new UsageError(`--format '${options.format}' is not supported`, {
      hint: "Use csv or jsonl.",
    });
  const only = parseOnly(options.only);
  const delimiter = parseDelimiter(options.delimiter);
  const today = scoringDate(options.today);
  const output = options.output === undefined ? undefined : resolve(io.cwd, options.output);
  if (output !== undefined && file !== "-") refuseToOverwrite(output, [resolve(io.cwd, file)]);

  const { compiled } = await loadFramework(options.framework, frameworkContext(io), { today });
  const map = options.map === undefined ? undefined : await readColumnMap(options.map, compiled);
  const threads = scoringThreads(options.threads);
  const { stream, size } = await openCsvInput(file, io);
  const colors = await colorsOf(io, io.stderr, globals);
  const showProgress =
    io.stderr.isTTY === true && !options.quiet && size !== undefined && !options.explainMapping;
  const started = performance.now();

  let sink: Sink;
  let temp: string | undefined;
  let fd: number | undefined;
  let removeTempOnInterrupt: (() => void) | undefined;
  if (output !== undefined && !options.explainMapping) {
    // A device or pipe (`-o /dev/null`) is written in place: there is nothing to replace.
    const inPlace = writesInPlace(output);
    temp = inPlace ? undefined : tempPathFor(output);
    try {
      fd = openSync(temp ?? output, temp === undefined ? "w" : "wx");
    } catch (error) {
      throw new InputError(`cannot write ${options.output}: ${(error as Error).message}`);
    }
    sink = fileSink(fd, !inPlace);
    const tempPath = temp;
    removeTempOnInterrupt = () => {
      if (tempPath !== undefined) rmSync(tempPath, { force: true });
      io.stderr.write(
        `\n${colors.yellow("qualify:")} interrupted; ${options.output} was not written\n`,
      );
      process.exit(EXIT.interrupted);
    };
    process.once("SIGINT", removeTempOnInterrupt);
  } else sink = io.stdout as unknown as Sink;

  let summary: BatchSummary;
  try {
    summary = await scoreStream(compiled, stream, sink, {
      delimiter,
      map,
      format,
      only,
      workers: threads,
      onMapping: (mapping, headers, delimiter) => {
        if (options.explainMapping || options.verbose)
          io.stderr.write(renderMapping(compiled, mapping, headers, colors));
        if (options.explainMapping) return false;
        if (mapping.bindings.length === 0 && compiled.questions.length > 0)
          throw noColumnMapped(compiled, file === "-" ? "stdin" : file, headers, delimiter);
        return true;
      },
      onProgress: showProgress
        ? (bytes) =>
            io.stderr.write(progressLine(bytes, size!, performance.now() - started, colors))
        : undefined,
    });
    if (fd !== undefined) {
      if (temp !== undefined) fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      if (temp !== undefined) await rename(temp, output!);
      temp = undefined;
    }
  } finally {
    if (removeTempOnInterrupt) process.removeListener("SIGINT", removeTempOnInterrupt);
    if (fd !== undefined) closeSync(fd);
    if (temp !== undefined) await rm(temp, { force: true });
  }
  if (options.explainMapping) return EXIT.ok;

  const seconds = (performance.now() - started) / 1000;
  if (showProgress) io.stderr.write("\r\u001b[2K");
  if (!options.quiet)
    io.stderr.write(renderSummary(summary, compiled, seconds, options.output, colors));
  if (options.strict && summary.rowsWithWarnings > 0) {
    io.stderr.write(
      `${colors.red("qualify:")} --strict: ${summary.rowsWithWarnings} row${summary.rowsWithWarnings === 1 ? "" : "s"} had values that could not be read\n`,
    );
    return EXIT.checkFailed;
  }
  return EXIT.ok;
}
