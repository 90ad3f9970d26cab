/**
 * `qualify backtest`: score won/lost history with a framework and compare the verdicts and
 * scores with what happened — base rate, lift per verdict and score decile, AUC, precision
 * and recall of qualified, a suggested minScore (never applied), and which criteria and
 * answers separate positives from negatives. Reads the file once, in constant memory.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError, UsageError, EXIT } from "../../core/errors.js";
import { loadFramework } from "../../io/frameworks.js";
import { readColumnMap } from "../../io/mapping.js";
import { refuseToOverwrite, writeFileAtomic } from "../../io/atomic.js";
import { readHistory } from "../../backtest/history.js";
import { buildReport, type BacktestReport } from "../../backtest/report.js";
import { DEFAULT_NEGATIVE, DEFAULT_POSITIVE } from "../../backtest/outcome.js";
import { progressLine } from "../../ui/batch.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { openCsvInput, parseDelimiter } from "../csv-input.js";
import {
  colorsOf,
  frameworkContext,
  outcomeValuesFlag,
  scoringDate,
  terminalWidth,
  writeJson,
} from "../context.js";

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

export async function runBacktest(
  file: string,
  options: BacktestCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const delimiter = parseDelimiter(options.delimiter);
  const today = scoringDate(options.today);
  const positiveValues = outcomeValuesFlag("positive", options.positive, DEFAULT_POSITIVE);
  const negativeValues = outcomeValuesFlag("negative", options.negative, DEFAULT_NEGATIVE);
  if (options.outcome.trim() === "")
    throw new UsageError("--outcome needs a column name", {
      hint: "Name the column that holds won/lost, e.g. --outcome deal_stage",
    });
  const html = options.html === undefined ? undefined : resolve(io.cwd, options.html);
  const { compiled, path: frameworkPath } = await loadFramework(
    options.framework,
    frameworkContext(io),
    { today },
  );
  if (html !== undefined) {
    // Every file the command reads: the history, the framework, the column map.
    const inputs = [
      ...(file === "-" ? [] : [resolve(io.cwd, file)]),
      frameworkPath,
      ...(options.map === undefined ? [] : [resolve(io.cwd, options.map)]),
    ];
    refuseToOverwrite(html, inputs, "--html");
    if (!existsSync(dirname(html)))
      throw new InputError(
        `cannot write ${options.html}: the directory ${dirname(html)} does not exist`,
      );
  }

  const map = options.map === undefined ? undefined : await readColumnMap(options.map, compiled);
  const input = await openCsvInput(file, io);
  const errColors = await colorsOf(io, io.stderr, globals);
  const showProgress = io.stderr.isTTY === true && !options.quiet && input.size !== undefined;
  const started = performance.now();

  const history = await readHistory(compiled, input.stream, {
    outcome: options.outcome,
    rules: { positive: positiveValues, negative: negativeValues },
    delimiter,
    map,
    onProgress: showProgress
      ? (bytes) =>
          io.stderr.write(progressLine(bytes, input.size!, performance.now() - started, errColors))
      : undefined,
  });
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
  const report: BacktestReport = buildReport(history, compiled, {
    file: file === "-" ? "stdin" : file,
    positiveValues,
    negativeValues,
  });
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
