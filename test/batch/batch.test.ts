/** `qualify batch` through the built binary, on real exports and on every awkward input. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const SHARED = join(ROOT, "../shared/data");
const LEAD_CSV = join(SHARED, "salesforce-devorg/Lead.csv");
const hasShared = existsSync(LEAD_CSV);

const bantHeader = "Lead,Budget,Authority,Need,Timeline";
const bantRows = [
  "Acme,Yes,Decision Maker,Critical,ASAP",
  "Globex,No Budget,End User,Nice to Have,Next Year",
  "Initech,Planned,Influencer,Clear,This Year",
];
const bantCsv = (eol = "\n") => [bantHeader, ...bantRows].join(eol) + eol;

const rowsOf = (text: string, delimiter = ",") =>
  parse(text, { delimiter, bom: true, relax_column_count: true }) as string[][];

describe("qualify batch: output", () => {
  it("keeps every input column unchanged and appends the qualify_ columns", async () => {
    const dir = tempDir({ "leads.csv": bantCsv() });
    const { code, stdout, stderr } = await runBin(["batch", join(dir, "leads.csv"), "-f", "bant"]);
    expect(code).toBe(0);
    const rows = rowsOf(stdout);
    expect(rows[0]).toEqual([
      "Lead",
      "Budget",
      "Authority",
      "Need",
      "Timeline",
      "qualify_verdict",
      "qualify_score",
      "qualify_reasons",
      "qualify_gaps",
      "qualify_warnings",
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[5]])).toEqual([
      ["Acme", "qualified"],
      ["Globex", "disqualified"],
      ["Initech", "nurture"],
    ]);
    expect(stdout.split("\n")[1]!.startsWith("Acme,Yes,Decision Maker,Critical,ASAP,")).toBe(true);
    expect(rows[2]![7]).toMatch(/^Opportunity: No budget and no real pain/);
    expect(stderr).toMatch(/3 rows scored with bant 1\.0\.0/);
    expect(stderr).toMatch(/qualified 1 · nurture 1 · disqualified 1/);
  });

  it("writes JSON lines with --format jsonl and filters with --only", async () => {
    const { code, stdout } = await runBin(
      ["batch", "-", "-f", "bant", "--format", "jsonl", "--only", "qualified,nurture"],
      { stdin: bantCsv() },
    );
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.row.Lead, l.verdict])).toEqual([
      [2, "Acme", "qualified"],
      [4, "Initech", "nurture"],
    ]);
    expect(lines[0]).toMatchObject({ schemaVersion: 1, score: expect.any(Number), warnings: [] });
  });

  it("keeps columns named like object internals in JSON lines", async () => {
    const { stdout } = await runBin(["batch", "-", "-f", "bant", "--format", "jsonl", "-q"], {
      stdin: "__proto__,Budget,constructor\nx,Yes,y\n",
    });
    expect(Object.entries(JSON.parse(stdout).row)).toEqual([
      ["__proto__", "x"],
      ["Budget", "Yes"],
      ["constructor", "y"],
    ]);
  });

  it("reads CRLF, a BOM, quoted newlines and ; delimiters, and keeps them", async () => {
    const text =
      '\uFEFFLead;Budget;Need;Notes\r\n"Acme; Inc";Yes;Critical;"two\r\nlines"\r\nGlobex;No Budget;None;plain\r\n';
    const { code, stdout } = await runBin(["batch", "-", "-f", "bant"], { stdin: text });
    expect(code).toBe(0);
    expect(stdout.startsWith("\uFEFFLead;Budget;Need;Notes;qualify_verdict;")).toBe(true);
    expect(stdout).toContain('"Acme; Inc";Yes;Critical;"two\r\nlines";');
    expect(stdout.split("\r\n").length).toBe(5);
    const rows = rowsOf(stdout, ";");
    expect(rows.map((r) => r[4])).toEqual(["qualify_verdict", "nurture", "disqualified"]);
  });

  it("reads tab-separated files", async () => {
    const { code, stdout } = await runBin(["batch", "-", "-f", "bant"], {
      stdin: "Budget\tNeed\nYes\tCritical\n",
    });
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      "Budget\tNeed\tqualify_verdict\tqualify_score\tqualify_reasons\tqualify_gaps\tqualify_warnings",
    );
  });

  it("skips and counts footers and blank lines, with their line numbers", async () => {
    const text = `${bantCsv()}\n"Grand Totals (3 records)"\n"Confidential Information - Do Not Distribute"\n`;
    const { code, stdout, stderr } = await runBin(["batch", "-", "-f", "bant"], { stdin: text });
    expect(code).toBe(0);
    expect(rowsOf(stdout)).toHaveLength(4);
    expect(stderr).toMatch(/skipped: 3 lines that are not a data row/);
    expect(stderr).toMatch(/line 5: blank line/);
    expect(stderr).toMatch(/line 6: 1 field where the header has 5/);
  });

  it("makes an unreadable value unknown, warns, and fails with --strict", async () => {
    const text = "Budget,Need\nmaybe,Critical\nYes,Critical\n";
    const lenient = await runBin(["batch", "-", "-f", "bant"], { stdin: text });
    expect(lenient.code).toBe(0);
    const rows = rowsOf(lenient.stdout);
    expect(rows[1]![6]).toBe("budget: 'maybe' is not one of the options.");
    expect(lenient.stderr).toMatch(/warnings: 1 row had values that could not be read/);
    expect(lenient.stderr).toMatch(/line 2: budget: 'maybe'/);
    const strict = await runBin(["batch", "-", "-f", "bant", "--strict"], { stdin: text });
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/--strict: 1 row had values that could not be read/);
    expect(rowsOf(strict.stdout)).toHaveLength(3);
  });

  it("keeps each row's own warnings when an empty and an unreadable cell score alike", async () => {
    const text =
      "Budget,Need\n,Critical\nmaybe,Critical\n,Critical\nperhaps,Critical\nmaybe,Critical\n";
    const { code, stdout } = await runBin(["batch", "-", "-f", "bant"], { stdin: text });
    expect(code).toBe(0);
    const rows = rowsOf(stdout).slice(1);
    expect(new Set(rows.map((r) => r.slice(2, 6).join("|"))).size).toBe(1);
    expect(rows.map((r) => r[6])).toEqual([
      "",
      "budget: 'maybe' is not one of the options.",
      "",
      "budget: 'perhaps' is not one of the options.",
      "budget: 'maybe' is not one of the options.",
    ]);
  });

  it("says which questions had no column", async () => {
    const { stderr } = await runBin(["batch", "-", "-f", "bant"], { stdin: "Budget\nYes\n" });
    expect(stderr).toMatch(
      /no column for 7 of 8 questions \(unknown for every row\): budget_priority, need/,
    );
  });

  it("is quiet with --quiet", async () => {
    const { code, stderr } = await runBin(["batch", "-", "-f", "bant", "-q"], { stdin: bantCsv() });
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });
});

describe("qualify batch: mapping", () => {
  const csv = "Company,Money,Buyer Role,Pain Level\nAcme,Hot,DM,High\nGlobex,Cold,User,None\n";
  const map = `budget:\n  column: Money\n  values: { Hot: allocated, Cold: none }\nauthority:\n  column: Buyer Role\n  values: { DM: decision_maker, User: none }\nneed: Pain Level\n`;

  it("uses --map for column names and values", async () => {
    const dir = tempDir({ "in.csv": csv, "map.yaml": map });
    const { code, stdout } = await runBin([
      "batch",
      join(dir, "in.csv"),
      "-f",
      "bant",
      "--map",
      join(dir, "map.yaml"),
      "--format",
      "jsonl",
    ]);
    expect(code).toBe(0);
    const [acme, globex] = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(acme.criteria.map((c: { status: string }) => c.status)).toEqual([
      "met",
      "met",
      "met",
      "unknown",
    ]);
    expect(globex.verdict).toBe("disqualified");
  });

  it("explains the mapping and stops", async () => {
    const dir = tempDir({ "in.csv": csv, "map.yaml": map });
    const { code, stdout, stderr } = await runBin([
      "batch",
      join(dir, "in.csv"),
      "-f",
      "bant",
      "--map",
      join(dir, "map.yaml"),
      "--explain-mapping",
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/budget\s+Money\s+column 2, by --map, values mapped/);
    expect(stderr).toMatch(/timeline\s+\(no column\)\s+unknown for every row/);
    expect(stderr).toMatch(/Not read \(passed through\): Company/);
  });

  it("fails before reading rows when a mapped column is missing, listing the columns", async () => {
    const dir = tempDir({ "in.csv": csv, "map.yaml": "budget: Budgett\n" });
    const { code, stdout, stderr } = await runBin([
      "batch",
      join(dir, "in.csv"),
      "-f",
      "bant",
      "--map",
      join(dir, "map.yaml"),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /--map names the column 'Budgett' for 'budget', but the file has no such column/,
    );
    expect(stderr).toMatch(/Columns in the file: Company, Money, Buyer Role, Pain Level/);
  });

  it("rejects a map naming an unknown question or answer", async () => {
    const dir = tempDir({
      "in.csv": csv,
      "bad1.yaml": "budgt: Money\n",
      "bad2.yaml": "budget:\n  column: Money\n  values: { Hot: lots }\n",
    });
    const one = await runBin([
      "batch",
      join(dir, "in.csv"),
      "-f",
      "bant",
      "--map",
      join(dir, "bad1.yaml"),
    ]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(
      /bad1\.yaml:1:1: unknown question 'budgt' for framework 'bant'\. Did you mean 'budget'\?/,
    );
    const two = await runBin([
      "batch",
      join(dir, "in.csv"),
      "-f",
      "bant",
      "--map",
      join(dir, "bad2.yaml"),
    ]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/bad2\.yaml:3:18: 'budget': Hot → 'lots' is not one of the options/);
  });

  it("refuses a duplicated header that would feed a question", async () => {
    const { code, stderr } = await runBin(["batch", "-", "-f", "bant"], {
      stdin: "Budget,Need,Budget\nYes,Critical,No\n",
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/the column 'Budget' appears 2 times \(columns 1, 3\)/);
  });
});

describe("qualify batch: bad input", () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ["an empty file", "", /the input is empty/],
    [
      "a UTF-16 file",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Budget\nYes\n", "utf16le")]),
      /the input is UTF-16 encoded/,
    ],
    [
      "a binary file",
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x0a]),
      /the input looks binary/,
    ],
  ];
  for (const [name, content, message] of cases) {
    it(`explains ${name} and exits 2`, async () => {
      const dir = tempDir({ "in.csv": content });
      const { code, stdout, stderr } = await runBin([
        "batch",
        join(dir, "in.csv"),
        "-f",
        "bant",
        "-o",
        join(dir, "out.csv"),
      ]);
      expect(stderr).toMatch(message);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(readdirSync(dir)).toEqual(["in.csv"]); // no output, no temp file left behind
    });
  }

  it("handles a header-only file", async () => {
    const { code, stdout, stderr } = await runBin(["batch", "-", "-f", "bant"], {
      stdin: "Budget,Need\n",
    });
    expect(code).toBe(0);
    expect(stdout).toBe(
      "Budget,Need,qualify_verdict,qualify_score,qualify_reasons,qualify_gaps,qualify_warnings\n",
    );
    expect(stderr).toMatch(/0 rows scored/);
    expect(stderr).toMatch(/header but no data rows/);
  });

  it("reads a multi-choice cell of labels that hold commas", async () => {
    const csv =
      'Engagement\n"Visited the website, product or pricing pages"\n' +
      '"Opened, clicked or replied to our emails; Visited the website, product or pricing pages"\n';
    const batch = await runBin(["batch", "-", "-f", "banta", "-q"], { stdin: csv });
    expect(batch.code).toBe(0);
    const [, ...rows] = rowsOf(batch.stdout);
    expect(rows.map((r) => r[2])).toEqual(["2", "3"]);
    expect(rows.map((r) => r[5])).toEqual(["", ""]);
  });

  it("stops at a quoted field that is never closed, naming its line, and writes nothing", async () => {
    const input = 'Id,Budget,Notes\n1,Yes,"oops\n2,Yes,b\n3,Yes,c\n';
    const dir = tempDir({ "leads.csv": input });
    for (const args of [["-o", join(dir, "out.csv")], []]) {
      const run = await runBin(["batch", join(dir, "leads.csv"), "-f", "bant", ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /the quoted field in the record starting on line 2 is never closed: the rest of the file would be one cell/,
      );
      expect(run.stderr).toMatch(/Check the quotes on line 2/);
      expect(run.stdout).toBe("");
    }
    expect(readdirSync(dir)).toEqual(["leads.csv"]);
    expect(readFileSync(join(dir, "leads.csv"), "utf8")).toBe(input);
  });

  it("shortens a long unreadable cell in the summary, and keeps it whole in the output", async () => {
    const note = "We spoke about pricing. ".repeat(40);
    const csv = `Budget,Need\n"${note}",Critical\n`;
    const run = await runBin(["batch", "-", "-f", "bant"], { stdin: csv });
    expect(run.code).toBe(0);
    const sample = run.stderr.split("\n").find((line) => line.includes("line 2: budget:"))!;
    expect(sample.trim().length).toBeLessThanOrEqual(200 + "line 2: ".length);
    expect(sample.endsWith("…")).toBe(true);
    expect(run.stdout).toContain(`budget: '${note}' is not one of the options.`);
  });

  it("keeps every cell in JSON lines when column names repeat or are empty", async () => {
    const csv = "Id,Notes,Notes,Budget,,Notes_2\n1,a,b,Yes,z,c\n";
    const run = await runBin(["batch", "-", "-f", "bant", "--format", "jsonl", "-q"], {
      stdin: csv,
    });
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout) as { row: Record<string, string> };
    expect(line.row).toEqual({
      Id: "1",
      Notes: "a",
      Notes_3: "b",
      Budget: "Yes",
      column_5: "z",
      Notes_2: "c",
    });
  });

  it("prints a cell's control characters in the summary as ^[, and keeps them in the output", async () => {
    const cell = "\u001b]0;pwned\u0007\u001b[2Jmaybe";
    const run = await runBin(["batch", "-", "-f", "bant"], {
      stdin: `Budget,Need\n"${cell}",Critical\n`,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("\u001b");
    expect(run.stderr).toContain("budget: '^[]0;pwned^G^[[2Jmaybe' is not one of the options.");
    expect(run.stdout).toContain(`budget: '${cell}' is not one of the options.`);
  });

  it("counts a line of spaces as a blank line", async () => {
    const run = await runBin(["batch", "-", "-f", "bant"], {
      stdin: "Budget,Need\nYes,Critical\n   \nNo,None\n",
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/skipped: 1 line that is not a data row\n\s+line 3: blank line\n/);
  });

  it("reports a missing file", async () => {
    const { code, stderr } = await runBin(["batch", "nope.csv", "-f", "bant"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/CSV file not found: nope\.csv/);
    expect(stderr).toMatch(/pass - to read from stdin/);
  });

  it("rejects bad flags", async () => {
    expect(
      (await runBin(["batch", "-", "-f", "bant", "--only", "qualifed"], { stdin: bantCsv() }))
        .stderr,
    ).toMatch(/--only: 'qualifed' is not a verdict\. Did you mean 'qualified'\?/);
    expect(
      (await runBin(["batch", "-", "-f", "bant", "--format", "xml"], { stdin: bantCsv() })).code,
    ).toBe(2);
    expect(
      (await runBin(["batch", "-", "-f", "bant", "--delimiter", "x"], { stdin: bantCsv() })).code,
    ).toBe(2);
  });
});

describe("qualify batch: files", () => {
  it("writes -o atomically and never over the input", async () => {
    const dir = tempDir({ "in.csv": bantCsv() });
    const input = join(dir, "in.csv");
    const ok = await runBin(["batch", input, "-f", "bant", "-o", join(dir, "out.csv")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("");
    expect(rowsOf(readFileSync(join(dir, "out.csv"), "utf8"))).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual(["in.csv", "out.csv"]);

    const refused = await runBin(["batch", input, "-f", "bant", "-o", input]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to write the output over the input file/);
    expect(readFileSync(input, "utf8")).toBe(bantCsv());
  });

  it("leaves an existing output untouched when the run fails", async () => {
    const dir = tempDir({ "in.csv": "Budget,Budget\nYes,No\n", "out.csv": "previous\n" });
    const { code } = await runBin([
      "batch",
      join(dir, "in.csv"),
      "-f",
      "bant",
      "-o",
      join(dir, "out.csv"),
    ]);
    expect(code).toBe(2);
    expect(readFileSync(join(dir, "out.csv"), "utf8")).toBe("previous\n");
    expect(readdirSync(dir).sort()).toEqual(["in.csv", "out.csv"]);
  });

  it("ends quietly when stdout closes early (| head)", async () => {
    const dir = tempDir();
    const big = join(dir, "big.csv");
    writeFileSync(
      big,
      bantHeader +
        "\n" +
        Array.from({ length: 60000 }, (_, i) => `L${i},Yes,Decision Maker,Critical,ASAP`).join(
          "\n",
        ) +
        "\n",
    );
    const result = await new Promise<{ code: number | null; stderr: string; lines: number }>(
      (resolve) => {
        const child = spawn("sh", ["-c", `node "${BIN}" batch "${big}" -f bant | head -3`], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) =>
          resolve({ code, stderr, lines: stdout.trim().split("\n").length }),
        );
      },
    );
    expect(result.lines).toBe(3);
    expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
  });

  it("removes the temporary file and writes nothing when interrupted", async () => {
    const dir = tempDir();
    const big = join(dir, "big.csv");
    writeFileSync(
      big,
      bantHeader +
        "\n" +
        Array.from({ length: 400000 }, (_, i) => `L${i},Yes,Decision Maker,Critical,ASAP`).join(
          "\n",
        ) +
        "\n",
    );
    const child = spawn(
      process.execPath,
      [BIN, "batch", big, "-f", "bant", "-o", join(dir, "out.csv")],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Wait until the temporary output exists, then interrupt.
    for (let i = 0; i < 200 && !readdirSync(dir).some((f) => f.endsWith(".tmp")); i++)
      await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted; .*out\.csv was not written/);
    expect(readdirSync(dir)).toEqual(["big.csv"]);
    expect(statSync(big).size).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasShared)("qualify batch: real exports", () => {
  it("scores the Salesforce Lead export and keeps every row", async () => {
    const { code, stdout } = await runBin(["batch", LEAD_CSV, "-f", "lead-score"]);
    expect(code).toBe(0);
    const input = rowsOf(readFileSync(LEAD_CSV, "utf8"));
    const output = rowsOf(stdout);
    expect(output).toHaveLength(input.length);
    output.forEach((row, i) => expect(row.slice(0, input[0]!.length)).toEqual(input[i]));
  });

  it("refuses a framework none of whose questions the export has a column for", async () => {
    // A Lead export holds no BANT answers: every lead would be unknown, and nurture.
    const { code, stdout, stderr } = await runBin(["batch", LEAD_CSV, "-f", "bant"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/no column of .*Lead\.csv feeds a question of BANT/);
    expect(stderr).toMatch(/Its header, cut at ',': Id \| IsDeleted \| LastName/);
    const pipes = await runBin(["batch", "-", "-f", "bant", "-q"], {
      stdin: "Id|Budget|Decision Role\n1|Yes|Decision Maker\n",
    });
    expect(pipes.code).toBe(0);
    expect(pipes.stdout).toMatch(/^1\|Yes\|Decision Maker\|nurture\|35\|/m);
  });

  it("scores the Maven pipeline (8,800 rows) with a map", async () => {
    const pipeline = join(SHARED, "maven-crm/sales_pipeline.csv");
    const dir = tempDir({
      "map.yaml":
        "timeline:\n  column: deal_stage\n  values: { Won: now, Engaging: within_year, Prospecting: none, Lost: none }\n",
    });
    const { code, stdout, stderr } = await runBin([
      "batch",
      pipeline,
      "-f",
      "bant",
      "--map",
      join(dir, "map.yaml"),
      "--format",
      "jsonl",
    ]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(8800);
    expect(stderr).toMatch(/8,800 rows scored/);
  });
});

describe("the README's first command", () => {
  it("scores the example export and writes scored.csv", async () => {
    const dir = tempDir();
    const { code, stderr } = await runBin([
      "batch",
      join(ROOT, "examples/leads.csv"),
      "--framework",
      "bant",
      "-o",
      join(dir, "scored.csv"),
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/10 rows scored with bant 1\.0\.0/);
    expect(stderr).toMatch(/qualified 5 · nurture 2 · disqualified 3/);
    expect(stderr).toMatch(/skipped: 4 lines that are not a data row/);
    expect(
      rowsOf(readFileSync(join(dir, "scored.csv"), "utf8")).filter((r) => r.length > 1),
    ).toHaveLength(11);
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(
      "npm install && npx qualify batch examples/leads.csv --framework bant -o scored.csv\nnpm test\n",
    );
  });
});
