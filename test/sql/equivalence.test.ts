/**
 * `qualify sql` on DuckDB gives what the engine gives: for every built-in framework, its golden
 * leads and generated leads (fast-check: odd case and spacing, unknown words, junk, numbers such
 * as `$22,700.00` or `1.2M`, dates in four formats) are loaded as VARCHAR cells, scored by the
 * compiled query, and compared row for row with `evaluate` on the same cells read the batch way
 * (RowAnswers): verdict, score, reasons, gaps, coverage, and which cells could not be read.
 */
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection, DuckDBPreparedStatement } from "@duckdb/node-api";
import { loadFramework } from "../../src/io/frameworks.js";
import { compileSql } from "../../src/sql/compile.js";
import { bindingsFromHeader } from "../../src/sql/columns.js";
import { duckdb } from "../../src/sql/dialects/duckdb.js";
import { createTable, fillTable, openDuckDb, readScores, scoresQuery } from "./db.js";
import {
  checkBatches,
  engineScores,
  firstDifference,
  headerFor,
  rowsArbitrary,
} from "./helpers.js";

const ctx = { cwd: "/nonexistent", env: {} };
const goldenDir = new URL("../golden/", import.meta.url);
const ids = readdirSync(new URL("../../frameworks/", import.meta.url))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""));

interface Golden {
  today?: string;
  leads: Array<{ name: string; answers: Record<string, unknown>; expect: { verdict: string } }>;
}

/** An answer as a CSV cell: lists joined with ';', everything else as text. */
function cellOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(String).join("; ");
  return String(value);
}

let con: DuckDBConnection;
beforeAll(async () => {
  con = await openDuckDb();
});

for (const id of ids) {
  describe(`sql = engine on DuckDB: ${id}`, async () => {
    const golden = parse(readFileSync(new URL(`${id}.yaml`, goldenDir), "utf8")) as Golden;
    const { compiled } = await loadFramework(id, ctx, { today: golden.today ?? "2026-01-15" });
    const headers = headerFor(compiled);
    const { bindings, mapping } = bindingsFromHeader(compiled, headers);
    const { query } = compileSql(compiled, { dialect: duckdb, bindings, table: `leads_${id}` });
    let statement: DuckDBPreparedStatement;

    const compare = async (rows: string[][]) => {
      await fillTable(con, `leads_${id}`, rows);
      const sql = readScores((await statement.runAndReadAll()).getRowsJS());
      return firstDifference(rows, headers, sql, engineScores(compiled, mapping!, rows));
    };

    beforeAll(async () => {
      await createTable(con, `leads_${id}`, headers);
      statement = await con.prepare(scoresQuery(query, "Lead Id"));
    });

    it("golden leads, as CSV cells", async () => {
      const rows = golden.leads.map((lead, i) => [
        String(i + 1),
        ...compiled.questions.map((q) => cellOf(lead.answers[q.id])),
      ]);
      // The cells say what the answers say: the engine still gives the golden verdicts.
      const engine = engineScores(compiled, mapping!, rows);
      expect(engine.map((r) => r.verdict)).toEqual(golden.leads.map((l) => l.expect.verdict));
      expect(await compare(rows)).toBeUndefined();
    });

    it("generated leads with unknowns and odd spellings", async () => {
      await checkBatches(rowsArbitrary(compiled, { minLength: 200, maxLength: 400 }), compare);
    });
  });
}
