/** PostgreSQL: lateral joins, POSIX (ARE) regular expressions, text[] arrays. */
import {
  plainInList,
  doubleQuotedIdent,
  JS_WHITESPACE,
  standardString,
  type Dialect,
  type SqlType,
} from "../dialect.js";

const TYPES: Record<SqlType, string> = {
  text: "TEXT",
  double: "DOUBLE PRECISION",
  int: "BIGINT",
  bool: "BOOLEAN",
};

/**
 * Where a decimal stops being a finite double: from 2^1024 - 2^970 it rounds to infinity (a
 * cast error in Postgres, Infinity in JavaScript); below 2^-1075 it rounds to zero (an error in
 * Postgres, 0 in JavaScript). The lower bound is a hair above 2^-1075, so no cast can fail.
 */
const OVERFLOW = (2n ** 1024n - 2n ** 970n).toString();
const UNDERFLOW = "2.4703282292062328e-324";

export const postgres: Dialect = {
  name: "postgres",
  title: "PostgreSQL",
  layout: "lateral",
  arrays: true,
  end: "$",
  ident: doubleQuotedIdent,
  string: standardString,
  type: (type) => TYPES[type],
  regexMatch: (subject, pattern) => `(${subject} ~ ${standardString(pattern)})`,
  regexReplace: (subject, pattern, group) =>
    `regexp_replace(${subject}, ${standardString(pattern)}, ${standardString(group === 0 ? "" : `\\${group}`)})`,
  regexReplaceAll: (subject, pattern, replacement) =>
    `regexp_replace(${subject}, ${standardString(pattern)}, ${standardString(replacement)}, 'g')`,
  trim: (subject) => `btrim(${subject}, ${standardString(JS_WHITESPACE)})`,
  // A cast to double precision fails on overflow and underflow, so the number goes through
  // numeric (exact) and is range-checked first. Texts over 1,000 characters or with exponents
  // of 4 digits or more (which numeric cannot hold) are read as not a number.
  toDouble: (text) => {
    const exact = `CAST(${text} AS NUMERIC)`;
    return `CASE WHEN length(${text}) > 1000 OR ${text} ~ 'e[+-]?0*[0-9]{4,}$' THEN NULL WHEN abs(${exact}) >= ${OVERFLOW} THEN NULL WHEN abs(${exact}) < ${UNDERFLOW} THEN CAST(0 AS DOUBLE PRECISION) ELSE CAST(${exact} AS DOUBLE PRECISION) END`;
  },
  contains: (haystack, needle) => `(strpos(${haystack}, ${needle}) > 0)`,
  mod: (a, b) => `MOD(${a}, ${b})`,
  inList: plainInList,
  concat: (parts) => `(${parts.join(" || ")})`,
  join: (parts, separator) =>
    parts.length === 0 ? "''" : `concat_ws(${standardString(separator)}, ${parts.join(", ")})`,
  array: (parts) =>
    parts.length === 0
      ? "CAST(ARRAY[] AS TEXT[])"
      : `array_remove(CAST(ARRAY[${parts.join(", ")}] AS TEXT[]), NULL)`,
  starExcept: () => {
    throw new Error("postgres uses the lateral layout");
  },
  currentDays: () => "(CURRENT_DATE - DATE '1970-01-01')",
};
