/** DuckDB: also what `qualify sql --run` executes. RE2 regular expressions, lists. */
import {
  doubleQuotedIdent,
  JS_WHITESPACE,
  standardString,
  WS,
  type Dialect,
  type SqlType,
} from "../dialect.js";

const TYPES: Record<SqlType, string> = {
  text: "VARCHAR",
  double: "DOUBLE",
  int: "BIGINT",
  bool: "BOOLEAN",
};

export const duckdb: Dialect = {
  name: "duckdb",
  title: "DuckDB",
  layout: "cte",
  arrays: true,
  end: "$",
  ident: doubleQuotedIdent,
  string: standardString,
  type: (type) => TYPES[type],
  regexMatch: (subject, pattern) => `regexp_matches(${subject}, ${standardString(pattern)})`,
  regexReplace: (subject, pattern, group) =>
    `regexp_replace(${subject}, ${standardString(pattern)}, ${standardString(group === 0 ? "" : `\\${group}`)})`,
  regexReplaceAll: (subject, pattern, replacement) =>
    `regexp_replace(${subject}, ${standardString(pattern)}, ${standardString(replacement)}, 'g')`,
  // trim() with a set of characters is slow in DuckDB; most cells need no trimming at all.
  trim: (subject) =>
    `CASE WHEN regexp_matches(${subject}, ${standardString(`^${WS}|${WS}$`)}) THEN trim(${subject}, ${standardString(JS_WHITESPACE)}) ELSE ${subject} END`,
  toDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  contains: (haystack, needle) => `(strpos(${haystack}, ${needle}) > 0)`,
  mod: (a, b) => `(${a} % ${b})`,
  // DuckDB turns longer IN lists into hash joins, which do not keep the rows in order.
  inList: (expr, items) => `(${items.map((item) => `${expr} = ${item}`).join(" OR ")})`,
  concat: (parts) => `(${parts.join(" || ")})`,
  join: (parts, separator) =>
    parts.length === 0 ? "''" : `concat_ws(${standardString(separator)}, ${parts.join(", ")})`,
  array: (parts) =>
    parts.length === 0
      ? "CAST([] AS VARCHAR[])"
      : `[_q_e FOR _q_e IN [${parts.join(", ")}] IF _q_e IS NOT NULL]`,
  starExcept: (names) => `* EXCLUDE (${names.join(", ")})`,
  currentDays: () => "date_diff('day', DATE '1970-01-01', CURRENT_DATE)",
};
