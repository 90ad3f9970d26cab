/**
 * `qualify calibrate`: learn points and a minScore from won/lost history, judge them on
 * held-out rows, and — when they rank leads better beyond noise — write them as a framework
 * that extends the original (which stays untouched). Reads the file twice, so not stdin.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, dirname, extname, relative, resolve } from "node:path";
import { EXIT, InputError, UsageError } from "../../core/errors.js";
import { ID_PATTERN, loadFramework, resolveFrameworkRef } from "../../io/frameworks.js";
import { readColumnMap } from "../../io/mapping.js";
import { refuseToOverwrite, samePath, writeFileAtomic } from "../../io/atomic.js";
import { DEFAULT_NEGATIVE, DEFAULT_POSITIVE } from "../../backtest/outcome.js";
import { calibrate } from "../../calibrate/calibrate.js";
import { buildCalibrationReport } from "../../calibrate/report.js";
import { calibratedYaml } from "../../calibrate/yaml.js";
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

export interface CalibrateCliOptions {
  framework: string;
  outcome: string;
  positive?: string;
  negative?: string;
  map?: string;
  output?: string;
  holdout?: string;
  seed?: string;
  exclude?: string[];
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
  html?: string;
  delimiter?: string;
  today?: string;
  quiet?: boolean;
}

function parseHoldout(value: string | undefined): number {
  if (value === undefined) return 0.3;
  const text = value.trim();
  const share = text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(share) || share < 0.05 || share > 0.95)
    throw new UsageError(`--holdout '${value}' is not a share between 0.05 and 0.95`, {
      hint: "The share of rows held out to judge the new points, e.g. --holdout 0.3 (or 30%).",
    });
  return share;
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const seed = value.trim() === "" ? NaN : Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    throw new UsageError(`--seed '${value}' is not a whole number from 0 to 4294967295`, {
      hint: "The same seed gives the same split, e.g. --seed 1.",
    });
  return seed;
}

export async function runCalibrate(
  file: string,
  options: CalibrateCliOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  if (file === "-")
    throw new UsageError("calibrate reads the history twice, so it cannot read stdin", {
      hint: "Save the history to a file and pass its path.",
    });
  const delimiter = parseDelimiter(options.delimiter);
  const today = scoringDate(options.today);
  const positiveValues = outcomeValuesFlag("positive", options.positive, DEFAULT_POSITIVE);
  const negativeValues = outcomeValuesFlag("negative", options.negative, DEFAULT_NEGATIVE);
  const holdout = parseHoldout(options.holdout);
  const seed = parseSeed(options.seed);
  const exclude = (options.exclude ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (options.outcome.trim() === "")
    throw new UsageError("--outcome needs a column name", {
      hint: "Name the column that holds won/lost, e.g. --outcome deal_stage",
    });

  const ctx = frameworkContext(io);
  const { compiled, path: frameworkPath } = await loadFramework(options.framework, ctx, { today });
  const parentId = compiled.framework.id;
  const output = resolve(io.cwd, options.output ?? `frameworks/${parentId}-calibrated.yaml`);
  const outputName = basename(output, extname(output));
  const id = ID_PATTERN.test(outputName) ? outputName : `${parentId}-calibrated`;
  const historyPath = resolve(io.cwd, file);
  const html = options.html === undefined ? undefined : resolve(io.cwd, options.html);
  const mapPath = options.map === undefined ? undefined : resolve(io.cwd, options.map);
  const inputs = [historyPath, frameworkPath, ...(mapPath === undefined ? [] : [mapPath])];
  if (!options.dryRun) {
    refuseToOverwrite(output, inputs);
    if (existsSync(output) && !options.force)
      throw new InputError(`${options.output ?? relative(io.cwd, output)} already exists`, {
        hint: "Pass --force to replace it, -o to write elsewhere, or --dry-run to write nothing.",
      });
    if (options.output !== undefined && !existsSync(dirname(output)))
      throw new InputError(
        `cannot write ${options.output}: the directory ${dirname(output)} does not exist`,
      );
  }
  if (html !== undefined) {
    refuseToOverwrite(html, inputs, "--html");
    // In a dry run too: the report would take the place meant for the framework.
    if (samePath(html, output))
      throw new InputError(`--html and the framework output are the same file, ${output}`, {
        hint: "Give the report a path of its own with --html.",
      });
    if (!existsSync(dirname(html)))
      throw new InputError(
        `cannot write ${options.html}: the directory ${dirname(html)} does not exist`,
      );
  }
  const map = options.map === undefined ? undefined : await readColumnMap(options.map, compiled);
  // Opened once up front so a missing file fails before any work; the second read reopens it.
  const first = await openCsvInput(file, io, { stdin: false });
  let opened = 0;
  const open = async () =>
    (opened++ === 0 ? first : await openCsvInput(file, io, { stdin: false })).stream;

  const errColors = await colorsOf(io, io.stderr, globals);
  const size = first.size;
  const showProgress = io.stderr.isTTY === true && !options.quiet && size !== undefined;
  const started = performance.now();
  const calibration = await calibrate(compiled, open, {
    outcome: options.outcome,
    rules: { positive: positiveValues, negative: negativeValues },
    delimiter,
    map,
    holdout,
    seed,
    exclude,
    id,
    name: `${compiled.framework.name} (calibrated)`,
    onProgress: showProgress
      ? (pass, bytes) =>
          io.stderr.write(
            progressLine(
              (pass - 1) * size! + bytes,
              2 * size!,
              performance.now() - started,
              errColors,
            ),
          )
      : undefined,
  });
  if (showProgress) io.stderr.write("\r\u001b[2K");
  if (calibration.scan.positives + calibration.scan.negatives === 0)
    throw new InputError(
      calibration.scan.rows === 0
        ? "the file has a header but no data rows"
        : `no row has a positive or negative outcome in the column '${calibration.scan.outcomeColumn}'`,
      {
        hint: "Name the values with --positive (e.g. --positive Won) and --negative (e.g. --negative Lost).",
      },
    );

  // An `extends:` file when the original is found by its id from here; else a full copy.
  let written: { file: string; extends: string | null; ref: string } | null = null;
  if (calibration.proposed && !options.dryRun) {
    let extendsId: string | null = null;
    try {
      if (samePath(await resolveFrameworkRef(parentId, ctx), frameworkPath)) extendsId = parentId;
    } catch {
      extendsId = null;
    }
    if (options.output === undefined) await mkdir(dirname(output), { recursive: true });
    const text = calibratedYaml(compiled, calibration, {
      file: file,
      extends: extendsId ?? undefined,
    });
    await writeFileAtomic(output, text);
    let ref = options.output ?? relative(io.cwd, output);
    try {
      if (samePath(await resolveFrameworkRef(id, ctx), output)) ref = id;
    } catch {
      // Not found by id from here: use its path.
    }
    written = { file: options.output ?? relative(io.cwd, output), extends: extendsId, ref };
  }

  const report = buildCalibrationReport(compiled, calibration, {
    file,
    holdout,
    seed,
    positiveValues,
    negativeValues,
    written,
  });
  if (html !== undefined) {
    const { renderCalibrationHtml } = await import("../../ui/calibrate-html.js");
    await writeFileAtomic(html, renderCalibrationHtml(report));
  }
  if (options.json) writeJson(io, report);
  else {
    const { renderCalibration } = await import("../../ui/calibrate.js");
    const colors = await colorsOf(io, io.stdout, globals);
    io.stdout.write(renderCalibration(report, colors, terminalWidth(io.stdout)));
  }
  if (!options.quiet) {
    const seconds = (performance.now() - started) / 1000;
    const rows = report.input.rows.toLocaleString("en-US");
    io.stderr.write(
      `${errColors.bold("qualify:")} calibrate of ${compiled.framework.id} on ${rows} row${report.input.rows === 1 ? "" : "s"} in ${seconds.toFixed(1)} s: ${report.proposed ? (written ? `proposed → ${written.file}` : "proposed (dry run: nothing written)") : "no change proposed"}${html !== undefined ? `; report → ${options.html}` : ""}\n`,
    );
  }
  return EXIT.ok;
}
