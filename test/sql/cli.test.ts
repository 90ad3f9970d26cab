/**
 * `qualify sql` as users run it: the printed statement (comments, --view, --table, --columns,
 * --map, -o), usage errors, and `--run`, whose output must be what `qualify batch` writes for
 * the same file, row for row and in the same order.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { loadFramework } from "../../src/io/frameworks.js";
import { csvField } from "../../src/io/csv/writer.js";
import { duckdb } from "../../src/sql/dialects/duckdb.js";
import { runBin, runMain } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { openDuckDb } from "./db.js";
import { rowsArbitrary } from "./helpers.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const LEADS = join(ROOT, "examples/leads.csv");

let con: DuckDBConnection;
beforeAll(async () => {
  con = await openDuckDb();
});

/** Records of a CSV text (BOM dropped). */
function records(text: string, delimiter = ","): string[][] {
  return parse(text.replace(/^\uFEFF/, ""), { delimiter, relax_column_count: true }) as string[][];
}

/** batch's output and sql --run's for the same file agree, warnings up to batch's "Did you mean". */
async function expectSameAsBatch(
  file: string,
  args: string[] = ["-f", "bant"],
  delimiter = ",",
): Promise<{ rows: string[][]; text: string }> {
  const batch = await runMain(["batch", file, ...args, "-q"]);
  const sql = await runMain(["sql", "--run", file, ...args, "-q"]);
  expect(sql.stderr).toBe("");
  expect(sql.code).toBe(batch.code);
  const [want, got] = [records(batch.stdout, delimiter), records(sql.stdout, delimiter)];
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [w, g] = [want[i]!, got[i]!];
    // Every column but the warnings, exactly. Warnings are compared question by question in
    // equivalence.test.ts; here: the same rows have them, naming the same first question.
    expect(g.slice(0, -1), `row ${i}`).toEqual(w.slice(0, -1));
    expect(g.at(-1) === "", `row ${i} warnings`).toBe(w.at(-1) === "");
    expect(g.at(-1)!.split(":")[0]).toBe(w.at(-1)!.split(":")[0]);
  }
  return { rows: got, text: sql.stdout };
}

