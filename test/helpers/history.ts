/**
 * Generated won/lost history with a known true model, for calibrate: each row's outcome is
 * drawn from a logistic model of its answers, so the true log-odds of every row is known
 * and the best achievable ranking (AUC) can be computed on any subset of rows.
 */
import { seededRandom } from "../../src/core/random.js";

/** True log-odds contributions per answer (for test/fixtures/calibrate-fit.yaml). */
export const TRUE_MODEL = {
  intercept: -1.6,
  industry: { software: 1.2, retail: -0.6, finance: 0.5, other: 0 } as Record<string, number>,
  /** By band: 1,000 or more; 100 to 999; fewer than 100. */
  employees: [0.2, 0.9, -0.3],
  demo: 1.4,
  need: 0.4,
  channels: { search: 0.1, referral: 1.0, event: 0.3 } as Record<string, number>,
};

export interface GeneratedRow {
  cells: string[];
  logit: number;
  won: boolean;
}

export function generateHistory(rows: number, seed: number): { csv: string; rows: GeneratedRow[] } {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const out: GeneratedRow[] = [];
  const lines = ["Industry,Employees,Demo,Need,Channels,Outcome"];
  const m = TRUE_MODEL;
  for (let i = 0; i < rows; i++) {
    const industry = pick(["software", "retail", "finance", "other"]);
    const employees = Math.floor(Math.exp(next() * Math.log(20000)));
    const demo = next() < 0.3;
    const need = next() < 0.5;
    const channels = ["search", "referral", "event"].filter(() => next() < 0.35);
    let logit = m.intercept + m.industry[industry]! + (demo ? m.demo : 0) + (need ? m.need : 0);
    logit += m.employees[employees >= 1000 ? 0 : employees >= 100 ? 1 : 2]!;
    for (const c of channels) logit += m.channels[c]!;
    const won = next() < 1 / (1 + Math.exp(-logit));
    const cells = [
      industry,
      String(employees),
      demo ? "yes" : "no",
      need ? "Wants to replace spreadsheets" : "",
      `"${channels.join(", ")}"`,
      won ? "Won" : "Lost",
    ];
    lines.push(cells.join(","));
    out.push({ cells, logit, won });
  }
  return { csv: lines.join("\n") + "\n", rows: out };
}
