/**
 * `qualify calibrate` as users run it: the built binary on generated history and on the
 * Maven CRM example, what it writes and where, and a clear error — with nothing written or
 * overwritten — for every bad input.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runBin } from "../helpers/cli.js";
import { generateHistory } from "../helpers/history.js";
import { tempDir } from "../helpers/tmp.js";
import type { CalibrationReport } from "../../src/calibrate/report.js";

const FIXTURE = readFileSync(join(ROOT, "test/fixtures/calibrate-fit.yaml"), "utf8");
const HISTORY = generateHistory(6000, 7).csv;

/** A project directory: the framework in ./frameworks (found by id), history beside it. */
function project(): string {
  return tempDir({ "frameworks/fit-guess.yaml": FIXTURE, "history.csv": HISTORY });
}

describe("qualify calibrate", () => {
  it("writes an extends: file beside the original, which then scores and backtests by id", async () => {
    const dir = project();
    const run = await runBin(
      ["calibrate", "history.csv", "-f", "fit-guess", "--outcome", "Outcome"],
      {
        cwd: dir,
      },
    );
    expect(run.stderr).toMatch(
      /calibrate of fit-guess on 6,000 rows .* proposed → frameworks\/fit-guess-calibrated.yaml/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Held out/);
    expect(run.stdout).toMatch(/AUC\s+0\.\d{3}\s+0\.\d{3}\s+\+0\.\d{3} \(95% interval \+/);
    expect(run.stdout).toMatch(/Software\s+10 → \d+/);
    expect(run.stdout).toMatch(/✓ Proposed\./);
    expect(run.stdout).toMatch(/extends fit-guess\); use it with --framework fit-guess-calibrated/);
    const written = readFileSync(join(dir, "frameworks/fit-guess-calibrated.yaml"), "utf8");
    expect(written).toMatch(/^extends: fit-guess$/m);
    expect(written).toMatch(/minScore: \d+ # was 50/);
    // The original is untouched.
    expect(readFileSync(join(dir, "frameworks/fit-guess.yaml"), "utf8")).toBe(FIXTURE);

    const backtest = await runBin(
      ["backtest", "history.csv", "-f", "fit-guess-calibrated", "--outcome", "Outcome", "--json"],
      { cwd: dir },
    );
    expect(backtest.code).toBe(0);
    const figures = JSON.parse(backtest.stdout) as { auc: number; framework: { id: string } };
    expect(figures.framework.id).toBe("fit-guess-calibrated");
    const old = await runBin(
      ["backtest", "history.csv", "-f", "fit-guess", "--outcome", "Outcome", "--json"],
      { cwd: dir },
    );
    expect(figures.auc).toBeGreaterThan((JSON.parse(old.stdout) as { auc: number }).auc + 0.05);
  });

  it("prints every figure with --json, and an HTML report with both ROC curves", async () => {
    const dir = project();
    const run = await runBin(
      [
        "calibrate",
        "history.csv",
        "-f",
        "fit-guess",
        "--outcome",
        "Outcome",
        "--json",
        "--html",
        "report.html",
        "-o",
        "ours.yaml",
        "--seed",
        "3",
        "--holdout",
        "25%",
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CalibrationReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.proposed).toBe(true);
    expect(report.split).toMatchObject({ holdout: 0.25, seed: 3 });
    expect(report.calibrated).toMatchObject({
      id: "ours",
      file: "ours.yaml",
      extends: "fit-guess",
      ref: "ours.yaml",
    });
    expect(report.heldOut.after!.auc!).toBeGreaterThan(report.heldOut.before!.auc!);
    expect(report.method!.model).toMatch(/logistic regression/);
    const industry = report.points.find((q) => q.question === "industry")!;
    expect(industry.answers[0]).toMatchObject({ value: "software", before: 10 });
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/Held-out ROC — AUC 0\.\d{3} before, 0\.\d{3} after/);
    expect(html).toMatch(/Content-Security-Policy/);
    expect(existsSync(join(dir, "ours.yaml"))).toBe(true);
  });

  it("writes a full copy when the framework was given by a path it cannot be found by id from", async () => {
    const dir = tempDir({ "fw/guess.yaml": FIXTURE, "history.csv": HISTORY });
    const run = await runBin(
      [
        "calibrate",
        "history.csv",
        "-f",
        "fw/guess.yaml",
        "--outcome",
        "Outcome",
        "-o",
        "calibrated.yaml",
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    const written = readFileSync(join(dir, "calibrated.yaml"), "utf8");
    expect(written).not.toMatch(/^extends:/m);
    expect(written).toMatch(/label: Software\n\s+points: \d+ # was 10/);
    expect(run.stdout).toMatch(/a full copy: fit-guess is not found by its id from here/);
    const score = await runBin(["batch", "history.csv", "-f", "calibrated.yaml", "-q"], {
      cwd: dir,
    });
    expect(score.code).toBe(0);
  });

  it("on the Maven CRM example proposes no change: the answers do not separate won from lost", async () => {
    const dir = tempDir({});
    const run = await runBin(
      [
        "calibrate",
        join(ROOT, "examples/maven-history.csv"),
        "-f",
        join(ROOT, "examples/maven-fit.yaml"),
        "--map",
        join(ROOT, "examples/maven-map.yaml"),
        "--outcome",
        "deal_stage",
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/4,238 positive · 2,473 negative/);
    // The open deals are left out, and it says so.
    expect(run.stdout).toMatch(
      /left out: 2,089 rows without a positive or negative outcome — 2,089 open/,
    );
    expect(run.stdout).toMatch(
      /✗ No change proposed\. Held-out AUC 0\.\d+ → 0\.\d+: the 95% interval/,
    );
    expect(run.stderr).toMatch(/no change proposed/);
    expect(existsSync(join(dir, "frameworks"))).toBe(false);
  });

  it("writes nothing with --dry-run", async () => {
    const dir = project();
    const run = await runBin(
      ["calibrate", "history.csv", "-f", "fit-guess", "--outcome", "Outcome", "--dry-run"],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/proposed \(dry run: nothing written\)/);
    expect(existsSync(join(dir, "frameworks/fit-guess-calibrated.yaml"))).toBe(false);
  });
});

describe("qualify calibrate refuses bad input clearly and loses nothing", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["stdin", ["-"], /calibrate reads the history twice, so it cannot read stdin/],
    [
      "a holdout out of range",
      ["history.csv", "--holdout", "0.99"],
      /--holdout '0.99' is not a share between 0.05 and 0.95/,
    ],
    [
      "a seed that is not a number",
      ["history.csv", "--seed", "abc"],
      /--seed 'abc' is not a whole number/,
    ],
    ["an empty seed", ["history.csv", "--seed", ""], /--seed '' is not a whole number/],
    [
      "an unknown question to exclude",
      ["history.csv", "--exclude", "industy"],
      /--exclude: no question 'industy' in fit-guess\. Did you mean 'industry'\?/,
    ],
    // Without the batch hint about stdin: calibrate cannot read it.
    ["a missing file", ["nope.csv"], /CSV file not found: nope\.csv\n {2}hint: Check the path\.\n/],
  ];
  for (const [what, args, message] of cases)
    it(`refuses ${what}`, async () => {
      const dir = project();
      const run = await runBin(["calibrate", ...args, "-f", "fit-guess", "--outcome", "Outcome"], {
        cwd: dir,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe("");
      expect(existsSync(join(dir, "frameworks/fit-guess-calibrated.yaml"))).toBe(false);
    });

  it("refuses a missing outcome column, naming the columns", async () => {
    const dir = project();
    const run = await runBin(
      ["calibrate", "history.csv", "-f", "fit-guess", "--outcome", "Stage"],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no outcome column 'Stage'/);
    expect(run.stderr).toMatch(/Industry, Employees, Demo, Need, Channels, Outcome/);
  });

  it("never writes over the history, the framework or an earlier output (without --force)", async () => {
    const dir = project();
    for (const target of ["history.csv", "frameworks/fit-guess.yaml"]) {
      const run = await runBin(
        [
          "calibrate",
          "history.csv",
          "-f",
          "fit-guess",
          "--outcome",
          "Outcome",
          "-o",
          target,
          "--force",
        ],
        { cwd: dir },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/refusing to write the output over the input file/);
    }
    expect(readFileSync(join(dir, "history.csv"), "utf8")).toBe(HISTORY);
    expect(readFileSync(join(dir, "frameworks/fit-guess.yaml"), "utf8")).toBe(FIXTURE);

    writeFileSync(join(dir, "frameworks/fit-guess-calibrated.yaml"), "# mine\n");
    const again = await runBin(
      ["calibrate", "history.csv", "-f", "fit-guess", "--outcome", "Outcome"],
      {
        cwd: dir,
      },
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/frameworks\/fit-guess-calibrated.yaml already exists/);
    expect(again.stderr).toMatch(/--force/);
    expect(readFileSync(join(dir, "frameworks/fit-guess-calibrated.yaml"), "utf8")).toBe(
      "# mine\n",
    );

    const forced = await runBin(
      ["calibrate", "history.csv", "-f", "fit-guess", "--outcome", "Outcome", "--force"],
      { cwd: dir },
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "frameworks/fit-guess-calibrated.yaml"), "utf8")).toMatch(
      /^extends: fit-guess$/m,
    );
  });

  it("refuses an --html report over the history or over the framework it writes", async () => {
    const dir = project();
    const args = ["calibrate", "history.csv", "-f", "fit-guess", "--outcome", "Outcome"];
    const overHistory = await runBin([...args, "--html", "history.csv"], { cwd: dir });
    expect(overHistory.code).toBe(2);
    expect(overHistory.stderr).toMatch(/refusing to write the output over the input file/);
    expect(overHistory.stderr).toMatch(/another output path with --html/);
    const overOutput = await runBin([...args, "-o", "out.yaml", "--html", "out.yaml"], {
      cwd: dir,
    });
    expect(overOutput.code).toBe(2);
    expect(overOutput.stderr).toMatch(/--html and the framework output are the same file/);
    expect(overOutput.stderr).not.toMatch(/input file/);
    expect(existsSync(join(dir, "out.yaml"))).toBe(false);
    const dryRun = await runBin([...args, "-o", "out.yaml", "--html", "out.yaml", "--dry-run"], {
      cwd: dir,
    });
    expect(dryRun.code).toBe(2);
    expect(dryRun.stderr).toMatch(/--html and the framework output are the same file/);
    expect(existsSync(join(dir, "out.yaml"))).toBe(false);
    expect(readFileSync(join(dir, "history.csv"), "utf8")).toBe(HISTORY);
  });

  it("names outcome values it does not recognise, and leaves their rows out", async () => {
    const lines = HISTORY.trimEnd().split("\n");
    // Every tenth won deal spelled another way.
    const typo = lines.map((line, i) =>
      i > 0 && i % 10 === 0 ? line.replace(/,Won$/, ",Won!") : line,
    );
    const changed = typo.filter((line) => line.endsWith(",Won!")).length;
    const dir = tempDir({
      "frameworks/fit-guess.yaml": FIXTURE,
      "typo.csv": `${typo.join("\n")}\n`,
    });
    const run = await runBin(
      ["calibrate", "typo.csv", "-f", "fit-guess", "--outcome", "Outcome", "--dry-run", "--json"],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.outcome.leftOut).toEqual({ blank: 0, open: 0, unrecognised: changed });
    expect(report.warnings).toContainEqual({
      code: "unrecognised-outcomes",
      message: `${changed} rows have outcomes that are neither positive, negative nor open, left out: 'Won!' (${changed}). Name them with --positive or --negative.`,
    });
  });

  it("refuses a file without enough outcomes of each kind politely: no change, exit 0", async () => {
    const rows = HISTORY.split("\n").slice(0, 61).join("\n") + "\n";
    const dir = tempDir({ "frameworks/fit-guess.yaml": FIXTURE, "small.csv": rows });
    const run = await runBin(
      ["calibrate", "small.csv", "-f", "fit-guess", "--outcome", "Outcome"],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\s+/g, " ")).toMatch(
      /No change proposed\. Only \d+ positive and \d+ negative outcomes: calibrating needs at least 40 of each/,
    );
    expect(existsSync(join(dir, "frameworks/fit-guess-calibrated.yaml"))).toBe(false);
  });
});

const LEAD_CSV = join(ROOT, "../shared/data/salesforce-devorg/Lead.csv");

describe.skipIf(!existsSync(LEAD_CSV))("qualify calibrate on a real Salesforce lead export", () => {
  it("says 22 leads are far too few to learn from, and writes nothing", async () => {
    const dir = tempDir({});
    const run = await runBin(
      [
        "calibrate",
        LEAD_CSV,
        "-f",
        "lead-score",
        "--outcome",
        "IsConverted",
        "--today",
        "2026-03-01",
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\s+/g, " ")).toMatch(
      /No change proposed\. Only \d positive and \d+ negative outcomes: calibrating needs at least 40 of each/,
    );
    expect(existsSync(join(dir, "frameworks"))).toBe(false);
  });
});

describe("qualify calibrate on the Maven CRM history with a question that reads the outcome", () => {
  it("names the leaking question and does not learn from it", async () => {
    // close_value is 0 for every lost deal: known only once the deal is closed.
    const leaking = [
      "id: maven-leak",
      "name: Maven fit with the deal value",
      "extends: maven-fit",
      "criteria:",
      "  - id: deal_fit",
      "    questions:",
      "      - id: deal_value",
      "        text: What was the deal worth?",
      "        type: number",
      "        columns: [close_value]",
      "        bands:",
      "          - { min: 1, points: 5, label: Some value }",
      "          - { max: 1, points: 0, label: Nothing }",
      "",
    ].join("\n");
    const dir = tempDir({
      "frameworks/maven-fit.yaml": readFileSync(join(ROOT, "examples/maven-fit.yaml")),
      "frameworks/maven-leak.yaml": leaking,
    });
    const run = await runBin(
      [
        "calibrate",
        join(ROOT, "examples/maven-history.csv"),
        "-f",
        "maven-leak",
        "--map",
        join(ROOT, "examples/maven-map.yaml"),
        "--outcome",
        "deal_stage",
        "--json",
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CalibrationReport;
    expect(report.leaks).toEqual([
      expect.objectContaining({
        question: "deal_value",
        answer: "Some value",
        positiveShare: 1,
        negativeShare: 0,
      }),
    ]);
    expect(report.warnings.find((w) => w.code === "leak")?.message).toMatch(
      /'deal_value' looks like it leaks the outcome: the answer 'Some value' alone holds 100\.0% of the positive and 0\.0% of the negative training rows/,
    );
    const dealValue = report.points.find((q) => q.question === "deal_value")!;
    expect(dealValue).toMatchObject({ learned: false, notLearned: "leak" });
    expect(
      dealValue.answers.filter((a) => a.kind === "band").map((a) => [a.before, a.after]),
    ).toEqual([
      [5, 5],
      [0, 0],
    ]);
  });
});
