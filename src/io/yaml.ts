/**
 * YAML (and JSON, which YAML 1.2 reads) with positions: every error can point at
 * file:line:col. Alias bombs are refused by the parser's alias limit; keys that could
 * pollute prototypes are refused before anything reads the data.
 */
import { FORBIDDEN_KEYS } from "../core/constants.js";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { InputError, type DocPath } from "../core/errors.js";
import type { TextSource } from "./text.js";

const FORBIDDEN = new Set<string>(FORBIDDEN_KEYS);

export interface LoadedDocument {
  source: TextSource;
  value: unknown;
  /** 1-based line and column of the value (or with `key`, the map key) at `path`, as near as it exists. */
  locate(path: DocPath, at?: "key"): { line: number; col: number } | undefined;
}

export function parseYaml(source: TextSource): LoadedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem !== undefined) {
    const pos = lineCounter.linePos(problem.pos[0]);
    const message = problem.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    // The parser's advice is for programs (parseAllDocuments); a file here holds one document.
    if (problem.code === "MULTIPLE_DOCS")
      throw new InputError("invalid YAML: the file holds more than one document (a --- line)", {
        location: { file: source.name, line: pos.line, col: pos.col },
        hint: "Keep one document per file: remove the --- line and what follows, or split the file.",
      });
    throw new InputError(`invalid YAML: ${message}`, {
      location: { file: source.name, line: pos.line, col: pos.col },
      hint: "Fix the YAML syntax at that position.",
    });
  }

  const locateOffset = (path: DocPath, at?: "key"): number | undefined => {
    let node: unknown = doc.contents;
    let offset = (node as Node | null)?.range?.[0];
    for (const [depth, part] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(part),
        );
        if (pair === undefined) return offset;
        offset = (pair.key as Node).range?.[0] ?? offset;
        if (depth === path.length - 1 && at === "key") return offset;
        node = pair.value;
        offset = (node as Node | null)?.range?.[0] ?? offset;
      } else if (isSeq(node) && typeof part === "number") {
        const item = node.items[part];
        if (item === undefined) return offset;
        node = item;
        offset = (item as Node).range?.[0] ?? offset;
      } else return offset;
    }
    return offset;
  };

  const locate = (path: DocPath, at?: "key") => {
    const offset = locateOffset(path, at);
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };

  rejectForbiddenKeys(doc.contents, [], (path, key) => {
    const pos = locate(path, "key");
    throw new InputError(`the key '${key}' is not allowed`, {
      location: { file: source.name, line: pos?.line, col: pos?.col },
      hint: "Remove it; keys such as __proto__ could change how the data is read.",
    });
  });

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError((error as Error).message, {
      location: { file: source.name },
      hint: "Too many YAML aliases (*refs) expand this document; write the data out instead.",
    });
  }
  return { source, value, locate };
}

function rejectForbiddenKeys(
  node: unknown,
  path: (string | number)[],
  reject: (path: DocPath, key: string) => never,
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && FORBIDDEN.has(key)) reject([...path, key], key);
      rejectForbiddenKeys(pair.value, [...path, key ?? "?"], reject);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => rejectForbiddenKeys(item, [...path, i], reject));
  }
}

/** Adds file:line:col to an error raised about a path inside this document, and to its other issues. */
export function locateError(document: LoadedDocument, error: InputError): InputError {
  if (error.location === undefined) {
    const pos = error.path ? document.locate(error.path, error.at) : undefined;
    error.location = { file: document.source.name, line: pos?.line, col: pos?.col };
    for (const issue of error.issues) {
      const at = document.locate(issue.path, issue.at);
      if (at !== undefined) issue.message = `${at.line}:${at.col}: ${issue.message}`;
    }
  }
  return error;
}
