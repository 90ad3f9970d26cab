/**
 * Spark SQL (Apache Spark 3.x, Databricks): LATERAL VIEW chains, java.util.regex, arrays.
 * String literals assume the default `spark.sql.parser.escapedStringLiterals=false`.
 */
import { escapedString, plainInList, WS, type Dialect, type SqlType } from "../dialect.js";

const TYPES: Record<SqlType, string> = {
  text: "STRING",
  double: "DOUBLE",
  int: "BIGINT",
  bool: "BOOLEAN",
};

/** A backquoted identifier: `` doubles a backquote. */
function ident(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

/** Java replacement strings treat `\` and `$` specially. */
const javaReplacement = (text: string) => text.replace(/[\\$]/g, (ch) => `\\${ch}`);

export const spark: Dialect = {
  name: "spark",
  title: "Spark SQL",
  layout: "lateral-view",
  arrays: true,
  // In Java, `$` also matches before a final line terminator; \z is the very end.
  end: "\\z",
  ident,
  string: (text) => escapedString(text),
  type: (type) => TYPES[type],
  regexMatch: (subject, pattern) => `(${subject} RLIKE ${escapedString(pattern)})`,
  regexReplace: (subject, pattern, group) =>
    `regexp_replace(${subject}, ${escapedString(pattern)}, ${escapedString(group === 0 ? "" : `$${group}`)})`,
  regexReplaceAll: (subject, pattern, replacement) =>
    `regexp_replace(${subject}, ${escapedString(pattern)}, ${escapedString(javaReplacement(replacement))})`,
  // trim(BOTH … FROM …) trims characters too, but a regular expression reads the same everywhere.
  trim: (subject) => `regexp_replace(${subject}, ${escapedString(`^${WS}+|${WS}+\\z`)}, '')`,
  // Checked first to be a plain decimal, so even an ANSI-mode cast cannot fail.
  toDouble: (text) => `CAST(${text} AS DOUBLE)`,
  contains: (haystack, needle) => `(instr(${haystack}, ${needle}) > 0)`,
  mod: (a, b) => `(${a} % ${b})`,
  inList: plainInList,
  concat: (parts) => `concat(${parts.join(", ")})`,
  join: (parts, separator) =>
    parts.length === 0 ? "''" : `concat_ws(${escapedString(separator)}, ${parts.join(", ")})`,
  array: (parts) =>
    parts.length === 0
      ? "CAST(array() AS ARRAY<STRING>)"
      : `filter(array(${parts.join(", ")}), _q_e -> _q_e IS NOT NULL)`,
  starExcept: () => {
    throw new Error("spark uses the lateral-view layout");
  },
  currentDays: () => "datediff(current_date(), DATE '1970-01-01')",
};
