/**
 * What calibrate learns per answer, on generated history built to catch the cases a first
 * version got wrong: an answer that cannot earn points converting best, an answer the history
 * never shows, an amount known only once a deal is won split over bands, and a leaking
 * question that a disqualify rule reads.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  calibrate,
  type CalibrateOptions,
  type Calibration,
} from "../../src/calibrate/calibrate.js";
import { DEFAULT_NEGATIVE, DEFAULT_POSITIVE } from "../../src/backtest/outcome.js";
import type { CompiledFramework } from "../../src/core/compile.js";
import { seededRandom } from "../../src/core/random.js";
import { loadFrameworkFile } from "../../src/io/frameworks.js";
import { tempDir } from "../helpers/tmp.js";

const FRAMEWORK = `
id: visits-guess
name: Visits guess
version: 1.0.0
summary: Site visits, a demo request, the lead source, a stage and an amount.
source: qualify tests
criteria:
  - id: engagement
    label: Engagement
    level: opportunity
    questions:
      - id: visits
        text: How many site visits?
        type: number
        bands:
          - { min: 10, points: 6, label: 10 or more }
          - { min: 4, points: 4, label: 4 to 9 }
          - { min: 1, points: 2, label: 1 to 3 }
      - id: demo
        text: Did they ask for a demo?
        type: boolean
        points: { yes: 5, no: 0 }
      - id: source
        text: Where did the lead come from?
        type: choice
        options:
          - { value: web, label: Web, points: 3 }
          - { value: event, label: Event, points: 2 }
          - { value: list, label: List, points: 1 }
      - id: stage
        text: Which stage is the lead in?
        type: choice
        options:
          - { value: open, label: Open, points: 2 }
          - { value: closed, label: Closed, points: 0 }
      - id: amount
        text: What is the deal worth?
        type: number
        bands:
          - { min: 2000, points: 4, label: "2,000 or more" }
          - { min: 1000, points: 3, label: "1,000 to 1,999" }
          - { max: 1000, points: 1, label: "Under 1,000" }
rules:
  - id: closed
    level: opportunity
    when: { stage: closed }
    then: disqualify
    reason: Closed by sales.
verdict:
  qualified:
    minScore: 50
  actions:
    qualified: Hand to sales.
    nurture: Nurture.
    disqualified: Drop.
`;

const dir = tempDir({ "visits.yaml": FRAMEWORK });
const rules = { positive: DEFAULT_POSITIVE, negative: DEFAULT_NEGATIVE };

interface Columns {
  stage?: boolean;
  amount?: boolean;
}

/**
 * Rows whose outcome follows: 0 visits (outside every band) +0.8, 1–3 −0.8, 4–9 0, 10 or
 * more +0.8, a demo +1. The source is web or event, never list. A stage column says closed
 * for every lost lead; an amount column is 0 when lost and spread over 0–2,500 when won.
 */
function history(rows: number, columns: Columns = {}): string {
  const next = seededRandom(11);
  const header = ["Visits", "Demo", "Source"];
  if (columns.stage) header.push("Stage");
  if (columns.amount) header.push("Amount");
  const lines = [[...header, "Outcome"].join(",")];
  for (let i = 0; i < rows; i++) {
    const band = Math.floor(next() * 4);
    const visits = [
      0,
      1 + Math.floor(next() * 3),
      4 + Math.floor(next() * 6),
      10 + Math.floor(next() * 20),
    ][band]!;
    const demo = next() < 0.3;
    const logit = [0.8, -0.8, 0, 0.8][band]! + (demo ? 1 : 0) - 0.4;
    const won = next() < 1 / (1 + Math.exp(-logit));
    const cells = [String(visits), demo ? "yes" : "no", next() < 0.5 ? "web" : "event"];
    if (columns.stage) cells.push(won ? "open" : "closed");
    if (columns.amount) cells.push(won ? String(Math.floor(next() * 2500)) : "0");
    lines.push([...cells, won ? "Won" : "Lost"].join(","));
  }
  return `${lines.join("\n")}\n`;
}

async function run(
  csv: string,
): Promise<{ compiled: CompiledFramework; calibration: Calibration }> {
  const { compiled } = await loadFrameworkFile(join(dir, "visits.yaml"), { cwd: dir, env: {} }, {});
  const options: CalibrateOptions = {
    outcome: "Outcome",
    rules,
    holdout: 0.3,
    seed: 1,
    exclude: [],
    id: "visits-calibrated",
    name: "Visits (calibrated)",
  };
  const calibration = await calibrate(compiled, async () => [Buffer.from(csv)], options);
  return { compiled, calibration };
}

const pointsOf = (calibration: Calibration, question: string): Record<string, number> => {
  const def = calibration.compiled!.questions.find((q) => q.id === question)!.def;
  if (def.type === "number") return Object.fromEntries(def.bands.map((b) => [b.label!, b.points]));
  if (def.type === "choice") return Object.fromEntries(def.options.map((o) => [o.value, o.points]));
  throw new Error(`unexpected ${def.type}`);
};

describe("calibrate's points per answer", async () => {
  const { calibration } = await run(history(8000));

  it("keeps an answer that earns nothing (0 visits, outside every band) in its place", () => {
    // Fitted (whether or not the change beats noise here): the points are what is checked.
    expect(calibration.compiled).not.toBeNull();
    const visits = pointsOf(calibration, "visits");
    // 0 visits converts as well as 10 or more and better than the rest; it earns 0 whatever
    // the points, so the bands below it go negative instead of shifting above it.
    expect(visits["1 to 3"]!).toBeLessThan(visits["4 to 9"]!);
    expect(visits["4 to 9"]!).toBeLessThan(visits["10 or more"]!);
    expect(visits["4 to 9"]!).toBeLessThan(0);
    expect(Math.abs(visits["10 or more"]!)).toBeLessThan(Math.abs(visits["1 to 3"]!) / 3);
  });

  it("leaves an answer the history never shows with its points", () => {
    expect(pointsOf(calibration, "source").list).toBe(1);
  });
});

describe("calibrate and leaks", () => {
  it("finds an amount known only once won, though its bands separate less than perfectly", async () => {
    const { compiled, calibration } = await run(history(8000, { amount: true }));
    expect(calibration.leaks).toEqual([
      expect.objectContaining({
        question: "amount",
        answers: ["2,000 or more", "1,000 to 1,999"],
        negativeShare: 0,
      }),
    ]);
    const leak = calibration.leaks[0]!;
    expect(leak.positiveShare).toBeGreaterThan(0.5);
    expect(leak.positiveShare).toBeLessThan(0.9);
    expect(leak.answer).toBe("2,000 or more or 1,000 to 1,999");
    expect(calibration.notLearned).toContainEqual({ question: "amount", why: "leak" });
    const amount = (fw: CompiledFramework) => fw.questions.find((q) => q.id === "amount")!.def;
    expect(amount(calibration.compiled!)).toEqual(amount(compiled));
  });

  it("judges without a leaking question, even one a disqualify rule reads", async () => {
    const clean = (await run(history(8000))).calibration;
    const { calibration } = await run(history(8000, { stage: true }));
    expect(calibration.leaks.map((l) => l.question)).toEqual(["stage"]);
    // The rule would disqualify every lost lead of the history; a new lead has no such stage.
    expect(calibration.minScore.after).toBe(clean.minScore.after);
    expect(calibration.auc!.after).toBeCloseTo(clean.auc!.after!, 10);
    expect(calibration.before!.verdicts.find((v) => v.verdict === "disqualified")!.n).toBe(0);
  });
});
