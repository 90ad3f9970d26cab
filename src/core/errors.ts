/**
 * Typed errors. The core and io layers throw these; src/cli/errors.ts is the one place
 * that turns them into a message and an exit code. Nothing here prints or exits.
 */

export const EXIT = {
  ok: 0,
  unexpected: 1,
  input: 2,
  checkFailed: 3,
  interrupted: 130,
} as const;

/** A location inside a document, as a path of keys and indexes from its root. */
export type DocPath = readonly (string | number)[];

export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

export class QualifyError extends Error {
  readonly exitCode: number = EXIT.input;
  /** One line telling the user what to do about it. */
  hint?: string;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** A bad flag or argument combination. */
export class UsageError extends QualifyError {}

/** Bad input: a file that is missing, unreadable, malformed or invalid. */
export class InputError extends QualifyError {
  location?: SourceLocation;
  /** Where in the document the problem is; io code turns it into line:col. */
  path?: DocPath;
  /** Point at the key at `path` rather than at its value. */
  at?: "key";
  /** Further problems found in the same input. */
  issues: Issue[] = [];
  constructor(
    message: string,
    options?: {
      hint?: string;
      cause?: unknown;
      path?: DocPath;
      location?: SourceLocation;
      at?: "key";
    },
  ) {
    super(message, options);
    this.path = options?.path;
    this.location = options?.location;
    this.at = options?.at;
  }
}

/** A framework that does not parse, validate or resolve. */
export class FrameworkError extends InputError {}

/** An answers file or answer value that does not fit the framework. */
export class AnswersError extends InputError {}

/** The work was done, but a check the user asked for failed (`--fail-on`, `--strict`). */
export class CheckFailedError extends QualifyError {
  override readonly exitCode: number = EXIT.checkFailed;
}

/** The user interrupted (Ctrl-C). */
export class InterruptedError extends QualifyError {
  override readonly exitCode: number = EXIT.interrupted;
}

/** One problem found while validating a document, before it becomes an error. */
export interface Issue {
  path: DocPath;
  /** The whole message, starting with where in the document it is. */
  message: string;
  hint?: string;
  /** Point at the key itself (an unknown key) rather than at its value. */
  at?: "key";
}

/** `criteria[0].questions[1].when` */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const part of path)
    out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  return out === "" ? "top level" : out;
}
