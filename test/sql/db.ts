/** DuckDB for the SQL tests: a table of VARCHAR cells, and the qualify_ columns read back. */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { duckdb } from "../../src/sql/dialects/duckdb.js";
import type { Scored } from "./helpers.js";

export async function openDuckDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  return instance.connect();
}

/** Creates `name` with a VARCHAR column per header. */
export async function createTable(
  con: DuckDBConnection,
  name: string,
  headers: readonly string[],
): Promise<void> {
  const table = duckdb.ident(name);
  await con.run(`DROP TABLE IF EXISTS ${table}`);
  await con.run(
    `CREATE TABLE ${table} (${headers.map((h) => `${duckdb.ident(h)} VARCHAR`).join(", ")})`,
  );
}

/** Replaces the rows of `name` with `rows`, cell for cell. */
export async function fillTable(
  con: DuckDBConnection,
  name: string,
  rows: readonly (readonly string[])[],
): Promise<void> {
  await con.run(`DELETE FROM ${duckdb.ident(name)}`);
  const appender = await con.createAppender(name);
  for (const row of rows) {
    for (const cell of row) appender.appendVarchar(cell);
    appender.endRow();
  }
  appender.closeSync();
}

/** A statement that reads the qualify_ columns of a `sql`-mode query, ordered by `idColumn`. */
export function scoresQuery(query: string, idColumn: string): string {
  return `SELECT qualify_verdict, qualify_score, qualify_reasons, qualify_gaps, qualify_warnings, qualify_coverage FROM (${query}) AS q ORDER BY CAST(${duckdb.ident(idColumn)} AS BIGINT)`;
}

/** Rows of scoresQuery(), as the comparison reads them. */
export function readScores(rows: unknown[][]): Scored[] {
  return rows.map((row) => ({
    verdict: row[0] as string,
    score: Number(row[1]),
    reasons: row[2] as string[],
    gaps: row[3] as string[],
    warned: (row[4] as string[]).map((w) => w.slice(0, w.indexOf(":"))),
    coverage: Number(row[5]),
  }));
}
