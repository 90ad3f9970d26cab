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

function describeRaw(raw: unknown): string {
  return typeof raw === "string" ? `'${raw}'` : JSON.stringify(raw);
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
      const items = Array.isArray(raw)
        ? raw.map(String)
        : String(raw)
            .split(/[;,|]/)
            .map((s) => s.trim())
            .filter((s) => s !== "");
      const values: string[] = [];
      for (const item of items) {
        const value = chooseOption(question, item);
        if (value === undefined) {
          const candidates = def.options.flatMap((o) => [o.value, o.label]);
          return fail(
            `${describeRaw(item)} is not one of the options.${didYouMean(item, candidates)}`,
            allowedAnswers(question),
          );
        }
        if (!values.includes(value)) values.push(value);
      }
      return { ok: true, value: values };
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
