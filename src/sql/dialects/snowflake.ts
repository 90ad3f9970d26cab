/** Snowflake: CTEs with `* EXCLUDE`, POSIX regular expressions, ARRAY (semi-structured). */
import {
  plainInList,
  doubleQuotedIdent,
  escapedString,
  JS_WHITESPACE,
  type Dialect,
  type SqlType,
} from "../dialect.js";

const TYPES: Record<SqlType, string> = {
  text: "VARCHAR",
  double: "DOUBLE",
  int: "INTEGER",
  bool: "BOOLEAN",
};

export const snowflake: Dialect = {
  name: "snowflake",
  title: "Snowflake",
  layout: "cte",
  arrays: true,
  end: "$",
  ident: doubleQuotedIdent,
  // Snowflake reads backslash escapes in single-quoted strings.
  string: (text) => escapedString(text),
  type: (type) => TYPES[type],
  // REGEXP_LIKE must match the whole text; REGEXP_INSTR searches, as the other dialects do.
  regexMatch: (subject, pattern) => `(REGEXP_INSTR(${subject}, ${escapedString(pattern)}) > 0)`,
  regexReplace: (subject, pattern, group) =>
    `REGEXP_REPLACE(${subject}, ${escapedString(pattern)}, ${escapedString(group === 0 ? "" : `\\${group}`)})`,
  regexReplaceAll: (subject, pattern, replacement) =>
    `REGEXP_REPLACE(${subject}, ${escapedString(pattern)}, ${escapedString(replacement.replaceAll("\\", "\\\\"))})`,
  trim: (subject) => `TRIM(${subject}, ${escapedString(JS_WHITESPACE)})`,
  toDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  contains: (haystack, needle) => `CONTAINS(${haystack}, ${needle})`,
  mod: (a, b) => `MOD(${a}, ${b})`,
  inList: plainInList,
  concat: (parts) => `(${parts.join(" || ")})`,
  // CONCAT_WS is NULL when any part is; ARRAY_CONSTRUCT_COMPACT leaves NULLs out.
  join: (parts, separator) =>
    parts.length === 0
      ? "''"
      : `ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(${parts.join(", ")}), ${escapedString(separator)})`,
  array: (parts) => `ARRAY_CONSTRUCT_COMPACT(${parts.join(", ")})`,
  starExcept: (names) => `* EXCLUDE (${names.join(", ")})`,
  currentDays: () => "DATEDIFF(day, DATE '1970-01-01', CURRENT_DATE())",
};
