/** The terminal report of `qualify backtest`: tables, bars with a base-rate mark, the gate sweep. */
import type { BacktestReport } from "../backtest/report.js";
import type { Cell, SweepPoint } from "../backtest/metrics.js";
import type { OutcomeValue } from "../backtest/history.js";
import type { Colors } from "./color.js";
import { bar, fitToWidth, printable, visibleLength, wrap } from "./text.js";
import { table } from "./table.js";

const count = (n: number): string => n.toLocaleString("en-US");
export const percent = (x: number | null, digits = 1): string =>
  x === null ? "—" : `${(100 * x).toFixed(digits)}%`;
export const times = (x: number | null): string => (x === null ? "—" : `${x.toFixed(2)}×`);
export const points = (x: number | null): string =>
  x === null ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)} pts`;
const signed = (n: number): string => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : "±0");

function truncate(text: string, width: number): string {
  return visibleLength(text) <= width ? text : `${[...text].slice(0, width - 1).join("")}…`;
}

/** What to call an outcome: the one value found ("won", "lost"), else "positive"/"negative". */
export function outcomeNoun(report: BacktestReport, which: "positive" | "negative"): string {
  // Both sides by their value (won · lost) or both generically: never one of each.
  const named = (side: "positive" | "negative") => {
    const names = new Set(report.outcome.values[side].map((v) => v.value.toLowerCase()));
    const only = names.size === 1 ? [...names][0]! : undefined;
    const flag = ["1", "0", "true", "false", "yes", "no", "y", "n"];
    return only !== undefined && /^[a-z][a-z -]{0,23}$/.test(only) && !flag.includes(only)
      ? only
      : undefined;
  };
  const positive = named("positive");
  const negative = named("negative");
  if (positive === undefined || negative === undefined) return which;
  return which === "positive" ? positive : negative;
}

/** A bar of `rate` on a 0–100% scale, with the base rate marked `│`. */
export function rateBar(value: number | null, base: number | null, width: number): string {
  const { filled, empty } = bar(value ?? 0, 1, width);
  const cells = [...filled, ...empty];
  if (base !== null) {
    const at = Math.min(width - 1, Math.max(0, Math.round(base * width)));
    cells[at] = "│";
  }
  return cells.join("");
}

function valuesList(values: readonly OutcomeValue[], max = 6): string {
  const shown = values
    .slice(0, max)
    .map((v) => `${v.value === "" ? "(blank)" : printable(v.value)} (${count(v.rows)})`);
  return shown.join(", ") + (values.length > max ? `, … ${values.length - max} more` : "");
}

function cellText(c: Cell): string {
  return c.n === 0 ? "—" : `${percent(c.rate)} of ${count(c.n)}`;
}

/** The thresholds worth a row: every 10, the current gate and the suggestion, when they differ. */
export function sweepRows(report: BacktestReport): SweepPoint[] {
  const { sweep, current, suggested } = report.minScore;
  const now = current ?? 0;
  const wanted = new Set<number>([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  wanted.add(Math.ceil(now));
  if (suggested !== null) wanted.add(suggested);
  const rows: SweepPoint[] = [];
  for (const point of sweep) {
    if (!wanted.has(point.minScore)) continue;
    const previous = rows[rows.length - 1];
    const special = point.minScore === Math.ceil(now) || point.minScore === suggested;
    const previousSpecial =
      previous !== undefined &&
      (previous.minScore === Math.ceil(now) || previous.minScore === suggested);
    if (previous !== undefined && previous.qualified === point.qualified) {
      if (!special) continue;
      if (!previousSpecial) rows.pop();
    }
    rows.push(point);
  }
  return rows;
}

export function renderBacktest(report: BacktestReport, colors: Colors, width = 100): string {
  const out: string[] = [];
  const noun = outcomeNoun(report, "positive");
  const negativeNoun = outcomeNoun(report, "negative");
  const NOUN = noun.toUpperCase();
  const base = report.baseRate;
  const fw = report.framework;
  const barWidth = Math.max(10, Math.min(30, width - 70));
  const heading = (text: string) => `\n${colors.bold(text)}`;
  const indent = (text: string) =>
    text
      .trimEnd()
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n");

  out.push(
    `${colors.bold("Backtest")} of ${fw.name} ${fw.version} on ${report.input.file} ${colors.dim(`(sha256 ${fw.hash.slice(0, 12)})`)}`,
  );
  const o = report.outcome;
  out.push(
    `Outcome '${o.column}': ${count(o.positives)} ${colors.green(noun)} · ${count(o.negatives)} ${colors.red(negativeNoun)} of ${count(o.scored)} rows with an outcome → ${colors.bold(`base rate ${percent(base)}`)}`,
  );
  out.push(
    colors.dim(
      `  positive: ${valuesList(o.values.positive)}${o.values.negative.length > 0 ? ` · negative: ${valuesList(o.values.negative)}` : ""}`,
    ),
  );
  const left = o.leftOut.open + o.leftOut.blank + o.leftOut.unrecognised;
  if (left > 0) {
    const parts: string[] = [];
    if (o.leftOut.open > 0) parts.push(`open: ${valuesList(o.values.open)}`);
    if (o.leftOut.blank > 0) parts.push(`blank: ${count(o.leftOut.blank)}`);
    if (o.leftOut.unrecognised > 0)
      parts.push(`not recognised: ${valuesList(o.values.unrecognised)}`);
    out.push(
      `  left out: ${count(left)} row${left === 1 ? "" : "s"} with no outcome yet — ${parts.join("; ")}`,
    );
  }

  // By verdict, with a bar each.
  out.push(heading("By verdict"));
  const verdictColor = {
    qualified: colors.green,
    nurture: colors.yellow,
    disqualified: colors.red,
  };
  const verdictRows = report.verdicts.map((v) => [
    verdictColor[v.verdict](v.verdict),
    count(v.n),
    count(v.positives),
    percent(v.rate),
    times(v.lift),
    v.n === 0 ? "" : colors.cyan(rateBar(v.rate, base, barWidth)),
  ]);
  verdictRows.push([
    colors.dim("all"),
    count(o.scored),
    count(o.positives),
    percent(base),
    "1.00×",
    colors.dim(`${rateBar(base, base, barWidth)} │ base rate`),
  ]);
  out.push(
    indent(
      table(["VERDICT", "ROWS", NOUN, "RATE", "LIFT", "RATE (0–100%)"], verdictRows, colors.dim),
    ),
  );

  // By score decile.
  out.push(heading(`By score decile ${colors.dim("(highest scores first)")}`));
  const decileRows = report.deciles.map((d) => [
    d.label,
    d.minScore === d.maxScore ? String(d.minScore) : `${d.minScore}–${d.maxScore}`,
    count(d.n),
    count(d.positives),
    percent(d.rate),
    times(d.lift),
    percent(d.captured, 0),
    colors.cyan(rateBar(d.rate, base, barWidth)),
  ]);
  out.push(
    indent(
      table(
        ["DECILE", "SCORE", "ROWS", NOUN, "RATE", "LIFT", "CAPTURED", "RATE (0–100%)"],
        decileRows,
        colors.dim,
      ),
    ),
  );
  out.push(
    colors.dim(
      indent(
        wrap(
          `${report.decileTies} CAPTURED: share of all ${noun} rows in this band and those above it.`,
          width - 4,
          "",
        ),
      ),
    ),
  );
  const aucText = report.auc === null ? "—" : report.auc.toFixed(3);
  out.push(
    `\n${colors.bold(`AUC ${aucText}`)}  ${colors.dim(`the chance that a ${noun} row scores above a ${negativeNoun} one (ties count half): 0.5 is chance, 1.0 a perfect ranking`)}`,
  );
  if (report.auc !== null) {
    const a = report.auc;
    const verdict =
      a < 0.45
        ? "The score ranks worse than chance here: higher scores went with fewer positives."
        : a < 0.55
          ? "The score ranks no better than chance on this history."
          : a < 0.65
            ? "The score ranks a little better than chance."
            : a < 0.75
              ? "The score ranks fairly well."
              : "The score ranks well.";
    out.push(`  ${verdict}`);
  }

  const q = report.qualified;
  out.push(
    `\n${colors.bold("Qualified")}: precision ${colors.bold(percent(q.precision))} ${colors.dim(`(of ${count(q.n)} qualified, ${count(q.positives)} ${noun})`)} · recall ${colors.bold(percent(q.recall))} ${colors.dim(`(of ${count(o.positives)} ${noun}, ${count(q.positives)} were qualified)`)}`,
  );

  // The minScore sweep.
  const ms = report.minScore;
  const now = ms.current ?? 0;
  out.push(
    heading(
      `Moving minScore ${colors.dim(`(now ${ms.current === null ? "not set, so 0" : ms.current}; other gates and rules unchanged)`)}`,
    ),
  );
  const nowPoint = ms.sweep.find((p) => p.minScore === Math.ceil(now));
  const sweepTable = sweepRows(report).map((p) => [
    String(p.minScore),
    count(p.qualified),
    nowPoint === undefined ? "" : signed(p.qualified - nowPoint.qualified),
    percent(p.precision),
    percent(p.recall),
    p.j === null ? "—" : p.j.toFixed(3),
    p.minScore === Math.ceil(now)
      ? colors.dim("◀ now")
      : p.minScore === ms.suggested
        ? colors.green("◀ suggested")
        : "",
  ]);
  out.push(
    indent(
      table(
        ["MINSCORE", "QUALIFIED", "CHANGE", "PRECISION", "RECALL", "J", ""],
        sweepTable,
        colors.dim,
      ),
    ),
  );
  if (ms.suggested !== null && ms.change !== null) {
    const c = ms.change;
    out.push(
      `  ${colors.bold(`Suggested minScore: ${ms.suggested}`)} — ${c.qualified >= 0 ? `${count(c.qualified)} more` : `${count(-c.qualified)} fewer`} qualified; precision ${percent(c.precision[0])} → ${percent(c.precision[1])}; recall ${percent(c.recall[0])} → ${percent(c.recall[1])}.`,
    );
    out.push(
      colors.dim(
        indent(
          wrap(
            `${ms.reason} Not applied: to use it, set verdict.qualified.minScore: ${ms.suggested} in the framework and run the backtest again.`,
            width - 4,
          ),
        ),
      ),
    );
  } else out.push(`  No change suggested. ${colors.dim(ms.reason)}`);

  // Criteria.
  out.push(heading(`Criteria ${colors.dim(`(${noun} rate when met, not met, unknown)`)}`));
  const best = report.criteria.reduce<number | null>(
    (m, c) =>
      c.difference === null
        ? m
        : m === null
          ? Math.abs(c.difference)
          : Math.max(m, Math.abs(c.difference)),
    null,
  );
  out.push(
    indent(
      table(
        ["CRITERION", "MET", "NOT MET", "UNKNOWN", "DIFFERENCE"],
        report.criteria.map((c) => [
          c.label,
          cellText(c.met),
          cellText(c.unmet),
          cellText(c.unknown),
          c.difference !== null && best !== null && Math.abs(c.difference) === best && best > 0
            ? colors.bold(points(c.difference))
            : points(c.difference),
        ]),
        colors.dim,
      ),
    ),
  );
  out.push(colors.dim("  DIFFERENCE: rate when met minus rate when not met."));

  // Answers.
  out.push(heading(`Answers ${colors.dim(`(${noun} rate per answer; lift over the base rate)`)}`));
  for (const a of report.answers) {
    if (a.column === null) continue;
    out.push(
      `  ${colors.bold(a.question)} ${colors.dim(`← ${a.column}`)}${a.spread === null ? "" : colors.dim(`  spread ${points(a.spread).replace(/^\+/, "")}`)}`,
    );
    const answersTable = (labelWidth: number) =>
      indent(
        indent(
          table(
            ["ANSWER", "POINTS", "ROWS", NOUN, "RATE", "LIFT", ""],
            a.buckets
              .filter((b) => b.n > 0)
              .map((b) => [
                b.kind === "unknown" ? colors.dim(b.label) : truncate(b.label, labelWidth),
                b.points === null ? "" : String(b.points),
                count(b.n),
                count(b.positives),
                percent(b.rate),
                times(b.lift),
                colors.cyan(rateBar(b.rate, base, Math.min(barWidth, 20))),
              ]),
            colors.dim,
          ),
        ),
      );
    // Labels are cut to fit the width: a wrapped row would lose its columns.
    let labelWidth = 36;
    let lines = answersTable(labelWidth);
    const over = Math.max(...lines.split("\n").map(visibleLength)) - width;
    if (over > 0) {
      labelWidth = Math.max(12, labelWidth - over);
      lines = answersTable(labelWidth);
    }
    const unseen = a.buckets.filter(
      (b) => b.n === 0 && (b.kind === "option" || b.kind === "band"),
    ).length;
    out.push(lines);
    if (unseen > 0)
      out.push(colors.dim(`    (${unseen} answer${unseen === 1 ? "" : "s"} never seen)`));
  }
  const noColumn = report.answers.filter((a) => a.column === null).map((a) => a.question);
  if (noColumn.length > 0)
    out.push(colors.dim(`  no column (unknown for every row): ${noColumn.join(", ")}`));
  out.push(
    colors.dim(
      `  mean coverage ${report.coverage.mean === null ? "—" : `${report.coverage.mean.toFixed(0)}%`} of the maximum points answered`,
    ),
  );

  if (report.warnings.length > 0) {
    out.push(heading(colors.yellow("Warnings")));
    for (const w of report.warnings)
      out.push(`  ${colors.yellow("!")} ${wrap(w.message, width - 6, "    ")}`);
  }
  return `${fitToWidth(out.join("\n"), width)}\n`;
}
