/**
 * An option spelled like an unknown word (`na` for North America, `-` for "no preference")
 * is that option in every command: only a cell that names no option means "not known yet".
 */
import { parse } from "csv-parse/sync";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const FRAMEWORK = `id: regions
name: Regions
version: 1.0.0
summary: Qualified in North America.
source: qualify tests
criteria:
  - id: fit
    label: Fit
    level: organization
    questions:
      - id: region
        text: Where is the buyer?
        type: choice
        options:
          - { value: na, label: North America, points: 10 }
          - { value: emea, label: Europe, points: 2 }
      - id: channels
        text: Which channels?
        type: multi
        options:
          - { value: direct, label: Direct, points: 5 }
          - { value: none, label: No channel, points: 0, aliases: ["-"] }
verdict:
  qualified: { minScore: 60 }
  actions:
    qualified: Call them.
    nurture: Follow up.
    disqualified: Let go.
`;

const HISTORY = [
  "Lead,Region,Channels,Won",
  ...Array.from({ length: 6 }, (_, i) => `NA lead ${i},na,direct,1`),
  ...Array.from({ length: 6 }, (_, i) => `EU lead ${i},emea,-,0`),
  "Nobody,n/a,n/a,0",
].join("\n");

const setup = () => {
  const dir = tempDir({ "regions.yaml": FRAMEWORK, "leads.csv": HISTORY + "\n" });
  return { dir, framework: join(dir, "regions.yaml"), leads: join(dir, "leads.csv") };
};

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe("an option spelled like an unknown word", () => {
  it("is that option in batch; a cell that names no option stays unknown", async () => {
    const { framework, leads } = setup();
    const { code, stdout } = await runBin(["batch", leads, "-f", framework, "-q"]);
    expect(code).toBe(0);
    const rows = rowsOf(stdout);
    expect(rows[0]).toMatchObject({ qualify_verdict: "qualified", qualify_score: "100" });
    expect(rows[0]!.qualify_gaps).toBe("");
    // `-` is the alias of "No channel": answered, so it is not a gap.
    expect(rows[6]!.qualify_gaps).not.toMatch(/channel/i);
    expect(rows[6]!.qualify_score).toBe("13");
    // `n/a` names no option here: unknown, a gap, and no warning.
    expect(rows[12]!.qualify_score).toBe("0");
    expect(rows[12]!.qualify_gaps).toBe("region; channels");
    expect(rows[12]!.qualify_warnings).toBe("");
  });

  it("is that option in score", async () => {
    const { dir, framework } = setup();
    const answers = join(dir, "answers.yaml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(answers, "answers:\n  region: na\n  channels: '-'\n");
    const { code, stdout } = await runBin([
      "score",
      "-f",
      framework,
      "--answers",
      answers,
      "--json",
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { score: number; gaps: unknown[]; verdict: string };
    expect(result.verdict).toBe("qualified");
    expect(result.score).toBe(67);
    expect(result.gaps).toEqual([]);
  });

  it("is that option in backtest", async () => {
    const { framework, leads } = setup();
    const { code, stdout } = await runBin([
      "backtest",
      leads,
      "-f",
      framework,
      "--outcome",
      "Won",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      verdicts: { verdict: string; n: number; positives: number }[];
    };
    const qualified = report.verdicts.find((v) => v.verdict === "qualified");
    expect(qualified).toMatchObject({ n: 6, positives: 6 });
  });

  it("is that option in sql --run, as in batch", async () => {
    const { framework, leads } = setup();
    const [batch, sql] = await Promise.all([
      runBin(["batch", leads, "-f", framework, "-q"]),
      runBin(["sql", "--run", leads, "-f", framework, "-q"]),
    ]);
    expect(sql.stderr).toBe("");
    expect(sql.code).toBe(0);
    expect(rowsOf(sql.stdout)).toEqual(rowsOf(batch.stdout));
  });
});
