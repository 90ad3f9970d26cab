/**
 * Writing answers files: what `qualify interview` saves (a draft after every answer, then the
 * final record) and `qualify score` reads back. Keys follow the framework's asking order;
 * "don't know yet" is written as `unknown` (as `null` where `unknown` would read as one of the
 * question's options); questions that do not apply are left out.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, dirname, extname, join, relative, isAbsolute } from "node:path";
import { Document, visit } from "yaml";
import type { Value } from "../core/conditions.js";
import type { CompiledFramework, CompiledQuestion } from "../core/compile.js";
import { coerceAnswer } from "../core/answers.js";
import { writeFileAtomic } from "./atomic.js";
import { InputError } from "../core/errors.js";

/** How "don't know yet" is written in an answers file (score reads it back as unknown). */
const UNKNOWN_ANSWER = "unknown";

/** Answers by question index; a present key whose value is undefined means "don't know yet". */
export type AnswerMap = ReadonlyMap<number, Value>;

export interface AnswersFileMeta {
  lead?: string;
  /** ISO timestamp of this save. */
  savedAt: string;
  /** A comment written at the top of the file. */
  comment?: string;
}

type RawAnswer = string | number | boolean | string[] | null;

/**
 * An answer as it is written in a file: the option value, the list, the number, the text.
 * Unknown is `unknown`, unless that word names one of the question's options (an option
 * spelled like an unknown word is that option): then `null`, so it reads back as unknown.
 */
function rawAnswer(question: CompiledQuestion, value: Value): RawAnswer {
  if (value === undefined) {
    const read = coerceAnswer(question, UNKNOWN_ANSWER);
    return read.ok && read.value === undefined ? UNKNOWN_ANSWER : null;
  }
  if (Array.isArray(value)) return [...(value as readonly string[])];
  return value as string | number | boolean;
}

/** The `answers:` map, its keys in the framework's asking order. */
export function orderedAnswers(
  compiled: CompiledFramework,
  answers: AnswerMap,
): Record<string, RawAnswer> {
  const out: Record<string, RawAnswer> = {};
  for (const index of compiled.askOrder) {
    if (!answers.has(index)) continue;
    out[compiled.questions[index]!.id] = rawAnswer(compiled.questions[index]!, answers.get(index));
  }
  return out;
}

/** The text of an answers file for `answers` (only the questions to keep). */
export function answersFileText(
  compiled: CompiledFramework,
  answers: AnswerMap,
  meta: AnswersFileMeta,
): string {
  const { framework } = compiled;
  const record: Record<string, unknown> = {
    framework: framework.id,
    frameworkVersion: framework.version,
    ...(meta.lead === undefined || meta.lead === "" ? {} : { lead: meta.lead }),
    savedAt: meta.savedAt,
    answers: orderedAnswers(compiled, answers),
  };
  const doc = new Document(record);
  // Lists on one line, as people write them: `pain_types: [financial, support]`.
  visit(doc, {
    Seq(_key, node) {
      node.flow = true;
    },
  });
  if (meta.comment !== undefined) doc.commentBefore = ` ${meta.comment}`;
  return doc.toString({ lineWidth: 100, flowCollectionPadding: false });
}

/**
 * Says before the first question why answers could not be saved at `path` (its directory
 * would be made inside a file, or may not be written to), rather than after the first answer.
 */
export function checkSavePath(path: string, shown: string): void {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  if (!statSync(dir).isDirectory())
    throw new InputError(`cannot save to ${shown}: ${dir} is a file, not a directory`, {
      hint: "Choose another --save path.",
    });
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`cannot save to ${shown}: ${dir} cannot be written to`, {
      hint: "Choose another --save path.",
    });
  }
}

/** Writes an answers file atomically, creating its directory when needed. */
export async function writeAnswersFile(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new InputError(`cannot save to ${path}: ${(error as Error).message}`, { cause: error });
  }
  await writeFileAtomic(path, text);
}

/** `Acme Corp` → `acme-corp`; accents dropped; `lead` when nothing is left. */
export function slugify(text: string | undefined): string {
  const slug = (text ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "lead" : slug;
}

/** `path`, or the first of `name-2.yaml`, `name-3.yaml`, … that does not exist yet. */
export function freePath(path: string, exists: (p: string) => boolean = existsSync): string {
  if (!exists(path)) return path;
  const ext = extname(path);
  const stem = join(dirname(path), basename(path, ext));
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!exists(candidate)) return candidate;
  }
}

/** `./qualify-answers/<lead-slug>-<YYYY-MM-DD>.yaml`, never an existing file. */
export function defaultAnswersPath(
  cwd: string,
  lead: string | undefined,
  date: string,
  exists?: (p: string) => boolean,
): string {
  return freePath(join(cwd, "qualify-answers", `${slugify(lead)}-${date}.yaml`), exists);
}

/** A word as a shell reads it: quoted only when it needs to be. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A path as the user would type it from `cwd`: relative when inside it, quoted if needed. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return shellWord(rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path);
}
