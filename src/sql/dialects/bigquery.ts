/** BigQuery (GoogleSQL): CTEs with `* EXCEPT`, RE2 regular expressions, ARRAY<STRING>. */
import {
  escapedString,
  plainInList,
  JS_WHITESPACE,
  type Dialect,
  type SqlType,
} from "../dialect.js";

const TYPES: Record<SqlType, string> = {
  text: "STRING",
  double: "FLOAT64",
  int: "INT64",
  bool: "BOOL",
};

/** A backquoted identifier: BigQuery reads the same escapes in it as in strings. */
function ident(name: string): string {
  return escapedString(name, "`");
}

export const bigquery: Dialect = {
  name: "bigquery",
  title: "BigQuery",
  layout: "cte",
  arrays: true,
  end: "$",
  ident,
  string: (text) => escapedString(text),
  type: (type) => TYPES[type],
  regexMatch: (subject, pattern) => `REGEXP_CONTAINS(${subject}, ${escapedString(pattern)})`,
  regexReplace: (subject, pattern, group) =>
    `REGEXP_REPLACE(${subject}, ${escapedString(pattern)}, ${escapedString(group === 0 ? "" : `\\${group}`)})`,
  regexReplaceAll: (subject, pattern, replacement) =>
    `REGEXP_REPLACE(${subject}, ${escapedString(pattern)}, ${escapedString(replacement.replaceAll("\\", "\\\\"))})`,
  trim: (subject) => `TRIM(${subject}, ${escapedString(JS_WHITESPACE)})`,
  toDouble: (text) => `SAFE_CAST(${text} AS FLOAT64)`,
  contains: (haystack, needle) => `(STRPOS(${haystack}, ${needle}) > 0)`,
  mod: (a, b) => `MOD(${a}, ${b})`,
  inList: plainInList,
  concat: (parts) => `(${parts.join(" || ")})`,
  // ARRAY_TO_STRING leaves out NULL elements (and their separators).
  join: (parts, separator) =>
    parts.length === 0
      ? "''"
      : `ARRAY_TO_STRING([${parts.join(", ")}], ${escapedString(separator)})`,
  // A BigQuery array cannot hold NULL: keep the others, in order.
  array: (parts) =>
    parts.length === 0
      ? "ARRAY<STRING>[]"
      : `ARRAY(SELECT _q_e FROM UNNEST([${parts.join(", ")}]) AS _q_e WITH OFFSET AS _q_o WHERE _q_e IS NOT NULL ORDER BY _q_o)`,
  starExcept: (names) => `* EXCEPT (${names.join(", ")})`,
  currentDays: () => "UNIX_DATE(CURRENT_DATE())",
};
