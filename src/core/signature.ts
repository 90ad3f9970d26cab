/**
 * Which answers a framework cannot tell apart. A number is only ever compared with fixed
 * values (band edges, condition operands), so 1,250 and 1,900 employees score alike when no
 * edge lies between them; a date likewise against fixed dates and the scoring date's
 * windows; a text answer by its word count, or as text when a condition reads it. Leads
 * whose answers fall in the same classes get the same result, which lets batch score a
 * million rows of amounts and dates by scoring each combination of classes once.
 */
import type { Compared, Value } from "./conditions.js";
import type { Question } from "./schema.js";
import { wordCount } from "./coerce.js";

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The class of `value` among sorted breakpoints: 2i between them, 2i+1 on one. */
function position<T extends number | string>(breakpoints: readonly T[], value: T): number {
  let low = 0;
  let high = breakpoints.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (breakpoints[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return 2 * low + (breakpoints[low] === value ? 1 : 0);
}

function sorted<T extends number | string>(values: Iterable<T>): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function answerClassifier(
  question: { def: Question },
  compared: ReadonlyArray<Compared | undefined>,
  today: string,
): (value: Value) => string {
  const notes = compared.filter((c): c is Compared => c !== undefined);
  const constants = notes.flatMap((c) => [...c.constants]);
  const def = question.def;
  switch (def.type) {
    case "choice":
    case "boolean":
      return (value) => (value === undefined ? "u" : String(value));
    case "multi":
      return (value) =>
        value === undefined ? "u" : [...(value as readonly string[])].sort().join(",");
    case "number": {
      const edges = sorted([
        ...(constants as number[]),
        ...def.bands.flatMap((b) => [b.min, b.max]).filter((n): n is number => n !== undefined),
      ]);
      return (value) => (value === undefined ? "u" : String(position(edges, value as number)));
    }
    case "date": {
      const windows = def.bands.flatMap((b) => [
        ...(b.withinDays === undefined
          ? []
          : [addDays(today, b.withinDays), addDays(today, b.withinDays + 1)]),
        ...(b.withinDaysAgo === undefined ? [] : [addDays(today, -b.withinDaysAgo)]),
      ]);
      const edges = sorted([...(constants as string[]), ...windows]);
      return (value) => (value === undefined ? "u" : String(position(edges, value as string)));
    }
    case "text": {
      if (notes.some((c) => c.exactText))
        return (value) => (value === undefined ? "u" : `t${(value as string).toLowerCase()}`);
      const counts = sorted(notes.flatMap((c) => [...c.wordCounts]));
      if (counts.length === 0) return (value) => (value === undefined ? "u" : "a");
      return (value) =>
        value === undefined ? "u" : String(position(counts, wordCount(value as string)));
    }
  }
}
