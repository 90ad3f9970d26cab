/**
 * What the SQL compiler needs from a database: quoting, types, a handful of string and regular
 * expression functions, arrays, and how a chain of computed columns is laid out. Everything a
 * framework or a map file contributes to a query goes through `ident` or `string`, so nothing
 * in them can change the query's structure.
 *
 * Regular expressions are written in the subset the five engines read alike (RE2 in DuckDB and
 * BigQuery, POSIX in Postgres and Snowflake, java.util.regex in Spark): literals, `[...]` classes
 * without escapes inside, groups, `|`, `* + ? {m,n}`, `^`, and the dialect's end anchor.
 */

export const DIALECT_NAMES = ["duckdb", "postgres", "bigquery", "snowflake", "spark"] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export type SqlType = "text" | "double" | "int" | "bool";

/**
 * How the computed columns are chained:
 * - `cte`: `WITH s1 AS (SELECT t.*, … FROM table AS t), s2 AS (SELECT s.*, … FROM s1 AS s) …`
 *   then `SELECT * EXCLUDE (…)` drops the helper columns (DuckDB, BigQuery, Snowflake);
 * - `lateral`: `FROM table AS t CROSS JOIN LATERAL (SELECT …) AS s1 …` (Postgres);
 * - `lateral-view`: `FROM table AS t LATERAL VIEW inline(array(named_struct(…))) s1 AS …` (Spark).
 */
export type Layout = "cte" | "lateral" | "lateral-view";

export interface Dialect {
  readonly name: DialectName;
  readonly title: string;
  readonly layout: Layout;
  /** Whether the dialect has arrays: qualify_reasons and friends are arrays, else `; `-joined. */
  readonly arrays: boolean;
  /** The end-of-text anchor of a regular expression (`$`, or `\z` in Java). */
  readonly end: string;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A string literal. */
  string(text: string): string;
  type(type: SqlType): string;
  /** True when `subject` contains a match of `pattern` (NULL when subject is NULL). */
  regexMatch(subject: string, pattern: string): string;
  /**
   * `subject` with the match of an anchored `pattern` replaced by group `group` (or removed when
   * group is 0). The pattern can match at most once.
   */
  regexReplace(subject: string, pattern: string, group: number): string;
  /** `subject` with every match of `pattern` replaced by the plain text `replacement`. */
  regexReplaceAll(subject: string, pattern: string, replacement: string): string;
  /** `subject` without leading and trailing JavaScript whitespace. */
  trim(subject: string): string;
  /** A text already checked to be a plain decimal number, as a double; never an error. */
  toDouble(text: string): string;
  /** True when `haystack` contains `needle`. */
  contains(haystack: string, needle: string): string;
  mod(a: string, b: string): string;
  /** `expr IN (items…)`, with SQL's NULL semantics (items are literals, never NULL). */
  inList(expr: string, items: readonly string[]): string;
  /** Text concatenation of non-null parts. */
  concat(parts: string[]): string;
  /** The non-null parts joined with `separator` ('' when all are null). */
  join(parts: string[], separator: string): string;
  /** An array of the non-null parts, in order (only when `arrays`). */
  array(parts: string[]): string;
  /** `* EXCEPT (…)` or `* EXCLUDE (…)` (only for the `cte` layout). */
  starExcept(names: string[]): string;
  /** Days from 1970-01-01 to the current date. */
  currentDays(): string;
}

/** What JavaScript's trim() and \s remove: WhiteSpace and LineTerminator. */
export const JS_WHITESPACE =
  "\t\n\u000b\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/** A regular-expression class of JavaScript whitespace (literal characters, no escapes). */
export const WS = `[${JS_WHITESPACE}]`;

/**
 * Characters written as escapes (or chr() calls) in literals: controls, JavaScript whitespace
 * other than the space, invisible formatting and bidirectional controls, lone surrogates.
 * Keeps generated SQL printable and readable, and free of text that looks other than it is.
 */
export function isSpecialChar(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202f) ||
    (code >= 0x205f && code <= 0x206f) ||
    code === 0x3000 ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** Code points of `text` (lone surrogates included, as themselves). */
function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0)!);
  return out;
}

/**
 * A standard SQL literal ('' doubles a quote, backslashes are plain) with special characters
 * spliced in as `chr(n)`: DuckDB and Postgres.
 */
export function standardString(text: string): string {
  const parts: string[] = [];
  let plain = "";
  for (const code of codePoints(text)) {
    if (isSpecialChar(code)) {
      if (plain !== "") parts.push(`'${plain.replaceAll("'", "''")}'`);
      plain = "";
      parts.push(`chr(${code})`);
    } else plain += String.fromCodePoint(code);
  }
  if (plain !== "" || parts.length === 0) parts.push(`'${plain.replaceAll("'", "''")}'`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(" || ")})`;
}

const hex4 = (code: number) => code.toString(16).padStart(4, "0");

/**
 * A literal with backslash escapes (BigQuery, Snowflake, Spark): `\\`, `\'`, `\n`, `\t`, `\r`,
 * and `\uXXXX` for other special characters.
 */
export function escapedString(text: string, quote = "'"): string {
  let out = quote;
  for (const code of codePoints(text)) {
    const ch = String.fromCodePoint(code);
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (isSpecialChar(code)) out += `\\u${hex4(code)}`;
    else out += ch;
  }
  return out + quote;
}

/** A double-quoted identifier ("" doubles a quote): DuckDB, Postgres, Snowflake. */
export function doubleQuotedIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Escapes text for a regular expression (outside classes). */
export function regexLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (ch) => `\\${ch}`);
}

/** A numeric literal as JavaScript would print the number (round-trips exactly to a double). */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const text = Object.is(value, -0) ? "0" : String(value);
  return value < 0 ? `(${text})` : text;
}

/** The plain `IN (…)` test. */
export function plainInList(expr: string, items: readonly string[]): string {
  return `${expr} IN (${items.join(", ")})`;
}

/** A comment line that cannot end early: line breaks and controls are shown escaped. */
export function commentText(text: string): string {
  let out = "";
  for (const code of codePoints(text)) {
    if (isSpecialChar(code) && code !== 0x20) out += `\\u${hex4(code)}`;
    else out += String.fromCodePoint(code);
  }
  return out;
}
