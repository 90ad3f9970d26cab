/**
 * The one place where errors become messages and exit codes: a typed error prints one line
 * of cause and a hint (exit 2 or 3); anything else is unexpected (exit 1), with its stack
 * only under --debug or QUALIFY_DEBUG=1.
 */
import { EXIT, InputError, QualifyError } from "../core/errors.js";
import type { Io } from "./io.js";
import type { Colors } from "../ui/color.js";

const MAX_MORE = 10;

function locationPrefix(error: InputError): string {
  const loc = error.location;
  if (loc === undefined) return "";
  return `${loc.file}${loc.line !== undefined ? `:${loc.line}` : ""}${loc.col !== undefined ? `:${loc.col}` : ""}: `;
}

/** The message lines for a typed error (without the program name). */
export function describeError(error: QualifyError): { message: string; details: string[] } {
  const prefix = error instanceof InputError ? locationPrefix(error) : "";
  const details: string[] = [];
  if (error instanceof InputError && error.issues.length > 0) {
    for (const issue of error.issues.slice(0, MAX_MORE)) details.push(`also ${issue.message}`);
    if (error.issues.length > MAX_MORE)
      details.push(`… and ${error.issues.length - MAX_MORE} more problems`);
  }
  if (error.hint) details.push(`hint: ${error.hint}`);
  return { message: `${prefix}${error.message}`, details };
}

export function reportError(error: unknown, io: Io, colors: Colors, debug: boolean): number {
  if (error instanceof QualifyError) {
    const { message, details } = describeError(error);
    io.stderr.write(`${colors.red("qualify:")} ${message}\n`);
    for (const line of details) io.stderr.write(`  ${colors.dim(line)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`${colors.red("qualify: unexpected error:")} ${err.message}\n`);
  if (debug) io.stderr.write(`${err.stack ?? ""}\n`);
  else
    io.stderr.write(
      `  ${colors.dim("hint: run again with --debug (or QUALIFY_DEBUG=1) to see where it happened, and report it.")}\n`,
    );
  return EXIT.unexpected;
}
