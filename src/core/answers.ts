/**
 * Answers as people and files write them → normalised values the engine reads.
 * Choice values match by value, label or alias, case-insensitively; numbers, booleans
 * and dates are coerced the same way in answers files and CSV cells.
 */
import type { Value } from "./conditions.js";
import type { CompiledFramework, CompiledQuestion } from "./compile.js";
import { AnswersError, type DocPath } from "./errors.js";
import { isUnknownWord, parseBoolean, parseDate, parseNumber } from "./coerce.js";
import { didYouMean, listOf } from "./suggest.js";

export type Coerced =
  { ok: true; value: Value } | { ok: false; message: string; allowed?: string[] };

const unknown: Coerced = { ok: true, value: undefined };

function fail(message: string, allowed?: string[]): Coerced {
  return { ok: false, message, allowed };
}

/** The option values and labels a rep may write, for error messages. */
export function allowedAnswers(question: CompiledQuestion): string[] {
  const def = question.def;
  switch (def.type) {
    case "choice":
    case "multi":
      return def.options.map((o) => o.value);
    case "boolean":
      return ["yes", "no"];
    case "number":
      return [`a number${def.unit ? ` (${def.unit})` : ""}`];
    case "date":
      return ["a date such as 2026-03-31"];
    case "text":
      return ["any text"];
  }
}

function chooseOption(question: CompiledQuestion, text: string): string | undefined {
  return question.optionLookup!.get(text.trim().toLowerCase());
}

