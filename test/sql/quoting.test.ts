/**
 * Nothing in a framework, a map file or a table name can change the query: every text goes
 * through the dialect's identifier or string quoting. A framework full of quotes, backslashes,
 * comment markers, regex metacharacters and `DROP TABLE victim` payloads, a table and columns
 * with hostile names:
 * - on DuckDB, the query runs, scores as the engine does, and the victim table survives;
 * - in every dialect, a lexer that knows the dialect's quoting finds the payloads only inside
 *   string literals, quoted identifiers and comments (and literals decode to the exact text);
 * - BigQuery's parser reads one SELECT over the one table.
 */
import pkg from "node-sql-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { DialectName } from "../../src/sql/dialect.js";
import { DIALECTS } from "../../src/sql/dialects/index.js";
import { duckdb } from "../../src/sql/dialects/duckdb.js";
import { compileSql } from "../../src/sql/compile.js";
import { bindingsFromHeader, defaultBindings } from "../../src/sql/columns.js";
import { createTable, fillTable, openDuckDb, readScores, scoresQuery } from "./db.js";
import { checkBatches, engineScores, firstDifference, rowsArbitrary } from "./helpers.js";
import { HEADERS, hostile, MAP, PAYLOADS, TABLE, VIEW } from "./hostile.js";

const { Parser } = pkg;

/** Pieces of `sql` outside literals, quoted identifiers and comments; literal values decoded. */
function lex(
  sql: string,
  dialect: DialectName,
): { code: string; literals: string[]; comments: string[] } {
  const backslashes = dialect === "bigquery" || dialect === "snowflake" || dialect === "spark";
  let code = "";
  const literals: string[] = [];
  const comments: string[] = [];
  let i = 0;
  const decode = (escape: string): string => {
    const map: Record<string, string> = { n: "\n", r: "\r", t: "\t" };
    return map[escape] ?? escape;
  };
  const quoted = (close: string, escapes: boolean, doubled: boolean): string => {
    let value = "";
    i++;
    for (;;) {
      if (i >= sql.length) throw new Error(`unterminated ${close} in ${dialect}`);
      const ch = sql[i]!;
      if (escapes && ch === "\\") {
        if (sql[i + 1] === "u") {
          value += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          value += decode(sql[i + 1]!);
          i += 2;
        }
        continue;
      }
      if (ch === close) {
        if (doubled && sql[i + 1] === close) {
          value += close;
          i += 2;
          continue;
        }
        i++;
        return value;
      }
      value += ch;
      i++;
    }
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      comments.push(sql.slice(i, end < 0 ? sql.length : end));
      i = end < 0 ? sql.length : end;
    } else if (ch === "'") {
      literals.push(quoted("'", backslashes, !backslashes));
      code += " ";
    } else if (ch === '"') {
      // An identifier in DuckDB, Postgres and Snowflake; a string in BigQuery and Spark.
      const value = quoted(
        '"',
        backslashes && dialect !== "snowflake",
        !backslashes || dialect === "snowflake",
      );
      if (dialect === "bigquery" || dialect === "spark") literals.push(value);
      code += " ";
    } else if (ch === "`" && (dialect === "bigquery" || dialect === "spark")) {
      quoted("`", dialect === "bigquery", dialect === "spark");
      code += " ";
    } else {
      code += ch;
      i++;
    }
  }
  return { code, literals, comments };
}

let con: DuckDBConnection;
beforeAll(async () => {
  con = await openDuckDb();
  await con.run("CREATE TABLE victim (x INTEGER)");
});