describe("qualify sql prints one statement", () => {
  it("with the framework, dialect and columns in comments", async () => {
    const { code, stdout, stderr } = await runMain([
      "sql",
      "-f",
      "bant",
      "-d",
      "postgres",
      "--table",
      "crm.leads",
      "--view",
      "crm.scored_leads",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const { compiled } = await loadFramework("bant", { cwd: ROOT, env: {} });
    expect(stdout).toMatch(
      new RegExp(`^-- qualify: framework bant 1\\.0\\.0 \\(BANT\\), sha256 ${compiled.hash}\\n`),
    );
    expect(stdout).toContain('--   budget          <- "Budget"\n');
    expect(stdout).toContain('CREATE OR REPLACE VIEW "crm"."scored_leads" AS\nSELECT');
    expect(stdout).toContain('FROM "crm"."leads" AS t');
    expect(stdout.trimEnd().endsWith(";")).toBe(true);
    expect(stdout.match(/;\s*$/gm)?.length).toBe(1);
  });

  it("mapped from --columns and --map as batch maps a header, and runs", async () => {
    const dir = tempDir({
      "map.yaml":
        "authority:\n  column: Buyer Role\n  values: { DM: decision_maker, User: none }\n",
    });
    const out = join(dir, "bant.sql");
    const { code, stdout } = await runMain([
      "sql",
      "-f",
      "bant",
      "-d",
      "duckdb",
      "--columns",
      'Id,"Budget Status",Buyer Role,Need,Timeline,"Notes, free"',
      "--map",
      join(dir, "map.yaml"),
      "--table",
      "crm leads",
      "-o",
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    const sql = readFileSync(out, "utf8");
    expect(sql).toContain('--   authority       <- "Buyer Role" (with 2 value(s) from --map)');
    expect(sql).toContain("--   capacity        <- no column: unknown for every row");
    expect(readdirSync(dir).sort()).toEqual(["bant.sql", "map.yaml"]);
    await con.run(
      `CREATE OR REPLACE TABLE "crm leads" AS SELECT * FROM (VALUES ('1', 'Yes', 'DM', 'Critical', 'ASAP', 'x'), ('2', 'No', 'User', 'No Need', 'Later', NULL)) AS v("Id", "Budget Status", "Buyer Role", "Need", "Timeline", "Notes, free")`,
    );
    const rows = (
      await con.runAndReadAll(
        `SELECT "Id", qualify_verdict, CAST(qualify_score AS INTEGER) FROM (${sql.replace(/;\s*$/, "")}) ORDER BY 1`,
      )
    ).getRowsJS();
    expect(rows).toEqual([
      ["1", "qualified", 75],
      ["2", "disqualified", 4],
    ]);
  });

  it("--columns-from reads the table's columns from a CSV export, as batch maps its header", async () => {
    // The question is `pain_level`; the export's column is `Pain Level`, which batch finds by
    // its id rule. Without the header, the query could only guess `pain_level`.
    const dir = tempDir({
      "pain.yaml": `id: pain
name: Pain
version: 1.0.0
summary: One question.
source: tests
criteria:
  - id: pain
    label: Pain
    level: opportunity
    questions:
      - id: pain_level
        text: How much does it hurt?
        type: choice
        options:
          - { value: high, label: High, points: 10 }
          - { value: low, label: Low, points: 0 }
verdict:
  qualified: { minScore: 50 }
  actions: { qualified: Go., nurture: Wait., disqualified: Stop. }
`,
      "leads.csv": "Lead,Pain Level\nA,High\nB,Low\nC,\n",
    });
    const [framework, leads] = [join(dir, "pain.yaml"), join(dir, "leads.csv")];
    const guessed = await runBin(["sql", "-f", framework, "-d", "duckdb"], { cwd: dir });
    expect(guessed.stdout).toContain('--   pain_level <- "pain_level"');
    expect(guessed.stdout).toMatch(
      /a column the table lacks fails in the database: pass --columns-from/,
    );

    const { code, stdout, stderr } = await runBin(
      ["sql", "-f", framework, "-d", "duckdb", "--columns-from", "leads.csv"],
      { cwd: dir },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain('--   pain_level <- "Pain Level"');
    await con.run(
      `CREATE OR REPLACE TABLE leads AS SELECT * FROM read_csv(${duckdb.string(leads)}, header = true, all_varchar = true)`,
    );
    const rows = (
      await con.runAndReadAll(
        `SELECT "Lead", qualify_verdict FROM (${stdout.replace(/;\s*$/, "")}) ORDER BY 1`,
      )
    ).getRowsJS();
    const batch = records(
      (await runBin(["batch", "leads.csv", "-f", framework, "-q"], { cwd: dir })).stdout,
    );
    const verdict = batch[0]!.indexOf("qualify_verdict");
    expect(rows).toEqual(batch.slice(1).map((r) => [r[0], r[verdict]]));
    expect(rows.map((r) => r[1])).toEqual(["qualified", "nurture", "nurture"]);
    expect(readdirSync(dir).sort()).toEqual(["leads.csv", "pain.yaml"]);
  });

  it("refuses what it cannot do, with exit 2 and a hint", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["sql", "-f", "bant"], /missing --dialect/],
      [["sql", "-f", "bant", "-d", "oracle"], /--dialect 'oracle' is not supported/],
      [
        ["sql", "-f", "bant", "-d", "bigquery", "--run", LEADS],
        /--run executes the query with DuckDB/,
      ],
      [["sql", "-f", "bant", "--run", LEADS, "--view", "v"], /--view and --run/],
      [["sql", "-f", "bant", "--run", LEADS, "--columns", "a,b"], /--columns and --run/],
      [["sql", "-f", "bant", "--run", LEADS, "--columns-from", LEADS], /--columns-from and --run/],
      [
        ["sql", "-f", "bant", "-d", "duckdb", "--columns", "a", "--columns-from", LEADS],
        /--columns and --columns-from do not go together/,
      ],
      [
        ["sql", "-f", "bant", "-d", "duckdb", "--columns-from", "nope.csv"],
        /CSV file not found: nope.csv\n {2}hint: Check the path\.\n/,
      ],
      [
        ["sql", "-f", "bant", "-d", "duckdb", "--delimiter", ";"],
        /--delimiter applies only with --run/,
      ],
      [["sql", "-f", "bant", "-d", "duckdb", "--columns", "a,,b"], /a column name is empty/],
      [["sql", "-f", "bant", "--run", "nope.csv"], /data file not found: nope.csv/],
      [
        ["sql", "-f", "bant", "--run", LEADS, "-o", LEADS],
        /refusing to write the output over the input/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runMain(args);
      expect(stderr, args.join(" ")).toMatch(message);
      expect(code, args.join(" ")).toBe(2);
    }
  });

  it("takes 'postgresql' for postgres", async () => {
    const { code, stdout } = await runMain(["sql", "-f", "bant", "-d", "PostgreSQL"]);
    expect(code).toBe(0);
    expect(stdout).toContain("CROSS JOIN LATERAL");
  });
});

describe("qualify sql --run writes what batch writes", () => {
  it("reads Excel's sep= line as the delimiter, and writes it back, as batch does", async () => {
    const input =
      "sep=;\r\nId;Budget;Decision Role;Business Need;Purchase Timeframe\r\n" +
      "1;Yes;Decision Maker;Critical;ASAP\r\n2;x\r\n3;No;Influencer;Nice to have;Next year\r\n";
    const dir = tempDir({ "excel.csv": input });
    const file = join(dir, "excel.csv");
    const batch = await runMain(["batch", file, "-f", "bant"]);
    const sql = await runMain(["sql", "--run", file, "-f", "bant"]);
    expect(batch.code).toBe(0);
    expect(sql.stdout).toBe(batch.stdout);
    expect(batch.stdout).toMatch(/^sep=;\r\nId;Budget;.*;qualify_verdict;/);
    expect(
      batch.stdout
        .split("\r\n")
        .slice(2, 4)
        .map((row) => row.split(";")[5]),
    ).toEqual(["qualified", "disqualified"]);
    for (const { stderr } of [batch, sql]) {
      expect(stderr).toMatch(/2 rows scored/);
      expect(stderr).toMatch(/skipped: 1 line[^]*line 4: 2 fields where the header has 5/);
    }
  });

  it("lists the lines it skips as batch does, after quoted line breaks and blank lines", async () => {
    const input = 'Id,Budget,Notes\r\n1,Yes,"a\r\nb\r\nc"\r\n2,maybe,x\r\n\r\n3,x\r\n4,No,y\r\n';
    const dir = tempDir({ "ln.csv": input });
    const file = join(dir, "ln.csv");
    const skips = (stderr: string) => stderr.slice(stderr.indexOf("skipped:"));
    const batch = await runMain(["batch", file, "-f", "bant"]);
    const sql = await runMain(["sql", "--run", file, "-f", "bant"]);
    expect(skips(batch.stderr)).toMatch(
      /^skipped: 2 lines[^]*line 6: blank line\n[^]*line 7: 2 fields/,
    );
    expect(skips(sql.stderr)).toBe(skips(batch.stderr));
    expect(sql.stdout).toBe(batch.stdout);
  });

  it("refuses a file none of whose columns feeds a question, as batch does", async () => {
    const dir = tempDir({ "other.csv": "Id,Foo\n1,2\n" });
    const run = await runMain(["sql", "-f", "bant", "--run", join(dir, "other.csv")]);
    const batch = await runMain(["batch", join(dir, "other.csv"), "-f", "bant"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(batch.stderr);
    expect(run.stderr).toMatch(/no column of .*other\.csv feeds a question of BANT/);
    expect(run.stdout).toBe("");
  });

  it("refuses a quoted field that is never closed, as batch does, and writes nothing", async () => {
    const input = 'Id,Budget,Notes\n1,Yes,"oops\n2,Yes,b\n3,Yes,c\n';
    const dir = tempDir({ "leads.csv": input });
    for (const args of [["-o", join(dir, "out.csv")], []]) {
      const run = await runMain(["sql", "-f", "bant", "--run", join(dir, "leads.csv"), ...args]);
      const batch = await runMain(["batch", join(dir, "leads.csv"), "-f", "bant", ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(batch.stderr);
      expect(run.stdout).toBe("");
    }
    expect(readdirSync(dir)).toEqual(["leads.csv"]);
    expect(readFileSync(join(dir, "leads.csv"), "utf8")).toBe(input);
  });

  it("for the Salesforce example (footer lines, an unreadable value)", async () => {
    const { rows: got } = await expectSameAsBatch(LEADS);
    expect(got.at(-1)!.at(-1)).toBe("budget: 'maybe' is not one of the options.");
    expect(got[0]!.slice(-5)).toEqual([
      "qualify_verdict",
      "qualify_score",
      "qualify_reasons",
      "qualify_gaps",
      "qualify_warnings",
    ]);
    const { code, stderr } = await runMain([
      "sql",
      "-f",
      "bant",
      "--run",
      LEADS,
      "-o",
      join(tempDir(), "out.csv"),
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain("10 rows scored with bant 1.0.0 with DuckDB in");
    expect(stderr).toContain("qualified 5 · nurture 2 · disqualified 3");
    expect(stderr).toContain("warnings: 1 row had values that could not be read");
    // As batch counts them: the blank line too, by the line numbers of the file.
    expect(stderr).toMatch(
      /skipped: 4 lines[^]*line 12: blank line\n[^]*line 13: 1 field where the header has 10/,
    );
  });

  it("for generated exports: BOM, CRLF, ';', quoted line breaks, odd cells, in order", async () => {
    const dir = tempDir();
    for (const id of ["bant", "lead-score", "meddpicc"]) {
      const { compiled } = await loadFramework(id, { cwd: ROOT, env: {} }, { today: "2026-03-02" });
      const header = [
        "Id",
        ...compiled.questions.map((q) => q.def.columns?.[0] ?? q.id),
        "Notes; more",
      ];
      const sample = fc.sample(rowsArbitrary(compiled, { minLength: 400, maxLength: 400 }), {
        numRuns: 1,
        seed: 3,
      })[0]!;
      // Rows repeat, in order, under new ids: the output must keep the order.
      const copies = id === "bant" ? 20 : 2;
      const lines = [header.map((h) => csvField(h, ";")).join(";")];
      for (let c = 0; c < copies; c++) {
        sample.forEach((row, i) => {
          const cells = [
            String(c * sample.length + i + 1),
            ...row.slice(1),
            i % 7 === 0 ? 'line\r\nbreak; "quoted"' : "",
          ];
          lines.push(cells.map((cell) => csvField(cell, ";")).join(";"));
        });
      }
      lines.push('"Grand Totals (many records)"');
      const file = join(dir, `${id}.csv`);
      writeFileSync(file, `\uFEFF${lines.join("\r\n")}\r\n`);
      const { rows, text } = await expectSameAsBatch(
        file,
        ["-f", id, "--today", "2026-03-02"],
        ";",
      );
      expect(rows.length).toBe(copies * sample.length + 1);
      expect(text.startsWith("\uFEFF")).toBe(true);
      expect(text.endsWith("\r\n")).toBe(true);
    }
  }, 60_000);

  it("writes -o atomically, with the input's BOM and line endings", async () => {
    const dir = tempDir({ "in.csv": "\uFEFFBudget,Need\r\nYes,Critical\r\nNo,\r\n" });
    const out = join(dir, "scored.csv");
    const { code } = await runMain([
      "sql",
      "-f",
      "bant",
      "--run",
      join(dir, "in.csv"),
      "-o",
      out,
      "-q",
    ]);
    expect(code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text.startsWith("\uFEFFBudget,Need,qualify_verdict,")).toBe(true);
    expect(text.split("\r\n").length).toBe(4);
    expect(readdirSync(dir).sort()).toEqual(["in.csv", "scored.csv"]);
  });

  it("for a header with duplicate and empty names", async () => {
    const dir = tempDir({
      "dup.csv": 'Notes,NOTES,,Budget,Need\nx,y,z,Yes,Critical\n,,,"Planned",\n',
    });
    const { rows } = await expectSameAsBatch(join(dir, "dup.csv"));
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ["Notes", "NOTES", "", "Budget", "Need", "qualify_verdict"],
      ["x", "y", "z", "Yes", "Critical", "nurture"],
      ["", "", "", "Planned", "", "nurture"],
    ]);
  });

  it("reads a row with a multi-megabyte notes cell, as batch does, and lists a line over 8 MB", async () => {
    const rows = (notes: string) =>
      `Budget,Need,Notes\nYes,Critical,short\nNo,Nice to have,"${notes}"\nYes,,short\n`;
    const dir = tempDir({
      "long.csv": rows("x".repeat(3 << 20)),
      "huge.csv": rows("x".repeat(9 << 20)),
    });
    const { rows: long } = await expectSameAsBatch(join(dir, "long.csv"));
    expect(long.length).toBe(4);
    expect(long[2]![2]!.length).toBe(3 << 20);

    const huge = await runMain(["sql", "--run", join(dir, "huge.csv"), "-f", "bant"]);
    expect(huge.code).toBe(0);
    expect(records(huge.stdout).map((r) => r[0])).toEqual(["Budget", "Yes", "Yes"]);
    expect(huge.stderr).toMatch(/skipped: 1 line[^\n]*\n\s+line 3: /);
    expect(readFileSync(join(dir, "huge.csv"), "utf8").length).toBe(
      'Budget,Need,Notes\nYes,Critical,short\nNo,Nice to have,""\nYes,,short\n'.length + (9 << 20),
    );
  }, 60_000);
  it("reads Parquet", async () => {
    const dir = tempDir();
    const parquet = join(dir, "leads.parquet");
    await con.run(
      `COPY (SELECT * FROM read_csv('${LEADS}', header = true, all_varchar = true, ignore_errors = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    const fromCsv = records((await runMain(["sql", "-f", "bant", "--run", LEADS, "-q"])).stdout);
    const fromParquet = records(
      (await runMain(["sql", "-f", "bant", "--run", parquet, "-q"])).stdout,
    );
    expect(fromParquet.map((r) => r.slice(-5, -1))).toEqual(fromCsv.map((r) => r.slice(-5, -1)));
    expect(existsSync(parquet)).toBe(true);
  });

  it("fails before writing when --map names a column the file lacks", async () => {
    const dir = tempDir({ "map.yaml": "budget: Budget Status\n" });
    const out = join(dir, "out.csv");
    const { code, stderr } = await runMain([
      "sql",
      "-f",
      "bant",
      "--run",
      LEADS,
      "--map",
      join(dir, "map.yaml"),
      "-o",
      out,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("--map names the column 'Budget Status' for 'budget'");
    expect(existsSync(out)).toBe(false);
  });
});
