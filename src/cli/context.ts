/** Helpers every command shares: colours for a stream, the framework lookup context, JSON output. */
import type { Io, OutStream } from "./io.js";
import { parseDate } from "../core/coerce.js";
import { UsageError } from "../core/errors.js";
import type { GlobalOptions } from "./main.js";
import { colorsFor, type Colors } from "../ui/color.js";
import type { FrameworkContext } from "../io/frameworks.js";
import { parseValueList } from "../backtest/outcome.js";

export function colorsOf(io: Io, stream: OutStream, globals: GlobalOptions): Promise<Colors> {
  return colorsFor(stream, io.env, globals.color === false ? false : undefined);
}

export function frameworkContext(io: Io): FrameworkContext {
  return { cwd: io.cwd, env: io.env };
}

/** `--today`: the scoring date for date questions, as YYYY-MM-DD (undefined: today). */
export function scoringDate(option: string | undefined): string | undefined {
  if (option === undefined) return undefined;
  const date = parseDate(option);
  if (date === undefined) {
    throw new UsageError(`--today '${option}' is not a date`, {
      hint: "Use a date such as 2026-03-31.",
    });
  }
  return date;
}

export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function terminalWidth(stream: OutStream): number {
  return Math.max(60, Math.min(stream.columns ?? 100, 120));
}

/** `--positive` / `--negative`: the outcome values of one class (the default when not given). */
export function outcomeValuesFlag(
  name: string,
  value: string | undefined,
  fallback: string[],
): string[] {
  if (value === undefined) return fallback;
  const values = parseValueList(value);
  if (values.length === 0)
    throw new UsageError(`--${name} needs at least one value`, {
      hint: `For example --${name} ${name === "positive" ? "Won,1" : "Lost,0"}`,
    });
  return values;
}