describe("hostile frameworks, maps and names", () => {
  it("run on DuckDB as the engine scores them, and nothing else runs", async () => {
    const { bindings, mapping } = bindingsFromHeader(hostile, HEADERS, MAP);
    const { query, sql } = compileSql(hostile, {
      dialect: duckdb,
      bindings,
      table: TABLE,
      notes: HEADERS,
    });
    await createTable(con, TABLE, HEADERS);
    const statement = await con.prepare(scoresQuery(query, "Lead Id"));
    const cells = rowsArbitrary(hostile, { minLength: 100, maxLength: 200 }).map((rows) =>
      rows.map((row) => [...row, "x"]),
    );
    await checkBatches(
      cells,
      async (rows) => {
        await fillTable(con, TABLE, rows);
        const got = readScores((await statement.runAndReadAll()).getRowsJS());
        return firstDifference(rows, HEADERS, got, engineScores(hostile, mapping!, rows));
      },
      3,
    );
    // The whole statement, comments and all, runs as one query.
    await con.run(sql);
    // A row that fires every payload rule: reasons carry the payloads verbatim.
    await fillTable(con, TABLE, [["1", PAYLOADS[3]!, "it's; quotes", "story", ""]]);
    const [row] = readScores((await statement.runAndReadAll()).getRowsJS());
    expect(row!.reasons[0]).toBe(`Opportunity: ${PAYLOADS[0]}`);
    expect((await con.runAndReadAll("SELECT count(*) FROM victim")).getRowsJS()).toEqual([[0n]]);
  });

  it("make a view with a hostile name on DuckDB", async () => {
    const { sql } = compileSql(hostile, {
      dialect: duckdb,
      bindings: bindingsFromHeader(hostile, HEADERS, MAP).bindings,
      table: TABLE,
      view: VIEW,
    });
    await con.run(sql);
    const rows = await con.runAndReadAll(`SELECT count(*) FROM ${duckdb.ident(VIEW)}`);
    expect(rows.getRowsJS()).toEqual([[1n]]);
    expect((await con.runAndReadAll("SELECT count(*) FROM victim")).getRowsJS()).toEqual([[0n]]);
  });

  for (const name of Object.keys(DIALECTS) as DialectName[]) {
    it(`keep every payload inside quotes in ${name}`, () => {
      const d = DIALECTS[name];
      for (const [bindings, view] of [
        [bindingsFromHeader(hostile, HEADERS, MAP).bindings, undefined],
        [defaultBindings(hostile, MAP).bindings, VIEW],
      ] as const) {
        const { sql } = compileSql(hostile, {
          dialect: d,
          bindings,
          table: TABLE,
          view,
          notes: HEADERS,
        });
        const { code, literals, comments } = lex(sql, name);
        expect(code.toLowerCase()).not.toContain("victim");
        expect(code).not.toMatch(/DROP/i);
        // A comment never swallows a line break: the header lines are still comments.
        for (const comment of comments) expect(comment).not.toMatch(/[\r\u2028\u2029]/);
        expect(sql.split("\n").filter((l) => l.startsWith("--")).length).toBeGreaterThanOrEqual(
          HEADERS.length,
        );
        // Literals decode to the exact texts (DuckDB and Postgres splice special characters in
        // with chr(), so only plain payloads are whole literals there).
        const plain = PAYLOADS.filter((p) => !/[\n\r\t\u00a0\u202e]/.test(p));
        for (const payload of name === "duckdb" || name === "postgres" ? plain : PAYLOADS)
          expect(literals).toContain(`Opportunity: ${payload}`);
      }
    });
  }

  it("parse as one SELECT of the one table in BigQuery", () => {
    // node-sql-parser does not read \` inside a backquoted name (BigQuery does): no backquotes.
    const table = TABLE.replaceAll("`", "");
    const headers = HEADERS.map((h) => h.replaceAll("`", ""));
    const map = { ...MAP, story: { ...MAP.story, column: MAP.story!.column!.replaceAll("`", "") } };
    const { sql } = compileSql(hostile, {
      dialect: DIALECTS.bigquery,
      bindings: bindingsFromHeader(hostile, headers, map).bindings,
      table,
    });
    const parser = new Parser();
    const ast = parser.astify(sql, { database: "bigquery" });
    expect(Array.isArray(ast) ? ast.length : 1).toBe(1);
    const tables = parser.tableList(sql, { database: "bigquery" });
    expect(tables.filter((t) => !/::_q_s\d+$/.test(t))).toEqual([`select::null::${table}`]);
  });
});
