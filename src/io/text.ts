/**
 * Reading text inputs safely: a missing, empty, huge, binary or UTF-16 file is a clear
 * InputError, never a crash or a hang. A UTF-8 byte order mark is dropped.
 */
import { readFile, stat } from "node:fs/promises";
import { InputError } from "../core/errors.js";

/** Frameworks and answers files are small; anything bigger than this is a mistake. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface TextSource {
  /** What to call it in messages: a path, or "stdin". */
  name: string;
  text: string;
}

/** Explains why these bytes are not UTF-8 text, or returns undefined when they look fine. */
export function notTextReason(head: Uint8Array): string | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return "is UTF-16 encoded; save it as UTF-8";
  }
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) return "looks binary (it contains NUL bytes), not text";
  }
  return undefined;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** "a framework file", "an answers file". */
function withArticle(what: string): string {
  return `${/^[aeiou]/i.test(what) ? "an" : "a"} ${what}`;
}

export function decodeDocument(bytes: Uint8Array, name: string, what: string): string {
  const reason = notTextReason(bytes);
  if (reason !== undefined)
    throw new InputError(`${name} ${reason}`, {
      hint: `Expected ${withArticle(what)} in YAML or JSON.`,
    });
  const text = stripBom(new TextDecoder("utf-8").decode(bytes));
  if (text.trim() === "")
    throw new InputError(`${name} is empty`, {
      hint: `Expected ${withArticle(what)} in YAML or JSON.`,
    });
  return text;
}

function fileError(error: unknown, path: string, what: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT")
    return new InputError(`${what} not found: ${path}`, {
      hint: "Check the path; it is relative to the current directory.",
    });
  if (code === "EISDIR") return new InputError(`${path} is a directory, not ${withArticle(what)}`);
  if (code === "EACCES" || code === "EPERM")
    return new InputError(`cannot read ${path}: permission denied`);
  return new InputError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
}

/** Reads a small YAML/JSON document from disk. */
export async function readDocumentFile(path: string, what: string): Promise<TextSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    size = info.size;
  } catch (error) {
    throw fileError(error, path, what);
  }
  if (size > MAX_DOCUMENT_BYTES) {
    throw new InputError(
      `${path} is ${(size / 1024 / 1024).toFixed(1)} MB; a ${what} is expected to be under ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(error, path, what);
  }
  return { name: path, text: decodeDocument(bytes, path, what) };
}

/** Reads a whole small document from a stream such as stdin. */
export async function readDocumentStream(
  stream: NodeJS.ReadableStream,
  name: string,
  what: string,
): Promise<TextSource> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > MAX_DOCUMENT_BYTES) {
      throw new InputError(
        `${name} is over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; a ${what} is expected to be small`,
      );
    }
    chunks.push(buffer);
  }
  return { name, text: decodeDocument(Buffer.concat(chunks), name, what) };
}
