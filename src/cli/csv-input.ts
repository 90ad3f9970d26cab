/** Reading a CSV named on the command line (a path or - for stdin), shared by batch, backtest and sql. */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError, UsageError } from "../core/errors.js";
import type { Io } from "./io.js";
import { fileChunks } from "../io/file-chunks.js";

/** `--delimiter`: `,` `;` `|` or tab (also by name); undefined means detect it. */
export function parseDelimiter(value: string | undefined): string | undefined {
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

export interface CsvInput {
  stream: AsyncIterable<Buffer>;
  /** The file's size in bytes (for progress); undefined for stdin. */
  size?: number;
  /** The file's absolute path; undefined for stdin. */
  path?: string;
}

/**
 * Opens a CSV argument: `-` is stdin (for a command that can read it); a path is relative to
 * the command's directory.
 */
export async function openCsvInput(
  file: string,
  io: Io,
  { stdin = true }: { stdin?: boolean } = {},
): Promise<CsvInput> {
  if (file === "-") return { stream: io.stdin as AsyncIterable<Buffer> };
  const path = resolve(io.cwd, file);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`${file} is a directory, not a CSV file`);
    return { stream: fileChunks(path), size: info.size, path };
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new InputError(`CSV file not found: ${file}`, {
        hint: stdin ? "Check the path, or pass - to read from stdin." : "Check the path.",
      });
    }
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
}
