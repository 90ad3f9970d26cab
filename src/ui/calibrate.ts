/** The calibration report for a terminal: held-out figures before and after, and the points. */
import type { CalibrationReport } from "../calibrate/report.js";
import type { VerdictFigures } from "../calibrate/tally.js";
import type { Colors } from "./color.js";
import { percent, times } from "./backtest.js";
import { table } from "./table.js";
import { wrap } from "./text.js";

const count = (n: number): string => n.toLocaleString("en-US");
const signed = (x: number, digits = 3): string =>
  `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x).toFixed(digits)}`;
const pointsText = (p: number | null): string => (p === null ? "—" : String(p));

const NOT_LEARNED = {
  unmapped: "no column in the file",
  excluded: "excluded with --exclude",
  leak: "leaks the outcome",
  outcome: "reads the outcome column",
} as const;

export function renderCalibration(report: CalibrationReport, colors: Colors, width = 100): string {
  const out: string[] = [];
  const indent = (text: string): string =>
    text
      .trimEnd()
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n");
  const fw = report.framework;
  const o = report.outcome;
  const s = report.split;
  out.push(
    `${colors.bold("Calibrate")} ${fw.name} ${fw.version} on ${report.input.file} ${colors.dim(`(sha256 ${fw.hash.slice(0, 12)})`)}`,
  );
  out.push(
    `Outcome '${o.column}': ${count(o.positives)} ${colors.green("positive")} · ${count(o.negatives)} ${colors.red("negative")} of ${count(report.input.rows)} rows`,
  );
  const left = o.leftOut.open + o.leftOut.blank + o.leftOut.unrecognised;
  if (left > 0) {
    const parts = [
      o.leftOut.open > 0 ? `${count(o.leftOut.open)} open` : "",
      o.leftOut.blank > 0 ? `${count(o.leftOut.blank)} blank` : "",
      o.leftOut.unrecognised > 0 ? `${count(o.leftOut.unrecognised)} not recognised` : "",
    ].filter(Boolean);
    out.push(
      `  left out: ${count(left)} row${left === 1 ? "" : "s"} without a positive or negative outcome — ${parts.join(", ")}`,
    );
  }
  const train = s.train.positives + s.train.negatives;
  const held = s.heldOut.positives + s.heldOut.negatives;
  out.push(
    colors.dim(
      `  learned from ${count(train)} rows, judged on ${count(held)} held out (${Math.round(s.holdout * 100)}% of each outcome, seed ${s.seed})`,
    ),
  );

  const { before, after, auc } = report.heldOut;
  if (before !== null && after !== null) {
    out.push(
      `\n${colors.bold("Held out")} ${colors.dim("(rows the points were not learned from)")}`,
    );
    const change = (a: number | null, b: number | null, digits = 3): string =>
      a === null || b === null ? "" : signed(b - a, digits);
    const pctChange = (a: number | null, b: number | null): string =>
      a === null || b === null ? "" : `${signed((b - a) * 100, 1)} pts`;
    const rows: string[][] = [
      [
        "AUC",
        before.auc?.toFixed(3) ?? "—",
        colors.bold(after.auc?.toFixed(3) ?? "—"),
        auc?.interval
          ? `${change(before.auc, after.auc)} ${colors.dim(`(95% interval ${signed(auc.interval[0])} to ${signed(auc.interval[1])})`)}`
          : change(before.auc, after.auc),
      ],
      [
        "minScore",
        report.minScore.before === null ? "none" : String(report.minScore.before),
        report.minScore.after === null ? "none" : String(report.minScore.after),
        "",
      ],
      [
        "qualified: precision",
        percent(before.qualified.precision),
        percent(after.qualified.precision),
        pctChange(before.qualified.precision, after.qualified.precision),
      ],
      [
        "qualified: recall",
        percent(before.qualified.recall),
        percent(after.qualified.recall),
        pctChange(before.qualified.recall, after.qualified.recall),
      ],
    ];
    out.push(indent(table(["", "BEFORE", "AFTER", "CHANGE"], rows, colors.dim)));
    out.push(indent(verdictTable(before, after, colors)));
  }

  if (report.calibrated !== null) {
    out.push(
      `\n${colors.bold("Points")} ${colors.dim("before → after, with the training rows per answer")}`,
    );
    for (const q of report.points) {
      const head = `${colors.bold(q.question)} ${colors.dim(q.text)}`;
      if (!q.learned) {
        out.push(
          `  ${head}\n    ${colors.dim(`not learned: ${q.notLearned === null ? "kept" : NOT_LEARNED[q.notLearned]}; points stay`)}`,
        );
        continue;
      }
      out.push(`  ${head}`);
      const rows = q.answers.map((a) => {
        const changed = a.before !== a.after;
        const arrow =
          a.kind === "option" || a.kind === "band"
            ? `${pointsText(a.before)} → ${changed ? colors.bold(pointsText(a.after)) : pointsText(a.after)}`
            : colors.dim(a.kind === "unknown" ? "0 (unknown)" : "0");
        return [a.label, arrow, count(a.rows), percent(a.rate)];
      });
      out.push(indent(indent(table(["ANSWER", "POINTS", "ROWS", "RATE"], rows, colors.dim))));
    }
  }

  for (const warning of report.warnings)
    out.push(wrap(`${colors.yellow("warning:")} ${warning.message}`, width, "  "));

  out.push("");
  if (report.proposed) {
    out.push(`${colors.green("✓")} ${colors.bold("Proposed.")} ${report.reason}`);
    const c = report.calibrated;
    if (c?.file)
      out.push(
        `  Wrote ${c.file} (${c.extends === null ? `a full copy: ${report.framework.id} is not found by its id from here` : `extends ${c.extends}`}); use it with ${colors.bold(`--framework ${c.ref ?? c.file}`)}.`,
      );
  } else
    out.push(
      wrap(
        `${colors.yellow("✗")} ${colors.bold("No change proposed.")} ${report.reason}`,
        width,
        "  ",
      ),
    );
  return out.join("\n") + "\n";
}

function verdictTable(before: VerdictFigures, after: VerdictFigures, colors: Colors): string {
  const color = { qualified: colors.green, nurture: colors.yellow, disqualified: colors.red };
  const rows = before.verdicts.map((b, i) => {
    const a = after.verdicts[i]!;
    return [
      color[b.verdict](b.verdict),
      `${count(b.n)} → ${count(a.n)}`,
      `${percent(b.rate)} → ${percent(a.rate)}`,
      `${times(b.lift)} → ${times(a.lift)}`,
    ];
  });
  return table(["VERDICT", "ROWS", "RATE", "LIFT"], rows, colors.dim);
}
