/**
 * `qualify backtest`: score won/lost history with a framework and compare the verdicts and
 * scores with what happened — base rate, lift per verdict and score decile, AUC, precision
 * and recall of qualified, a suggested minScore (never applied), and which criteria and
 * answers separate positives from negatives. Reads the file once, in constant memory.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError, UsageError, EXIT } from "../../core/errors.js";
import { loadFramework } from "../../io/frameworks.js";
import { readColumnMap } from "../../io/mapping.js";
import { refuseToOverwrite, writeFileAtomic } from "../../io/atomic.js";
import { readHistory } from "../../backtest/history.js";
import { buildReport, type BacktestReport } from "../../backtest/report.js";
import { DEFAULT_NEGATIVE, DEFAULT_POSITIVE, parseValueList } from "../../backtest/outcome.js";
import { progressLine } from "../../ui/batch.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { colorsOf, frameworkContext, scoringDate, terminalWidth, writeJson } from "../context.js";

export interface BacktestCliOptions {
  framework: string;
  outcome: string;
  positive?: string;
  negative?: string;
  map?: string;
  json?: boolean;
  html?: string;
  delimiter?: string;
  today?: string;
  quiet?: boolean;
}

function parseDelimiter(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const named: Record<string, string> = { tab: "\t", "\\t": "\t", comma: ",", semicolon: ";" };
  const delimiter = named[value.toLowerCase()] ?? value;
  if (delimiter !== "," && delimiter !== ";" && delimiter !== "\t" && delimiter !== "|") {
    throw new UsageError(`--delimiter '${value}' is not supported`, {
      hint: "Use ',', ';', '|' or tab.",
    });
  }
  return delimiter;
}

function valuesFlag(name: string, value: string | undefined, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  const values = parseValueList(value);
  if (values.length === 0)
    throw new UsageError(`--${name} needs at least one value`, {
      hint: `For example --${name} ${name === "positive" ? "Won,1" : "Lost,0"}`,
    });
  return values;
}

const READ_BLOCK = 4 << 20;

/**
 * A file in large blocks, read synchronously into one reused buffer: the CSV reader copies
 * out what it keeps between chunks, and readCsv yields to the event loop after each one.
 */
function* fileChunks(fd: number): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(READ_BLOCK);
  for (;;) {
    const bytesRead = readSync(fd, buffer, 0, READ_BLOCK, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Opens `path` (the file as the user named it, resolved) for reading. */
function openInput(file: string, path: string): { fd: number; size: number } {
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw new InputError(`${file} is a directory, not a CSV file`);
    return { fd: openSync(path, "r"), size: info.size };
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new InputError(`CSV file not found: ${file}`, {
        hint: "Check the path, or pass - to read from stdin.",
      });
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export async function runBacktest(
  file: string,
  options: BacktestCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const delimiter = parseDelimiter(options.delimiter);
  const today = scoringDate(options.today);
  const positiveValues = valuesFlag("positive", options.positive, DEFAULT_POSITIVE);
  const negativeValues = valuesFlag("negative", options.negative, DEFAULT_NEGATIVE);
  if (options.outcome.trim() === "")
    throw new UsageError("--outcome needs a column name", {
      hint: "Name the column that holds won/lost, e.g. --outcome deal_stage",
    });
  const html = options.html === undefined ? undefined : resolve(io.cwd, options.html);
  if (html !== undefined) {
    if (file !== "-") refuseToOverwrite(html, [resolve(io.cwd, file)]);
    if (!existsSync(dirname(html)))
      throw new InputError(
        `cannot write ${options.html}: the directory ${dirname(html)} does not exist`,
      );
  }

  const { compiled } = await loadFramework(options.framework, frameworkContext(io), { today });
  const map = options.map === undefined ? undefined : await readColumnMap(options.map, compiled);
  const input = file === "-" ? undefined : openInput(file, resolve(io.cwd, file));
  const errColors = await colorsOf(io, io.stderr, globals);
  const showProgress = io.stderr.isTTY === true && !options.quiet && input !== undefined;
  const started = performance.now();

  let report: BacktestReport;
  try {
    const history = await readHistory(
      compiled,
      input === undefined ? (io.stdin as AsyncIterable<Buffer>) : fileChunks(input.fd),
      {
        outcome: options.outcome,
        rules: { positive: positiveValues, negative: negativeValues },
        delimiter,
        map,
        onProgress: showProgress
          ? (bytes) =>
              io.stderr.write(
                progressLine(bytes, input!.size, performance.now() - started, errColors),
              )
          : undefined,
      },
    );
    if (showProgress) io.stderr.write("\r\u001b[2K");
    if (history.positives + history.negatives === 0) {
      const found = [
        ...history.values.open,
        ...history.values.unrecognised,
        ...history.values.blank.map((v) => ({ ...v, value: "(blank)" })),
      ]
        .slice(0, 8)
        .map((v) => `'${v.value}' (${v.rows.toLocaleString("en-US")})`);
      throw new InputError(
        history.rows === 0
          ? "the file has a header but no data rows"
          : `no row has a positive or negative outcome in the column '${history.outcomeColumn}'${found.length > 0 ? `; it holds ${found.join(", ")}` : ""}`,
        {
          hint:
            history.rows === 0
              ? "A backtest needs history: rows with a won or lost outcome."
              : "Name the values with --positive (e.g. --positive Won) and --negative (e.g. --negative Lost).",
        },
      );
    }
    report = buildReport(history, compiled, {
      file: file === "-" ? "stdin" : file,
      positiveValues,
      negativeValues,
    });
  } finally {
    if (input !== undefined) closeSync(input.fd);
  }
  const seconds = (performance.now() - started) / 1000;

  if (html !== undefined) {
    const { renderBacktestHtml } = await import("../../ui/backtest-html.js");
    await writeFileAtomic(html, renderBacktestHtml(report));
  }
  if (options.json) writeJson(io, report);
  else {
    const { renderBacktest } = await import("../../ui/backtest.js");
    const colors = await colorsOf(io, io.stdout, globals);
    io.stdout.write(renderBacktest(report, colors, terminalWidth(io.stdout)));
  }
  if (!options.quiet) {
    const rows = report.input.rows.toLocaleString("en-US");
    io.stderr.write(
      `${errColors.bold("qualify:")} backtest of ${rows} row${report.input.rows === 1 ? "" : "s"} with ${compiled.framework.id} ${compiled.framework.version} in ${seconds.toFixed(1)} s${html !== undefined ? ` → ${options.html}` : ""}\n`,
    );
    if (options.json)
      for (const warning of report.warnings)
        io.stderr.write(`  ${errColors.yellow("warning:")} ${warning.message}\n`);
  }
  return EXIT.ok;
}
