/**
 * Turning what people and CRMs write into typed answers: `$22,700.00`, `1.2M`, `12%`,
 * `TRUE`/`no`/`y`, `02/24/26`, `15 Apr, 2021 00:03:00`. Pure functions; `undefined`
 * (or NaN for numbers) means "could not read it".
 */

/** Cell or answer texts that mean "not known yet". Compared lowercased and trimmed. */
const UNKNOWN_WORDS = new Set(["", "unknown", "n/a", "na", "null", "?", "-", "tbd", "don't know"]);

export function isUnknownWord(text: string): boolean {
  // The longest unknown word is 10 characters: anything longer (with some blanks) is an answer.
  return text.length <= 24 && UNKNOWN_WORDS.has(text.trim().toLowerCase());
}

const MULTIPLIERS: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const CURRENCY = /^-?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const NUMBER_SHAPE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A number from a cell: currency symbols, thousands separators, a k/M/B suffix, a trailing
 * percent sign and accounting parentheses are understood. Returns NaN when it is not a number.
 */
export function parseNumber(input: string): number {
  let text = input.trim();
  if (PLAIN_NUMBER.test(text)) return Number(text); // the usual cell: no symbols to strip
  if (CURRENCY.test(text)) return Number(text.replace(/[$,]/g, "")); // "$22,700.00", "-$1,200"
  if (text === "") return NaN;
  let sign = 1;
  if (text.startsWith("(") && text.endsWith(")")) {
    sign = -1;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith("-")) {
    sign = -sign;
    text = text.slice(1).trim();
  } else if (text.startsWith("+")) {
    text = text.slice(1).trim();
  }
  text = text.replace(/^(?:[$€£¥]|usd|eur|gbp)\s*/i, "").replace(/\s*(?:usd|eur|gbp)$/i, "");
  if (text.endsWith("%")) text = text.slice(0, -1).trim();
  let multiplier = 1;
  const suffix = /^(.*?)\s*(k|mm|m|bn|b)$/i.exec(text);
  if (suffix) {
    multiplier = MULTIPLIERS[suffix[2]!.toLowerCase()]!;
    text = suffix[1]!;
  }
  // Thousands separators: commas (1,200) or spaces/underscores (1 200).
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/.test(text)) text = text.replace(/,/g, "");
  else if (/^\d{1,3}(?:[ _\u00a0]\d{3})+(?:\.\d*)?$/.test(text))
    text = text.replace(/[ _\u00a0]/g, "");
  if (!NUMBER_SHAPE.test(text)) return NaN;
  return sign * Number(text) * multiplier;
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "t", "x", "✓"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "f"]);

/** A boolean from yes/no, y/n, true/false, 1/0 (any case); undefined otherwise. */
export function parseBoolean(input: string): boolean | undefined {
  const text = input.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return undefined;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Two-digit years are taken as 20YY up to 69 and 19YY from 70, as spreadsheets do. */
function fullYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

const TIME_TAIL = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]m)?\s*(?:z|[+-]\d{2}:?\d{2})?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME_TAIL}$`, "i");
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})${TIME_TAIL}$`, "i");
const DAY_MONTH_YEAR = new RegExp(
  String.raw`^(\d{1,2})[ -]([a-z]{3,9})\.?,?[ -](\d{4})${TIME_TAIL}$`,
  "i",
);
const MONTH_DAY_YEAR = new RegExp(
  String.raw`^([a-z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME_TAIL}$`,
  "i",
);

function monthNumber(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

/**
 * A calendar date as `YYYY-MM-DD` from ISO dates (with or without a time), US `MM/DD/YY` and
 * `MM/DD/YYYY` (what Salesforce and spreadsheets write), `15 Apr, 2021 00:03:00` (Zoho) and
 * `Apr 15, 2021`. Undefined when it is none of these or not a real date.
 */
export function parseDate(input: string): string | undefined {
  const text = input.trim();
  let m = ISO.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = SLASHED.exec(text);
  if (m) return isoDate(fullYear(Number(m[3]), m[3]!.length), Number(m[1]), Number(m[2]));
  m = DAY_MONTH_YEAR.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    return month === undefined ? undefined : isoDate(Number(m[3]), month, Number(m[1]));
  }
  m = MONTH_DAY_YEAR.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    return month === undefined ? undefined : isoDate(Number(m[3]), month, Number(m[2]));
  }
  return undefined;
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian, as Date.parse counts),
 * read from its characters; NaN when it is not in that form. Batch counts a date band per row,
 * so this builds no string and parses no Date.
 */
function epochDay(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 0x2d || date.charCodeAt(7) !== 0x2d) return NaN;
  let year = 0;
  for (let i = 0; i < 4; i++) year = year * 10 + digitAt(date, i);
  const month = digitAt(date, 5) * 10 + digitAt(date, 6);
  const day = digitAt(date, 8) * 10 + digitAt(date, 9);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN;
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function digitAt(text: string, i: number): number {
  const digit = text.charCodeAt(i) - 0x30;
  return digit >= 0 && digit <= 9 ? digit : NaN;
}

/** Whole days from `from` to a date, as `daysBetween` counts, with `from` read once. */
export function daysFrom(from: string): (to: string) => number {
  const start = epochDay(from);
  return (to) => {
    const days = epochDay(to) - start;
    return Number.isNaN(days) ? daysBetween(from, to) : days;
  };
}

/** Whole days from `from` to `to`, both `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): number {
  const fast = epochDay(to) - epochDay(from);
  if (!Number.isNaN(fast)) return fast;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Word count of a free-text answer, as used by `words` conditions and red-flag hints. */
export function wordCount(text: string): number {
  const words = text.trim().match(/\S+/g);
  return words === null ? 0 : words.length;
}