/** The options of a list answer, or the first item that is none. */
function listedOptions(question: CompiledQuestion, items: unknown[]): string[] | string {
  const values: string[] = [];
  for (const item of items.map(String)) {
    const value = chooseOption(question, item);
    if (value === undefined) return item;
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

/** Per multi question: how many items, split at , ; and |, its longest spelling spans. */
const itemSpans = new WeakMap<CompiledQuestion, number>();

function longestSpan(question: CompiledQuestion): number {
  let span = itemSpans.get(question);
  if (span === undefined) {
    span = 1;
    for (const spelling of question.optionLookup!.keys())
      span = Math.max(span, spelling.split(/[;,|]/).length);
    itemSpans.set(question, span);
  }
  return span;
}

/**
 * The options named in a cell of items separated by , ; or |, or the first item that is
 * none. A label may hold a separator itself ("Opened, clicked or replied to our emails"), so
 * an option is any run of whole items that spells one, and the cell is read when its items
 * can be covered by such runs (empty items are skipped). SQL reads a cell alike (sql/cells.ts).
 */
function itemsOf(question: CompiledQuestion, text: string): string[] | string {
  // Items at even indexes, each followed by its separator.
  const parts = text.split(/([;,|])/);
  const items = (parts.length + 1) / 2;
  const span = longestSpan(question);
  const reached = new Array<boolean>(items + 1).fill(false);
  reached[0] = true;
  const values: string[] = [];
  for (let from = 0; from < items; from++) {
    let run = "";
    for (let to = from + 1; to <= Math.min(items, from + span); to++) {
      run += (to > from + 1 ? parts[2 * to - 3]! : "") + parts[2 * to - 2]!;
      if (run.trim() === "") {
        if (reached[from]) reached[to] = true;
        continue;
      }
      const value = chooseOption(question, run);
      if (value === undefined) continue;
      if (!values.includes(value)) values.push(value);
      if (reached[from]) reached[to] = true;
    }
  }
  if (reached[items]) return values;
  let stuck = items;
  while (!reached[stuck]) stuck--;
  return parts[2 * stuck]!.trim();
}

function describeRaw(raw: unknown): string {
  if (typeof raw === "string") return `'${raw}'`;
  // JSON would print Infinity (a YAML 1e400) as null.
  if (typeof raw === "number") return String(raw);
  return JSON.stringify(raw);
}

/** Coerces one raw answer (from YAML, JSON or a CSV cell) for `question`. */
export function coerceAnswer(question: CompiledQuestion, raw: unknown): Coerced {
  if (raw === null || raw === undefined) return unknown;
  const def = question.def;
  if (typeof raw === "string" && isUnknownWord(raw)) {
    // An option spelled like an unknown word (`na` for North America) is that option: only a
    // cell that names no option means "not known yet".
    const option = question.optionLookup?.get(raw.trim().toLowerCase());
    if (option === undefined || raw.trim() === "") return unknown;
    return { ok: true, value: def.type === "multi" ? [option] : option };
  }
  switch (def.type) {
    case "choice": {
      if (typeof raw === "object")
        return fail("expects one option, not a list", allowedAnswers(question));
      const value = chooseOption(question, String(raw));
      if (value !== undefined) return { ok: true, value };
      const candidates = def.options.flatMap((o) => [o.value, o.label]);
      return fail(
        `${describeRaw(raw)} is not one of the options.${didYouMean(String(raw), candidates)}`,
        allowedAnswers(question),
      );
    }
    case "multi": {
      const read = Array.isArray(raw)
        ? listedOptions(question, raw)
        : itemsOf(question, String(raw));
      if (typeof read !== "string") return { ok: true, value: read };
      const candidates = def.options.flatMap((o) => [o.value, o.label]);
      return fail(
        `${describeRaw(read)} is not one of the options.${didYouMean(read, candidates)}`,
        allowedAnswers(question),
      );
    }
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (typeof raw === "number" && (raw === 0 || raw === 1))
        return { ok: true, value: raw === 1 };
      const value = typeof raw === "string" ? parseBoolean(raw) : undefined;
      return value === undefined
        ? fail(`${describeRaw(raw)} is not yes or no`, allowedAnswers(question))
        : { ok: true, value };
    }
    case "number": {
      const value =
        typeof raw === "number" ? raw : typeof raw === "string" ? parseNumber(raw) : NaN;
      if (!Number.isFinite(value))
        return fail(`${describeRaw(raw)} is not a number`, allowedAnswers(question));
      if (def.min !== undefined && value < def.min)
        return fail(`${value} is below the smallest valid answer, ${def.min}`);
      if (def.max !== undefined && value > def.max)
        return fail(`${value} is above the largest valid answer, ${def.max}`);
      return { ok: true, value };
    }
    case "date": {
      const value = typeof raw === "string" ? parseDate(raw) : undefined;
      return value === undefined
        ? fail(`${describeRaw(raw)} is not a date`, allowedAnswers(question))
        : { ok: true, value };
    }
    case "text": {
      if (typeof raw === "object") return fail("expects text, not a list");
      const value = String(raw).trim();
      return { ok: true, value: value === "" ? undefined : value };
    }
  }
}

/**
 * Normalises an answers map (question id → raw answer). Throws an AnswersError naming the
 * key, the problem and the allowed values; `path` locates the map in its document.
 */
export function readAnswers(
  compiled: CompiledFramework,
  answers: Readonly<Record<string, unknown>>,
  path: DocPath = ["answers"],
): Value[] {
  const values: Value[] = new Array<Value>(compiled.questions.length).fill(undefined);
  for (const [key, raw] of Object.entries(answers)) {
    const question = compiled.questionById.get(key);
    if (question === undefined) {
      const ids = [...compiled.questionById.keys()];
      throw new AnswersError(
        `unknown question '${key}' for framework '${compiled.framework.id}'.${didYouMean(key, ids)}`,
        {
          path: [...path, key],
          at: "key",
          hint: `Questions: ${listOf(ids, 20)}`,
        },
      );
    }
    const coerced = coerceAnswer(question, raw);
    if (!coerced.ok) {
      throw new AnswersError(`answer to '${key}': ${coerced.message}`, {
        path: [...path, key],
        hint: coerced.allowed ? `Allowed: ${listOf(coerced.allowed, 20)} (or unknown)` : undefined,
      });
    }
    values[question.index] = coerced.value;
  }
  return values;
}
