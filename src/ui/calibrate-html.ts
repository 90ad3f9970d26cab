/**
 * The `--html` report of `qualify calibrate`, beside backtest's: the held-out ROC curves
 * before and after, the figures, and the points old → new. Self-contained like backtest's
 * (same page, styles and charts); every text from the framework or the CSV is escaped.
 */
import type { CalibrationReport } from "../calibrate/report.js";
import { COLORS, escapeHtml as e, htmlPage, lineChart, num, pct, table } from "./backtest-html.js";

const count = (n: number): string => n.toLocaleString("en-US");
const signed = (x: number): string => `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x).toFixed(3)}`;
const points = (p: number | null): string => (p === null ? "—" : String(p));

export function renderCalibrationHtml(report: CalibrationReport): string {
  const fw = report.framework;
  const title = `Calibration of ${fw.name} ${fw.version} on ${report.input.file}`;
  const body: string[] = [`<h1>${e(title)}</h1>`];
  const s = report.split;
  body.push(
    `<p class="sub">Outcome column <code>${e(report.outcome.column)}</code>: ${count(report.outcome.positives)} positive and ${count(report.outcome.negatives)} negative. Learned from ${count(s.train.positives + s.train.negatives)} rows; judged on ${count(s.heldOut.positives + s.heldOut.negatives)} held out (${Math.round(s.holdout * 100)}% of each outcome, seed ${s.seed}).</p>`,
  );
  body.push(
    `<div class="${report.proposed ? "suggest" : "warn"}"><strong>${report.proposed ? "Proposed" : "No change proposed"}.</strong> ${e(report.reason)}${report.calibrated?.file ? ` Written to <code>${e(report.calibrated.file)}</code>${report.calibrated.extends ? ` (extends <code>${e(report.calibrated.extends)}</code>)` : ""}.` : ""}</div>`,
  );
  if (report.warnings.length > 0)
    body.push(
      `<div class="warn"><strong>Warnings</strong><ul>${report.warnings.map((w) => `<li>${e(w.message)}</li>`).join("")}</ul></div>`,
    );

  const { before, after, auc } = report.heldOut;
  if (before !== null && after !== null) {
    body.push(`<h2>Held out</h2>`);
    body.push(
      lineChart(
        `Held-out ROC — AUC ${before.auc?.toFixed(3) ?? "—"} before, ${after.auc?.toFixed(3) ?? "—"} after`,
        [
          {
            name: "before",
            color: COLORS.barLow,
            points: before.roc.map((p) => ({ x: p.fpr, y: p.tpr })),
          },
          {
            name: "after",
            color: COLORS.bar,
            points: after.roc.map((p) => ({ x: p.fpr, y: p.tpr })),
          },
          {
            name: "chance",
            color: COLORS.axis,
            dashed: true,
            points: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
        ],
        {
          xMax: 1,
          xPercent: true,
          xLabel: "share of negatives let through",
          yLabel: "share of positives found",
          square: true,
        },
      ),
    );
    const rows = [
      [
        "AUC",
        num(before.auc?.toFixed(3) ?? "—"),
        num(after.auc?.toFixed(3) ?? "—"),
        num(
          auc?.change == null
            ? "—"
            : `${signed(auc.change)}${auc.interval ? ` <span class="muted">(95%: ${signed(auc.interval[0])} to ${signed(auc.interval[1])})</span>` : ""}`,
        ),
      ],
      [
        "minScore",
        num(report.minScore.before === null ? "none" : String(report.minScore.before)),
        num(report.minScore.after === null ? "none" : String(report.minScore.after)),
        num(""),
      ],
      [
        "Precision of qualified",
        num(pct(before.qualified.precision)),
        num(pct(after.qualified.precision)),
        num(""),
      ],
      [
        "Recall of qualified",
        num(pct(before.qualified.recall)),
        num(pct(after.qualified.recall)),
        num(""),
      ],
      ...before.verdicts.map((b, i) => {
        const a = after.verdicts[i]!;
        return [
          `${e(b.verdict)}: rows, rate, lift`,
          num(
            `${count(b.n)} · ${pct(b.rate)} · ${b.lift === null ? "—" : `${b.lift.toFixed(2)}×`}`,
          ),
          num(
            `${count(a.n)} · ${pct(a.rate)} · ${a.lift === null ? "—" : `${a.lift.toFixed(2)}×`}`,
          ),
          num(""),
        ];
      }),
    ];
    body.push(table(["", "Before", "After", "Change"], rows));
  }

  if (report.calibrated !== null) {
    body.push(`<h2>Points, before → after</h2>`);
    for (const q of report.points) {
      body.push(`<h3><code>${e(q.question)}</code> ${e(q.text)}</h3>`);
      if (!q.learned) {
        body.push(
          `<p class="note">Not learned (${e(q.notLearned ?? "kept")}): its points stay.</p>`,
        );
        continue;
      }
      body.push(
        table(
          ["Answer", "Before", "After", "Training rows", "Rate"],
          q.answers.map((a) => [
            e(a.label),
            num(points(a.before)),
            num(a.before === a.after ? points(a.after) : `<strong>${points(a.after)}</strong>`),
            num(count(a.rows)),
            num(pct(a.rate)),
          ]),
        ),
      );
    }
  }
  const m = report.method;
  body.push(
    `<footer>qualify calibrate · framework ${e(fw.id)} ${e(fw.version)} · sha256 ${e(fw.hash)}${m ? ` · ${e(m.model)}, L2 ${m.l2}, ${m.iterations} iterations, ${count(m.patterns)} answer patterns · ${m.bootstrapReplicates} bootstrap replicates` : ""} · schemaVersion ${report.schemaVersion}</footer>`,
  );
  return htmlPage(title, body, "qualify-calibrate", report);
}
