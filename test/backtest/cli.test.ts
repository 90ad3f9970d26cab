/** `qualify backtest` through the built binary: the Maven history and small crafted files. */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ROOT, runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const HISTORY = join(ROOT, "examples/maven-history.csv");
const MAVEN = ["-f", "examples/maven-fit.yaml", "--map", "examples/maven-map.yaml"];
const SHARED = join(ROOT, "../shared/data/maven-crm");

/** A small BANT history: `positives` won rows and `negatives` lost rows, better answers winning. */
function bantHistory(positives: number, negatives: number, extra: string[] = []): string {
  const rows = ["Lead,Budget,Authority,Need,Timeline,Outcome"];
  for (let i = 0; i < positives; i++)
    rows.push(
      `W${i},${i % 3 === 0 ? "Planned" : "Yes"},Decision Maker,${i % 4 === 0 ? "Nice to Have" : "Critical"},ASAP,Won`,
    );
  for (let i = 0; i < negatives; i++)
    rows.push(
      `L${i},${i % 2 === 0 ? "No Budget" : "Yes"},End User,${i % 3 === 0 ? "Critical" : "Nice to Have"},Next Year,Lost`,
    );
  return [...rows, ...extra].join("\n") + "\n";
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("qualify backtest on the Maven CRM history", () => {
  it("prints the figures, the chart and what was left out", async () => {
    const { code, stdout, stderr } = await runBin([
      "backtest",
      "examples/maven-history.csv",
      ...MAVEN,
      "--outcome",
      "deal_stage",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Outcome 'deal_stage': 4,238 won · 2,473 lost of 6,711 rows with an outcome → base rate 63.2%",
    );
    expect(stdout).toMatch(
      /left out: 2,089 rows with no outcome yet — open: Engaging \(1,589\), Prospecting \(500\)/,
    );
    expect(stdout).toMatch(/^ {2}qualified +[\d,]+ +[\d,]+ +[\d.]+% +[\d.]+× +[█▏▎▍▌▋▊▉░│]+$/m);
    expect(stdout).toMatch(/^AUC 0\.\d{3} /m);
    expect(stdout).toMatch(/0\.5 is chance/);
    expect(stdout).toMatch(/Qualified: precision [\d.]+% .* recall [\d.]+%/);
    expect(stdout).toMatch(/Moving minScore \(now 60; other gates and rules unchanged\)/);
    expect(stdout).toMatch(/◀ now/);
    expect(stdout).toMatch(/industry ← sector/);
    expect(stdout).toMatch(/Technology +10 +1,058 +671 +63\.4%/);
    expect(stdout).not.toContain("\u001b["); // no colour without a terminal
    expect(stderr).toMatch(/backtest of 8,800 rows with maven-fit 1\.0\.0/);
  });

  it("gives the same verdicts and AUC as scoring the file with batch", async () => {
    const dir = tempDir();
    const scored = join(dir, "scored.csv");
    const [back, batch] = await Promise.all([
      runBin(["backtest", HISTORY, ...MAVEN, "--outcome", "deal_stage", "--json"]),
      runBin(["batch", HISTORY, ...MAVEN, "-o", scored, "--quiet"]),
    ]);
    expect(back.code).toBe(0);
    expect(batch.code).toBe(0);
    const report = json(back.stdout);
    const rows = (
      parse(readFileSync(scored, "utf8"), { columns: true }) as Record<string, string>[]
    ).filter((r) => r.deal_stage === "Won" || r.deal_stage === "Lost");
    const won = rows.filter((r) => r.deal_stage === "Won").map((r) => Number(r.qualify_score));
    const lost = rows.filter((r) => r.deal_stage === "Lost").map((r) => Number(r.qualify_score));
    let u = 0;
    for (const w of won) for (const l of lost) u += w > l ? 1 : w === l ? 0.5 : 0;
    expect(report.auc).toBeCloseTo(u / (won.length * lost.length), 12);
    for (const v of report.verdicts) {
      const inVerdict = rows.filter((r) => r.qualify_verdict === v.verdict);
      expect(v.n).toBe(inVerdict.length);
      expect(v.positives).toBe(inVerdict.filter((r) => r.deal_stage === "Won").length);
    }
    expect(report.baseRate).toBeCloseTo(4238 / 6711, 12);
    expect(report.qualified.recall).toBeCloseTo(report.qualified.positives / 4238, 12);
    // The sweep at the framework's own minScore is the verdict it gave.
    expect(report.minScore.current).toBe(60);
    expect(report.minScore.sweep[60].qualified).toBe(report.qualified.n);
    expect(report.deciles.at(-1).captured).toBe(1);
    expect(report.deciles.reduce((s: number, d: { n: number }) => s + d.n, 0)).toBe(6711);
  });

  it("warns that most answers are unknown when the framework does not fit the file", async () => {
    const { code, stdout } = await runBin([
      "backtest",
      HISTORY,
      "-f",
      "lead-score",
      "--outcome",
      "deal_stage",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /Most answers are unknown \(mean coverage \d+%\): no column for 16 of 19 questions/,
    );
    expect(stdout).toMatch(/annual_revenue, demo_requested, lead_source/);
    expect(stdout).toMatch(/--explain-mapping/);
  });

  it.skipIf(
    !existsSync(join(SHARED, "sales_pipeline.csv")) || spawnSync("python3", ["-V"]).status !== 0,
  )("is what the README's recipe makes from the Maven CSVs", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const recipe = /```python\n(import csv[\s\S]*?maven-history\.csv[\s\S]*?)```/.exec(readme)?.[1];
    expect(recipe).toBeDefined();
    const dir = tempDir();
    for (const f of ["sales_pipeline.csv", "accounts.csv", "products.csv", "sales_teams.csv"])
      copyFileSync(join(SHARED, f), join(dir, f));
    const run = spawnSync("python3", ["-c", recipe!], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(readFileSync(join(dir, "maven-history.csv"))).toEqual(readFileSync(HISTORY));
  });
});

describe("qualify backtest: outcomes", () => {
  it("counts positives and negatives in their usual spellings and leaves the rest out", async () => {
    const csv = [
      "Budget,Need,Result",
      "Yes,Critical,1",
      "Yes,Critical,yes",
      "Yes,Critical,Closed Won",
      "Yes,Critical,TRUE",
      "No Budget,Nice to Have,0",
      "No Budget,Nice to Have,Closed - Lost",
      "No Budget,Nice to Have,no",
      "Yes,Critical,",
      "Yes,Critical,Open",
      "Yes,Critical,Prospecting",
      "Yes,Critical,Junk",
      "Yes,Critical,Junk",
    ].join("\n");
    const { code, stdout, stderr } = await runBin(
      ["backtest", "-", "-f", "bant", "--outcome", "result", "--json"],
      { stdin: csv },
    );
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.input.file).toBe("stdin");
    expect(report.outcome).toMatchObject({
      column: "Result",
      positives: 4,
      negatives: 3,
      scored: 7,
      leftOut: { blank: 1, open: 2, unrecognised: 2 },
    });
    expect(report.outcome.values.unrecognised).toEqual([{ value: "Junk", rows: 2 }]);
    expect(report.outcome.values.open).toEqual([
      { value: "Open", rows: 1 },
      { value: "Prospecting", rows: 1 },
    ]);
    expect(report.baseRate).toBeCloseTo(4 / 7, 12);
    const codes = report.warnings.map((w: { code: string }) => w.code);
    expect(codes).toEqual(expect.arrayContaining(["few-outcomes", "unrecognised-outcomes"]));
    expect(stderr).toMatch(
      /warning: Only 4 positive and 3 negative outcomes: with fewer than 40 of each, rates/,
    );
    expect(stderr).toMatch(/'Junk' \(2\).*--positive or --negative/);
  });

  it.runIf(existsSync(join(ROOT, "../shared/data/salesforce-devorg/Lead.csv")))(
    "cuts long answer labels so that every table row keeps its columns",
    async () => {
      const lead = join(ROOT, "../shared/data/salesforce-devorg/Lead.csv");
      const { code, stdout } = await runBin([
        "backtest",
        lead,
        "-f",
        "lead-score",
        "--outcome",
        "IsConverted",
        "--today",
        "2026-03-01",
      ]);
      expect(code).toBe(0);
      // Not a terminal: 100 columns.
      for (const line of stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(100);
      expect(stdout).toMatch(/^ {4}Retail, hospitality and consumer g… {2}4 {7}1 {5}0 {9}0\.0%/m);
      expect(stdout).toMatch(/^ {4}Another industry {2,}2 {2,}1 {2,}1 {2,}100\.0%/m);
    },
  );

  it("names both outcomes by their values, or neither", async () => {
    const csv =
      "Budget,Need,Status\nYes,Critical,Closed - Converted\nNo Budget,None,Closed - Not Converted\n";
    const args = ["backtest", "-", "-f", "bant", "--outcome", "Status"];
    const both = await runBin(
      [...args, "--positive", "Closed - Converted", "--negative", "Closed - Not Converted"],
      { stdin: csv },
    );
    expect(both.stdout).toMatch(/1 closed - converted · 1 closed - not converted of 2 rows/);
    const mixed =
      "Budget,Need,Status\nYes,Critical,Won\nNo Budget,None,Lost\nNo,None,Closed Lost\n";
    const neither = await runBin(args, { stdin: mixed });
    expect(neither.stdout).toMatch(/1 positive · 2 negative of 3 rows/);
  });

  it("takes the values to count with --positive and --negative", async () => {
    const csv = "Budget,Need,Status\nYes,Critical,Converted\nNo Budget,None,Dead\nYes,Clear,Won\n";
    const { code, stdout } = await runBin(
      [
        "backtest",
        "-",
        "-f",
        "bant",
        "--outcome",
        "Status",
        "--positive",
        "Converted",
        "--negative",
        "Dead",
        "--json",
      ],
      { stdin: csv },
    );
    expect(code).toBe(0);
    const report = json(stdout);
    expect(report.outcome).toMatchObject({ positives: 1, negatives: 1 });
    expect(report.outcome.values.unrecognised).toEqual([{ value: "Won", rows: 1 }]);
    expect(report.outcome.positiveValues).toEqual(["Converted"]);
  });

  it("warns below 40 positive or 40 negative outcomes, and not above", async () => {
    const few = await runBin(["backtest", "-", "-f", "bant", "--outcome", "Outcome"], {
      stdin: bantHistory(45, 12),
    });
    expect(few.code).toBe(0);
    expect(few.stdout).toMatch(
      /Only 45 positive and 12 negative outcomes: with fewer than 40 negatives,/,
    );
    const enough = await runBin(["backtest", "-", "-f", "bant", "--outcome", "Outcome", "--json"], {
      stdin: bantHistory(45, 41),
    });
    expect(json(enough.stdout).warnings.map((w: { code: string }) => w.code)).not.toContain(
      "few-outcomes",
    );
  });

  it("stops before reading rows when the outcome column is missing, listing the columns", async () => {
    const { code, stdout, stderr } = await runBin(
      ["backtest", "-", "-f", "bant", "--outcome", "Outcom"],
      { stdin: bantHistory(3, 3) },
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^qualify: no outcome column 'Outcom' in the file\. Did you mean 'Outcome'\?/,
    );
    expect(stderr).toMatch(
      /hint: Columns in the file: Lead, Budget, Authority, Need, Timeline, Outcome/,
    );
    expect(stderr).not.toMatch(/at .*\.js/); // no stack trace
  });

  it("is an input error when no row has an outcome", async () => {
    const { code, stderr } = await runBin(["backtest", "-", "-f", "bant", "--outcome", "Stage"], {
      stdin: "Budget,Stage\nYes,Open\nNo,Engaging\nYes,Maybe\n",
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /no row has a positive or negative outcome in the column 'Stage'; it holds 'Engaging' \(1\), 'Open' \(1\), 'Maybe' \(1\)/,
    );
    expect(stderr).toMatch(/--positive/);
  });

  it("is an input error for a missing file or a bad flag", async () => {
    const missing = await runBin(["backtest", "nope.csv", "-f", "bant", "--outcome", "x"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/CSV file not found: nope\.csv/);
    const noOutcome = await runBin(["backtest", "x.csv", "-f", "bant"]);
    expect(noOutcome.code).toBe(2);
    expect(noOutcome.stderr).toMatch(/--outcome/);
    const badDelimiter = await runBin(
      ["backtest", "-", "-f", "bant", "--outcome", "x", "--delimiter", "#"],
      { stdin: "a\n" },
    );
    expect(badDelimiter.code).toBe(2);
  });

  it("reads ; delimiters, a BOM and CRLF like batch", async () => {
    const csv = "\uFEFF" + bantHistory(2, 2).replaceAll(",", ";").replaceAll("\n", "\r\n");
    const { code, stdout } = await runBin(
      ["backtest", "-", "-f", "bant", "--outcome", "Outcome", "--json"],
      { stdin: csv },
    );
    expect(code).toBe(0);
    expect(json(stdout)).toMatchObject({
      input: { delimiter: ";", rows: 4 },
      outcome: { positives: 2 },
    });
  });
});

describe("qualify backtest --json", () => {
  it("has a schemaVersion and every figure", async () => {
    const { code, stdout } = await runBin(
      ["backtest", "-", "-f", "bant", "--outcome", "Outcome", "--json"],
      { stdin: bantHistory(50, 50) },
    );
    expect(code).toBe(0);
    const report = json(stdout);
    expect(Object.keys(report)).toEqual([
      "schemaVersion",
      "framework",
      "input",
      "outcome",
      "baseRate",
      "verdicts",
      "deciles",
      "decileTies",
      "auc",
      "roc",
      "qualified",
      "minScore",
      "criteria",
      "answers",
      "coverage",
      "warnings",
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.framework).toMatchObject({ id: "bant", version: "1.0.0" });
    expect(report.framework.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.verdicts.map((v: { verdict: string }) => v.verdict)).toEqual([
      "qualified",
      "nurture",
      "disqualified",
    ]);
    // Better answers won here, so the score ranks well and qualified is precise.
    expect(report.auc).toBeGreaterThan(0.9);
    expect(report.qualified.precision).toBe(1);
    expect(report.minScore.sweep).toHaveLength(101);
    expect(report.minScore.sweep[0]).toEqual({
      minScore: 0,
      qualified: expect.any(Number),
      positives: expect.any(Number),
      precision: expect.any(Number),
      recall: expect.any(Number),
      falsePositiveRate: expect.any(Number),
      j: expect.any(Number),
    });
    expect(report.criteria.map((c: { id: string }) => c.id)).toEqual([
      "budget",
      "authority",
      "need",
      "timeline",
    ]);
    const need = report.answers.find((a: { question: string }) => a.question === "need");
    expect(need.column).toBe("Need");
    expect(need.buckets.map((b: { value: string; n: number }) => [b.value, b.n])).toEqual([
      ["critical", 37 + 17],
      ["clear", 0],
      ["nice_to_have", 13 + 33],
      ["none", 0],
      ["unknown", 0],
    ]);
    expect(report.coverage.unmapped).toEqual(
      expect.arrayContaining(["budget_priority", "capacity"]),
    );
  });
});

describe("qualify backtest --html", () => {
  it("writes a self-contained report with SVG charts, atomically", async () => {
    const dir = tempDir({ "history.csv": bantHistory(50, 45) });
    const { code, stdout, stderr } = await runBin(
      ["backtest", "history.csv", "-f", "bant", "--outcome", "Outcome", "--html", "report.html"],
      { cwd: dir },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Backtest of BANT 1\.0\.0 on history\.csv/); // the report still goes to stdout
    expect(stderr).toMatch(/→ report\.html/);
    expect(readdirSync(dir).sort()).toEqual(["history.csv", "report.html"]); // no temp file left
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("Content-Security-Policy");
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(urls.filter((u) => u !== "http://www.w3.org/2000/svg")).toEqual([]);
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link\b|@import|url\(|<img\b/i);
    expect((html.match(/<figure>/g) ?? []).length).toBe(5);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThan(5);
    expect(html).toContain("<figcaption>Won rate by score decile");
    expect(html).toMatch(/ROC curve — AUC [01]\.\d{3}/);
    // The figures are embedded as data (never executed).
    const data = /<script type="application\/json" id="qualify-backtest">(.*)<\/script>/.exec(html);
    expect(JSON.parse(data![1]!)).toMatchObject({ schemaVersion: 1, outcome: { positives: 50 } });
  });

  it("escapes what the file says", async () => {
    const dir = tempDir({
      "history.csv": bantHistory(3, 3, [
        "X,Yes,Decision Maker,Critical,ASAP,<img src=x onerror=alert(1)>",
      ]),
    });
    const { code } = await runBin(
      ["backtest", "history.csv", "-f", "bant", "--outcome", "Outcome", "--html", "r.html", "-q"],
      { cwd: dir },
    );
    expect(code).toBe(0);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
  });

  it("never writes over the input, nor into a missing directory", async () => {
    const dir = tempDir({ "history.csv": bantHistory(3, 3) });
    const before = statSync(join(dir, "history.csv")).size;
    const over = await runBin(
      ["backtest", "history.csv", "-f", "bant", "--outcome", "Outcome", "--html", "history.csv"],
      { cwd: dir },
    );
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/refusing to write the output over the input file/);
    expect(statSync(join(dir, "history.csv")).size).toBe(before);
    const missing = await runBin(
      ["backtest", "history.csv", "-f", "bant", "--outcome", "Outcome", "--html", "no/such/r.html"],
      { cwd: dir },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it("never writes the report over the framework or the column map it reads", async () => {
    const framework = readFileSync(join(ROOT, "frameworks/bant.yaml"), "utf8");
    const map = "columns:\n  budget: Budget\n";
    const dir = tempDir({
      "history.csv": bantHistory(3, 3),
      "fw.yaml": framework,
      "map.yaml": map,
    });
    const args = ["backtest", "history.csv", "-f", "./fw.yaml", "--outcome", "Outcome"];
    for (const target of ["fw.yaml", "map.yaml"]) {
      const run = await runBin([...args, "--map", "map.yaml", "--html", target], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/refusing to write the output over the input file/);
      expect(run.stderr).toMatch(/--html/);
    }
    expect(readFileSync(join(dir, "fw.yaml"), "utf8")).toBe(framework);
    expect(readFileSync(join(dir, "map.yaml"), "utf8")).toBe(map);
  });

  const chromium = ["chromium", "chromium-browser", "google-chrome"].find(
    (name) => spawnSync(name, ["--version"], { encoding: "utf8" }).status === 0,
  );
  it.skipIf(chromium === undefined)(
    `opens in headless Chromium with its charts drawn${chromium === undefined ? " (skipped: no chromium on this machine)" : ""}`,
    async () => {
      const dir = tempDir({ "history.csv": bantHistory(50, 45) });
      const html = join(dir, "report.html");
      const run = await runBin(
        ["backtest", "history.csv", "-f", "bant", "--outcome", "Outcome", "--html", html, "-q"],
        { cwd: dir },
      );
      expect(run.code).toBe(0);
      const flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ];
      const dom = spawnSync(chromium!, [...flags, "--dump-dom", `file://${html}`], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect((dom.stdout.match(/<svg /g) ?? []).length).toBeGreaterThan(5);
      expect(dom.stdout).toMatch(/<rect [^>]*height="[1-9]/); // bars with a height
      const png = join(dir, "shot.png");
      spawnSync(
        chromium!,
        [...flags, `--screenshot=${png}`, "--window-size=1200,1600", `file://${html}`],
        {
          timeout: 60_000,
        },
      );
      expect(statSync(png).size).toBeGreaterThan(20_000);
    },
    90_000,
  );
});
