/**
 * The dialects that cannot run here (BigQuery, Snowflake, Spark) — and the two that can — as
 * text: golden SQL for bant per dialect, and a parse check with node-sql-parser for built-in
 * frameworks that between them use every feature.
 *
 * Golden files change only deliberately: after a change to the compiler or to
 * frameworks/bant.yaml, look at the diff, then regenerate them with
 *   QUALIFY_UPDATE_SQL_GOLDEN=1 npx vitest run test/sql/dialects.test.ts
 *
 * node-sql-parser has no Spark grammar; its Hive grammar reads neither `LATERAL VIEW` nor
 * lambda functions (`x -> …`), both valid Spark SQL. So for Spark each computed column is
 * parsed on its own (`SELECT <expression> AS alias FROM t`), and an array filtered with a
 * lambda is parsed as the array it filters.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import pkg from "node-sql-parser";
import { describe, expect, it } from "vitest";
import { loadFramework } from "../../src/io/frameworks.js";
import { compileSql } from "../../src/sql/compile.js";
import { defaultBindings } from "../../src/sql/columns.js";
import { DIALECT_NAMES, type DialectName } from "../../src/sql/dialect.js";
import { DIALECTS } from "../../src/sql/dialects/index.js";
import { runMain } from "../helpers/cli.js";

const { Parser } = pkg;
const parser = new Parser();
const goldenDir = new URL("./golden/", import.meta.url);
const update = process.env.QUALIFY_UPDATE_SQL_GOLDEN === "1";
/** Between them: every question type, `when`, level gates, maxScore, multi caps. */
const ids = ["bant", "champ", "gpctba-ci", "lead-score", "meddpicc"];

/** node-sql-parser's name for each dialect that it can read whole. */
const PARSERS: Partial<Record<DialectName, string>> = {
  bigquery: "bigquery",
  snowflake: "snowflake",
  postgres: "postgresql",
};

describe("golden SQL for bant", () => {
  for (const dialect of DIALECT_NAMES) {
    it(dialect, async () => {
      const { code, stdout, stderr } = await runMain(["sql", "-f", "bant", "-d", dialect]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const file = new URL(`bant.${dialect}.sql`, goldenDir);
      if (update || !existsSync(file)) writeFileSync(file, stdout);
      expect(stdout).toBe(readFileSync(file, "utf8"));
    });
  }
});

/** Spark's array of non-null parts, `filter(array(…), _q_e -> …)`, as the array alone. */
function withoutLambda(expr: string): string {
  const suffix = ", _q_e -> _q_e IS NOT NULL)";
  return expr.startsWith("filter(array(") && expr.endsWith(suffix)
    ? expr.slice("filter(".length, -suffix.length)
    : expr;
}

describe("node-sql-parser reads the SQL of the built-in frameworks", () => {
  for (const id of ids) {
    it(id, async () => {
      const { compiled } = await loadFramework(id, { cwd: "/nonexistent", env: {} });
      const { bindings } = defaultBindings(compiled);
      for (const [dialect, database] of Object.entries(PARSERS)) {
        const { sql } = compileSql(compiled, {
          dialect: DIALECTS[dialect as DialectName],
          bindings,
        });
        const ast = parser.astify(sql, { database });
        expect(Array.isArray(ast) ? ast.length : 1, `${dialect}: one statement`).toBe(1);
        expect((Array.isArray(ast) ? ast[0]! : ast).type).toBe("select");
      }
      const { stages } = compileSql(compiled, { dialect: DIALECTS.spark, bindings });
      let parsed = 0;
      for (const stage of stages) {
        for (const { alias, expr } of stage) {
          expect(() =>
            parser.astify(`SELECT ${withoutLambda(expr)} AS ${alias} FROM t`, { database: "hive" }),
          ).not.toThrow();
          parsed++;
        }
      }
      expect(parsed).toBeGreaterThan(compiled.questions.length);
    });
  }
});
