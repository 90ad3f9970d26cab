/**
 * The SQL compiler's small parts: word lists that must agree with src/core/coerce.ts, the
 * date arithmetic, `--columns` parsing, literals and comments, and the current-date variant.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { isUnknownWord, parseBoolean } from "../../src/core/coerce.js";
import { loadFramework } from "../../src/io/frameworks.js";
import {
  daysFromCivilSql,
  epochDays,
  FALSE_WORDS,
  TRUE_WORDS,
  UNKNOWN_WORDS,
} from "../../src/sql/cells.js";
import { compileSql } from "../../src/sql/compile.js";
import { bindingsFromHeader, parseColumnList } from "../../src/sql/columns.js";
import {
  commentText,
  escapedString,
  num,
  regexLiteral,
  standardString,
} from "../../src/sql/dialect.js";
import { duckdb } from "../../src/sql/dialects/duckdb.js";
import { createTable, fillTable, openDuckDb, readScores, scoresQuery } from "./db.js";
import { engineScores, firstDifference, headerFor, rowsArbitrary } from "./helpers.js";

let con: DuckDBConnection;
beforeAll(async () => {
  con = await openDuckDb();
});

describe("word lists agree with the engine's", () => {
  it("unknown words", () => {
    for (const word of UNKNOWN_WORDS) expect(isUnknownWord(word), word).toBe(true);
    for (const word of ["no", "none", "0", "n.a.", "unknown!", "dont know"])
      expect(isUnknownWord(word), word).toBe(false);
  });

  it("yes and no", () => {
    for (const word of TRUE_WORDS) expect(parseBoolean(word), word).toBe(true);
    for (const word of FALSE_WORDS) expect(parseBoolean(word), word).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 5 }), (text) => {
        const word = text.trim().toLowerCase();
        const expected = TRUE_WORDS.includes(word)
          ? true
          : FALSE_WORDS.includes(word)
            ? false
            : undefined;
        expect(parseBoolean(text)).toBe(expected);
      }),
    );
  });
});

it("counts days from 1970-01-01 as Date does, in SQL too", async () => {
  const dates = fc.sample(
    fc.date({
      min: new Date("0000-01-01T00:00:00Z"),
      max: new Date("9999-12-31T00:00:00Z"),
      noInvalidDate: true,
    }),
    { numRuns: 300, seed: 1 },
  );
  const isos = [
    ...dates.map((d) => d.toISOString().slice(0, 10)),
    "1970-01-01",
    "2000-02-29",
    "1900-03-01",
    "0000-02-29",
    "0001-01-01",
  ];
  const values = isos.map(
    (iso) => `(${iso.slice(0, 4)}, ${Number(iso.slice(5, 7))}, ${Number(iso.slice(8, 10))})`,
  );
  const rows = await con.runAndReadAll(
    `SELECT CAST(${daysFromCivilSql("y", "m", "d")} AS BIGINT) FROM (VALUES ${values.join(", ")}) AS v(y, m, d)`,
  );
  expect(rows.getRowsJS().map((r) => Number(r[0]))).toEqual(isos.map(epochDays));
  expect(epochDays("1970-01-02")).toBe(1);
});

it("reads --columns as a CSV header line", () => {
  expect(parseColumnList("Id, Budget Status ,Need")).toEqual(["Id", "Budget Status", "Need"]);
  expect(parseColumnList('"Notes, free","say ""hi""",x')).toEqual(["Notes, free", 'say "hi"', "x"]);
  expect(() => parseColumnList("a,,b")).toThrow(/empty/);
  expect(() => parseColumnList('"a')).toThrow(/not closed/);
});

describe("literals, regular expressions and comments", () => {
  it("standard strings double quotes and splice in special characters", () => {
    expect(standardString("O'Brien")).toBe("'O''Brien'");
    expect(standardString("a\\b")).toBe("'a\\b'");
    expect(standardString("a\nb")).toBe("('a' || chr(10) || 'b')");
    expect(standardString("")).toBe("''");
  });

  it("escaped strings use backslash escapes", () => {
    expect(escapedString("O'Brien \\ \n\t\u202e")).toBe("'O\\'Brien \\\\ \\n\\t\\u202e'");
  });

  it("regular expression literals match only themselves", async () => {
    const texts = ["a.b", "$5 | 6", "(x)+", "[x]", "^up", "back\\slash", "{2}?", "*"];
    for (const text of texts) {
      const rows = await con.runAndReadAll(
        `SELECT regexp_matches(${standardString(text)}, ${standardString(`^${regexLiteral(text)}$`)}), regexp_matches(${standardString(`${text}x`)}, ${standardString(`^${regexLiteral(text)}$`)})`,
      );
      expect(rows.getRowsJS(), text).toEqual([[true, false]]);
    }
  });

  it("numbers print as JavaScript prints them", () => {
    expect([num(60), num(59.5), num(-3), num(1e21), num(-0)]).toEqual([
      "60",
      "59.5",
      "(-3)",
      "1e+21",
      "0",
    ]);
  });

  it("comments cannot end early", () => {
    expect(commentText("a\nDROP\r\u2028b")).toBe("a\\u000aDROP\\u000d\\u2028b");
  });
});

it("counts date bands from the current date when no --today is given", async () => {
  await con.run("SET TimeZone = 'UTC'");
  const today = new Date().toISOString().slice(0, 10);
  const { compiled } = await loadFramework(
    "lead-score",
    { cwd: "/nonexistent", env: {} },
    { today },
  );
  const headers = headerFor(compiled);
  const { bindings, mapping } = bindingsFromHeader(compiled, headers);
  const { query } = compileSql(compiled, {
    dialect: duckdb,
    bindings,
    table: "today",
    today: "current",
  });
  expect(query).toContain("CURRENT_DATE");
  const rows = fc.sample(rowsArbitrary(compiled, { minLength: 300, maxLength: 300 }), {
    numRuns: 1,
    seed: 5,
  })[0]!;
  await createTable(con, "today", headers);
  await fillTable(con, "today", rows);
  const sql = readScores((await con.runAndReadAll(scoresQuery(query, "Lead Id"))).getRowsJS());
  expect(
    firstDifference(rows, headers, sql, engineScores(compiled, mapping!, rows)),
  ).toBeUndefined();
});
