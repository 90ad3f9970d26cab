/**
 * Calibration on generated history with a known true model: it recovers the ranking, its
 * held-out figures are what a backtest of the same rows says, the YAML it writes loads as
 * the framework it judged, and it proposes nothing on flat, small or leaking data.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  calibrate,
  type CalibrateOptions,
  type Calibration,
} from "../../src/calibrate/calibrate.js";
import { HoldoutSplit } from "../../src/calibrate/split.js";
import { calibratedYaml } from "../../src/calibrate/yaml.js";
import { readHistory } from "../../src/backtest/history.js";
import { buildReport } from "../../src/backtest/report.js";
import { auc, groupsOf } from "../../src/backtest/metrics.js";
import { DEFAULT_NEGATIVE, DEFAULT_POSITIVE } from "../../src/backtest/outcome.js";
import type { CompiledFramework } from "../../src/core/compile.js";
import { loadFrameworkFile } from "../../src/io/frameworks.js";
import { generateHistory, type GeneratedRow } from "../helpers/history.js";
import { tempDir } from "../helpers/tmp.js";
import { ROOT } from "../helpers/cli.js";

const FIXTURE = join(ROOT, "test/fixtures/calibrate-fit.yaml");
const ctx = { cwd: ROOT, env: {} };
const rules = { positive: DEFAULT_POSITIVE, negative: DEFAULT_NEGATIVE };

function* chunks(text: string, size = 64 * 1024): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const options = (extra: Partial<CalibrateOptions> = {}): CalibrateOptions => ({
  outcome: "Outcome",
  rules,
  holdout: 0.3,
  seed: 1,
  exclude: [],
  id: "fit-guess-calibrated",
  name: "Fit guess (calibrated)",
  ...extra,
});

async function run(
  csv: string,
  extra: Partial<CalibrateOptions> = {},
): Promise<{ compiled: CompiledFramework; calibration: Calibration }> {
  const { compiled } = await loadFrameworkFile(FIXTURE, ctx, { today: "2026-06-01" });
  const calibration = await calibrate(compiled, async () => chunks(csv), options(extra));
  return { compiled, calibration };
}

/** The rows calibrate holds out, found the way it deals them. */
function heldOutRows(rows: readonly GeneratedRow[], holdout = 0.3, seed = 1): GeneratedRow[] {
  const split = new HoldoutSplit(holdout, seed);
  return rows.filter((r) => split.heldOut(r.won));
}

const csvOf = (rows: readonly GeneratedRow[]): string =>
  ["Industry,Employees,Demo,Need,Channels,Outcome", ...rows.map((r) => r.cells.join(","))].join(
    "\n",
  ) + "\n";

