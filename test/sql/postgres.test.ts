/**
 * The DuckDB equivalence, on a real PostgreSQL server: golden and generated leads for a few
 * built-in frameworks (between them every question type and `when`), and the hostile framework,
 * scored by the compiled query and compared row for row with the engine.
 *
 * The test starts its own server (initdb in a temp dir, pg_ctl on a free 127.0.0.1 port, unix
 * socket in the temp dir), talks to it with psql and stops it after, also on failure. Without
 * pg_ctl, initdb and psql (Debian: `apt-get install postgresql`; as root, a `postgres` user to
 * run the server) it is skipped with the reason. Run it alone with:
 *   npx vitest run test/sql/postgres.test.ts
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledFramework } from "../../src/core/compile.js";
import { loadFramework } from "../../src/io/frameworks.js";
import type { ColumnMap } from "../../src/io/mapping.js";
import { compileSql } from "../../src/sql/compile.js";
import { bindingsFromHeader } from "../../src/sql/columns.js";
import { postgres } from "../../src/sql/dialects/postgres.js";
import { engineScores, firstDifference, headerFor, rowsArbitrary, type Scored } from "./helpers.js";
import { HEADERS, hostile, MAP, PAYLOADS, TABLE } from "./hostile.js";
import { findPostgres, PgServer } from "./postgres-server.js";

const tools = findPostgres();

/** A CSV line PostgreSQL's COPY reads back as exactly these texts. */
const csvLine = (cells: readonly string[]) =>
  `${cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")}\n`;

/** Postgres text cannot hold NUL; the rows lose it on both sides. */
const clean = (rows: string[][]) => rows.map((row) => row.map((c) => c.replaceAll("\u0000", "")));

async function scoresOnPostgres(
  pg: PgServer,
  compiled: CompiledFramework,
  table: string,
  headers: string[],
  rows: string[][],
  map?: ColumnMap,
): Promise<string | undefined> {
  const { bindings, mapping } = bindingsFromHeader(compiled, headers, map);
  const { query } = compileSql(compiled, { dialect: postgres, bindings, table });
  const name = postgres.ident(table);
  await pg.psql(`DROP TABLE IF EXISTS ${name}`);
  await pg.psql(
    `CREATE TABLE ${name} (${headers.map((h) => `${postgres.ident(h)} TEXT`).join(", ")})`,
  );
  await pg.psql(`COPY ${name} FROM STDIN WITH (FORMAT csv)`, rows.map(csvLine).join(""));
  const json = await pg.psql(
    `SELECT json_agg(json_build_object('verdict', qualify_verdict, 'score', qualify_score, 'reasons', qualify_reasons, 'gaps', qualify_gaps, 'warned', qualify_warnings, 'coverage', qualify_coverage) ORDER BY CAST(${postgres.ident(headers[0]!)} AS INTEGER)) FROM (${query}) AS q`,
  );
  const sql = (JSON.parse(json) as Scored[]).map((row) => ({
    ...row,
    warned: row.warned.map((w) => w.slice(0, w.indexOf(":"))),
  }));
  return firstDifference(rows, headers, sql, engineScores(compiled, mapping!, rows));
}

if (typeof tools === "string") {
  describe("sql = engine on PostgreSQL", () => {
    it.skip(`skipped: ${tools}`, () => {});
  });
  console.warn(`test/sql/postgres.test.ts skipped: ${tools}`);
} else {
  describe("sql = engine on PostgreSQL", () => {
    let pg: PgServer;
    beforeAll(async () => {
      pg = await PgServer.start(tools);
    }, 60_000);
    afterAll(async () => {
      await pg?.stop();
    });

    for (const id of ["bant", "lead-score", "meddpicc"]) {
      it(
        id,
        async () => {
          const golden = parse(
            readFileSync(new URL(`../golden/${id}.yaml`, import.meta.url), "utf8"),
          ) as {
            today?: string;
            leads: Array<{ answers: Record<string, unknown> }>;
          };
          const { compiled } = await loadFramework(
            id,
            { cwd: "/nonexistent", env: {} },
            {
              today: golden.today ?? "2026-01-15",
            },
          );
          const generated = fc.sample(rowsArbitrary(compiled, { minLength: 500, maxLength: 500 }), {
            numRuns: 1,
            seed: 42,
          })[0]!;
          const goldenRows = golden.leads.map((lead) =>
            compiled.questions.map((q) => {
              const value = lead.answers[q.id];
              return value === undefined || value === null
                ? ""
                : Array.isArray(value)
                  ? value.join("; ")
                  : String(value);
            }),
          );
          const rows = clean([...generated.map((r) => r.slice(1)), ...goldenRows]).map((r, i) => [
            String(i + 1),
            ...r,
          ]);
          expect(
            await scoresOnPostgres(pg, compiled, `leads ${id}`, headerFor(compiled), rows),
          ).toBeUndefined();
        },
        60_000,
      );
    }

    it("hostile framework, map and names; nothing else runs", async () => {
      await pg.psql("CREATE TABLE victim (x integer)");
      const generated = fc.sample(rowsArbitrary(hostile, { minLength: 300, maxLength: 300 }), {
        numRuns: 1,
        seed: 7,
      })[0]!;
      const rows = clean([
        ...generated.map((r) => [...r, "x"]),
        ["301", PAYLOADS[3]!, "it's; quotes", "story", ""],
      ]);
      expect(await scoresOnPostgres(pg, hostile, TABLE, HEADERS, rows, MAP)).toBeUndefined();
      expect((await pg.psql("SELECT count(*) FROM victim")).trim()).toBe("0");
    }, 60_000);
  });
}