describe("calibrate on history with a known true model", async () => {
  const generated = generateHistory(20_000, 7);
  const { compiled, calibration } = await run(generated.csv);
  const held = heldOutRows(generated.rows);

  it("recovers the true model's ranking on held-out rows (AUC within 0.02)", () => {
    const trueAuc = auc(groupsOf(held.map((r) => [r.logit, r.won] as const)))!;
    expect(calibration.auc!.after!).toBeGreaterThan(trueAuc - 0.02);
    expect(calibration.auc!.after!).toBeGreaterThan(calibration.auc!.before! + 0.05);
    expect(calibration.proposed).toBe(true);
    expect(calibration.auc!.interval![0]).toBeGreaterThan(0);
  });

  it("keeps the split stratified: 30% of each outcome held out", () => {
    const positives = generated.rows.filter((r) => r.won).length;
    const negatives = generated.rows.length - positives;
    expect(calibration.heldOut.positives / positives).toBeCloseTo(0.3, 2);
    expect(calibration.heldOut.negatives / negatives).toBeCloseTo(0.3, 2);
    expect(calibration.heldOut.positives).toBe(held.filter((r) => r.won).length);
  });

  it("gives points in the true model's order, as whole numbers, never below zero here", () => {
    const points = (id: string) =>
      calibration
        .compiled!.framework.criteria.flatMap((c) => c.questions)
        .find((q) => q.id === id)!;
    const industry = points("industry");
    if (industry.type !== "choice") throw new Error("industry is a choice");
    const byValue = Object.fromEntries(industry.options.map((o) => [o.value, o.points]));
    // True log-odds: software 1.2 > finance 0.5 > other 0 > retail −0.6.
    expect(byValue.software!).toBeGreaterThan(byValue.finance!);
    expect(byValue.finance!).toBeGreaterThan(byValue.other!);
    expect(byValue.other!).toBeGreaterThan(byValue.retail!);
    expect(byValue.retail).toBe(0);
    const demo = points("demo");
    if (demo.type !== "boolean") throw new Error("demo is yes/no");
    expect(demo.points.yes).toBeGreaterThan(demo.points.no);
    for (const q of calibration.compiled!.framework.criteria.flatMap((c) => c.questions)) {
      const all =
        q.type === "choice" || q.type === "multi"
          ? q.options.map((o) => o.points)
          : q.type === "number" || q.type === "date"
            ? q.bands.map((b) => b.points)
            : q.type === "boolean"
              ? [q.points.yes, q.points.no]
              : [q.points];
      for (const p of all) {
        expect(Number.isInteger(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(0);
      }
    }
    // Same questions, same rules and gates but minScore.
    expect(calibration.compiled!.questions.map((q) => q.id)).toEqual(
      compiled.questions.map((q) => q.id),
    );
  });

  it("reports on held-out rows exactly what a backtest of those rows says, before and after", async () => {
    const heldCsv = csvOf(held);
    const report = async (fw: CompiledFramework) =>
      buildReport(await readHistory(fw, chunks(heldCsv), { outcome: "Outcome", rules }), fw, {
        file: "held-out",
        positiveValues: DEFAULT_POSITIVE,
        negativeValues: DEFAULT_NEGATIVE,
      });
    const before = await report(compiled);
    const after = await report(calibration.compiled!);
    for (const [mine, theirs] of [
      [calibration.before!, before],
      [calibration.after!, after],
    ] as const) {
      expect(mine.auc).toBeCloseTo(theirs.auc!, 12);
      expect(mine.verdicts.map((v) => [v.verdict, v.n, v.positives])).toEqual(
        theirs.verdicts.map((v) => [v.verdict, v.n, v.positives]),
      );
      expect(mine.qualified.precision).toBeCloseTo(theirs.qualified.precision!, 12);
      expect(mine.qualified.recall).toBeCloseTo(theirs.qualified.recall!, 12);
    }
    expect(calibration.auc!.before).toBeCloseTo(before.auc!, 12);
    expect(calibration.auc!.after).toBeCloseTo(after.auc!, 12);
  });

  it("writes YAML that loads as the framework it judged (full copy and extends: file)", async () => {
    const dir = tempDir({});
    const full = join(dir, "fit-guess-calibrated.yaml");
    writeFileSync(full, calibratedYaml(compiled, calibration, { file: "history.csv" }));
    const loaded = await loadFrameworkFile(full, { cwd: dir, env: {} }, { today: "2026-06-01" });
    expect(loaded.compiled.hash).toBe(calibration.compiled!.hash);

    // As an extends: file, with the original findable by id in ./frameworks.
    const parentDir = tempDir({});
    writeFileSync(
      join(parentDir, "fit-guess.yaml"),
      (await import("node:fs")).readFileSync(FIXTURE),
    );
    const patch = calibratedYaml(compiled, calibration, {
      file: "history.csv",
      extends: "fit-guess",
    });
    expect(patch).toMatch(/^extends: fit-guess$/m);
    expect(patch).toMatch(/# was 10/);
    expect(patch).not.toMatch(/label: Which industry/);
    const child = join(dir, "extends.yaml");
    writeFileSync(child, patch);
    const merged = await loadFrameworkFile(
      child,
      { cwd: dir, env: { QUALIFY_FRAMEWORKS_PATH: parentDir } },
      { today: "2026-06-01" },
    );
    expect(merged.compiled.hash).toBe(calibration.compiled!.hash);
  });

  it("is reproducible: the same seed gives the same points and figures", async () => {
    const again = await run(generated.csv);
    expect(again.calibration.compiled!.hash).toBe(calibration.compiled!.hash);
    expect(again.calibration.auc).toEqual(calibration.auc);
    const other = await run(generated.csv, { seed: 2 });
    expect(other.calibration.auc).not.toEqual(calibration.auc);
  });

  it("leaves excluded questions' points as they were", async () => {
    const { calibration: c } = await run(generated.csv, { exclude: ["industry"] });
    const industry = c.compiled!.framework.criteria[0]!.questions[0]!;
    expect(industry).toEqual(compiled.framework.criteria[0]!.questions[0]);
    expect(c.notLearned).toContainEqual({ question: "industry", why: "excluded" });
  });
});

describe("calibrate is honest on data it cannot learn from", () => {
  it("proposes no change when the outcome does not depend on the answers", async () => {
    const generated = generateHistory(4000, 11);
    // Outcomes reshuffled independently of the answers.
    let state = 12345;
    const flat = generated.rows.map((r) => {
      state = (state * 1103515245 + 12345) >>> 0;
      const won = state / 2 ** 32 < 0.4;
      return { ...r, won, cells: [...r.cells.slice(0, 5), won ? "Won" : "Lost"] };
    });
    const { calibration } = await run(csvOf(flat));
    expect(calibration.proposed).toBe(false);
    expect(calibration.reason).toMatch(/no better beyond noise/);
    expect(calibration.auc!.interval![0]).toBeLessThanOrEqual(0);
  });

  it("proposes no change with fewer than 40 positive outcomes", async () => {
    const generated = generateHistory(2000, 3);
    let kept = 0;
    const few = generated.rows.filter((r) => !r.won || ++kept <= 39);
    const { calibration } = await run(csvOf(few));
    expect(calibration.proposed).toBe(false);
    expect(calibration.fit).toBeNull();
    expect(calibration.reason).toMatch(/39 positive .* at least 40 of each/);
  });

  it("does not learn from a column that gives the outcome away, and names it", async () => {
    const generated = generateHistory(4000, 5);
    // The text question reads a column filled in only for won deals.
    const leaking = generated.rows.map((r) => ({
      ...r,
      cells: [...r.cells.slice(0, 3), r.won ? "Signed contract" : "", ...r.cells.slice(4)],
    }));
    const { compiled, calibration } = await run(csvOf(leaking));
    expect(calibration.leaks).toEqual([
      expect.objectContaining({ question: "need", answer: "answered" }),
    ]);
    expect(calibration.leaks[0]!.positiveShare).toBe(1);
    expect(calibration.leaks[0]!.negativeShare).toBe(0);
    expect(calibration.notLearned).toContainEqual({ question: "need", why: "leak" });
    const need = (fw: CompiledFramework) => fw.questions.find((q) => q.id === "need")!.def;
    expect(need(calibration.compiled!)).toEqual(need(compiled));
  });
});
