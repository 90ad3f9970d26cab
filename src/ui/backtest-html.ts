/**
 * The `--html` report of `qualify backtest`: one self-contained file — inline CSS and SVG
 * charts, no script, no font, no image, nothing fetched (a Content-Security-Policy says so
 * to the browser). Every text from the framework or the CSV is escaped.
 */
import type { BacktestReport } from "../backtest/report.js";
import type { Cell } from "../backtest/metrics.js";
import { outcomeNoun, sweepRows } from "./backtest.js";

const SVG_NS = "http://www.w3.org/2000/svg";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const e = escapeHtml;
const count = (n: number): string => n.toLocaleString("en-US");
export const pct = (x: number | null, digits = 1): string =>
  x === null ? "—" : `${(100 * x).toFixed(digits)}%`;
const times = (x: number | null): string => (x === null ? "—" : `${x.toFixed(2)}×`);
const pts = (x: number | null): string =>
  x === null ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)} pts`;
const n2 = (x: number): string => (Math.round(x * 100) / 100).toString();

export const COLORS = {
  bar: "#3b82f6",
  barLow: "#94a3b8",
  qualified: "#16a34a",
  nurture: "#d97706",
  disqualified: "#dc2626",
  base: "#111827",
  grid: "#e5e7eb",
  axis: "#6b7280",
  precision: "#7c3aed",
  recall: "#0891b2",
};

interface Bar {
  label: string;
  sublabel?: string;
  value: number | null;
  color?: string;
  title: string;
}

/** Vertical bars of rates (0–100%) with a dashed base-rate line. */
function barChart(title: string, bars: readonly Bar[], base: number | null, label: string): string {
  const width = 480;
  const height = 300;
  const left = 48;
  const right = 16;
  const top = 28;
  const bottom = 52;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const maxValue = 1;
  const y = (v: number) => top + plotH - (v / maxValue) * plotH;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(4, Math.min(56, slot * 0.7));
  const parts: string[] = [];
  for (let t = 0; t <= 1.0001; t += 0.25) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${n2(y(t))}" y2="${n2(y(t))}" stroke="${COLORS.grid}"/>`,
      `<text x="${left - 6}" y="${n2(y(t) + 4)}" text-anchor="end" class="tick">${Math.round(t * 100)}%</text>`,
    );
  }
  bars.forEach((b, i) => {
    const cx = left + slot * i + slot / 2;
    if (b.value !== null) {
      const h = (b.value / maxValue) * plotH;
      parts.push(
        `<rect x="${n2(cx - barW / 2)}" y="${n2(y(b.value))}" width="${n2(barW)}" height="${n2(Math.max(0, h))}" fill="${b.color ?? COLORS.bar}"><title>${e(b.title)}</title></rect>`,
        `<text x="${n2(cx)}" y="${n2(y(b.value) - 5)}" text-anchor="middle" class="value">${pct(b.value, 0)}</text>`,
      );
    }
    parts.push(
      `<text x="${n2(cx)}" y="${height - bottom + 16}" text-anchor="middle" class="label">${e(b.label)}</text>`,
    );
    if (b.sublabel)
      parts.push(
        `<text x="${n2(cx)}" y="${height - bottom + 30}" text-anchor="middle" class="tick">${e(b.sublabel)}</text>`,
      );
  });
  if (base !== null)
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${n2(y(base))}" y2="${n2(y(base))}" stroke="${COLORS.base}" stroke-dasharray="6 4" stroke-width="1.5"><title>base rate ${pct(base)}</title></line>`,
      `<line x1="${width - right - 140}" x2="${width - right - 116}" y1="${top - 8}" y2="${top - 8}" stroke="${COLORS.base}" stroke-dasharray="6 4" stroke-width="1.5"/>`,
      `<text x="${width - right - 110}" y="${top - 4}" class="base">base rate ${pct(base)}</text>`,
    );
  parts.push(
    `<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="axis">${e(label)}</text>`,
  );
  return figure(title, width, height, parts);
}

interface Series {
  name: string;
  color: string;
  points: Array<{ x: number; y: number }>;
  dashed?: boolean;
}

/** Lines on a 0–xMax × 0–1 plane, with optional vertical markers. */
export function lineChart(
  title: string,
  series: readonly Series[],
  options: {
    xMax: number;
    xLabel: string;
    yLabel: string;
    xPercent?: boolean;
    markers?: Array<{ x: number; label: string; color: string }>;
    square?: boolean;
  },
): string {
  const width = options.square ? 400 : 480;
  const height = options.square ? 400 : 300;
  const left = 52;
  const right = 16;
  const top = 24;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (v: number) => left + (v / options.xMax) * plotW;
  const y = (v: number) => top + plotH - v * plotH;
  const parts: string[] = [];
  for (let t = 0; t <= 1.0001; t += 0.25) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${n2(y(t))}" y2="${n2(y(t))}" stroke="${COLORS.grid}"/>`,
      `<text x="${left - 6}" y="${n2(y(t) + 4)}" text-anchor="end" class="tick">${Math.round(t * 100)}%</text>`,
    );
    const xv = t * options.xMax;
    parts.push(
      `<line x1="${n2(x(xv))}" x2="${n2(x(xv))}" y1="${top}" y2="${top + plotH}" stroke="${COLORS.grid}"/>`,
      `<text x="${n2(x(xv))}" y="${top + plotH + 16}" text-anchor="middle" class="tick">${options.xPercent ? `${Math.round(t * 100)}%` : Math.round(xv)}</text>`,
    );
  }
  for (const marker of options.markers ?? []) {
    parts.push(
      `<line x1="${n2(x(marker.x))}" x2="${n2(x(marker.x))}" y1="${top}" y2="${top + plotH}" stroke="${marker.color}" stroke-dasharray="4 3" stroke-width="1.5"/>`,
      `<text x="${n2(x(marker.x) + 4)}" y="${top + 12}" class="marker" fill="${marker.color}">${e(marker.label)}</text>`,
    );
  }
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map((p, i) => `${i === 0 ? "M" : "L"}${n2(x(p.x))},${n2(y(p.y))}`).join(" ");
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" ${s.dashed ? 'stroke-width="1.5" stroke-dasharray="6 4"' : 'stroke-width="2.5"'}><title>${e(s.name)}</title></path>`,
    );
  }
  // Legend.
  series.forEach((s, i) => {
    const lx = left + 10 + i * 120;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${top - 10}" y2="${top - 10}" stroke="${s.color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="4 3"' : ""}/>`,
      `<text x="${lx + 22}" y="${top - 6}" class="tick">${e(s.name)}</text>`,
    );
  });
  parts.push(
    `<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" class="axis">${e(options.xLabel)}</text>`,
    `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis">${e(options.yLabel)}</text>`,
  );
  return figure(title, width, height, parts);
}

function figure(title: string, width: number, height: number, parts: string[]): string {
  return `<figure><figcaption>${e(title)}</figcaption><svg xmlns="${SVG_NS}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${e(title)}">${parts.join("")}</svg></figure>`;
}

function cellTd(c: Cell): string {
  return c.n === 0
    ? `<td class="num muted">—</td>`
    : `<td class="num">${pct(c.rate)} <span class="muted">of ${count(c.n)}</span></td>`;
}

/** A small inline bar for table rows (0–100%), with the base rate marked. */
function inlineBar(value: number | null, base: number | null): string {
  const w = 120;
  const parts = [`<rect x="0" y="3" width="${w}" height="10" fill="${COLORS.grid}"/>`];
  if (value !== null)
    parts.push(`<rect x="0" y="3" width="${n2(value * w)}" height="10" fill="${COLORS.bar}"/>`);
  if (base !== null)
    parts.push(
      `<line x1="${n2(base * w)}" x2="${n2(base * w)}" y1="0" y2="16" stroke="${COLORS.base}" stroke-width="1.5"/>`,
    );
  return `<svg xmlns="${SVG_NS}" viewBox="0 0 ${w} 16" width="${w}" height="16" class="inline">${parts.join("")}</svg>`;
}

const CSS = `
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:0;background:#f9fafb}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 4px}
.sub{color:#4b5563;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;min-width:150px}
.card .big{font-size:26px;font-weight:600}
.card .what{color:#6b7280;font-size:13px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{background:#fff;border:1px solid #e5e7eb;border-radius:8px;margin:0;padding:8px 12px}
figcaption{font-weight:600;margin-bottom:4px}
svg{max-width:100%;height:auto;font-family:inherit}
svg.inline{vertical-align:middle}
.tick{font-size:11px;fill:#6b7280}
.label{font-size:12px;fill:#111827}
.value{font-size:11px;fill:#111827}
.axis{font-size:12px;fill:#4b5563}
.base{font-size:11px;fill:#111827}
.marker{font-size:11px;font-weight:600}
table{border-collapse:collapse;background:#fff;border:1px solid #e5e7eb;margin:6px 0 10px}
th,td{padding:4px 10px;text-align:left;border-bottom:1px solid #f3f4f6}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#6b7280;background:#f9fafb}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.now td{background:#eff6ff}
tr.suggested td{background:#f0fdf4}
.muted{color:#9ca3af}
.note{color:#4b5563;font-size:13px;max-width:900px}
.warn{background:#fffbeb;border:1px solid #fcd34d;border-radius:8px;padding:8px 16px;margin:16px 0}
.warn li{margin:4px 0}
.suggest{background:#f0fdf4;border:1px solid #86efac;border-radius:8px;padding:8px 16px;max-width:900px}
footer{color:#6b7280;font-size:12px;margin-top:40px}
code{font-size:13px;background:#f3f4f6;padding:0 4px;border-radius:3px}
`;

export function renderBacktestHtml(report: BacktestReport): string {
  const fw = report.framework;
  const o = report.outcome;
  const base = report.baseRate;
  const noun = outcomeNoun(report, "positive");
  const negativeNoun = outcomeNoun(report, "negative");
  const title = `Backtest of ${fw.name} ${fw.version} on ${report.input.file}`;
  const body: string[] = [];

  body.push(`<h1>${e(title)}</h1>`);
  const left = o.leftOut.open + o.leftOut.blank + o.leftOut.unrecognised;
  const values = (list: ReadonlyArray<{ value: string; rows: number }>) =>
    list.map((v) => `${e(v.value || "(blank)")} ${count(v.rows)}`).join(", ");
  const several = (list: ReadonlyArray<{ value: string; rows: number }>) =>
    list.length > 1 ? ` (${values(list)})` : "";
  body.push(
    `<p class="sub">Outcome column <code>${e(o.column)}</code>: ${count(o.positives)} ${e(noun)}${several(o.values.positive)} and ${count(o.negatives)} ${e(negativeNoun)}${several(o.values.negative)} of ${count(o.scored)} rows with an outcome.${left > 0 ? ` Left out: ${count(left)} rows with no outcome yet${o.leftOut.open > 0 ? ` — open: ${values(o.values.open)}` : ""}${o.leftOut.blank > 0 ? `; blank: ${count(o.leftOut.blank)}` : ""}${o.leftOut.unrecognised > 0 ? `; not recognised: ${values(o.values.unrecognised)}` : ""}.` : ""}</p>`,
  );

  if (report.warnings.length > 0)
    body.push(
      `<div class="warn"><strong>Warnings</strong><ul>${report.warnings.map((w) => `<li>${e(w.message)}</li>`).join("")}</ul></div>`,
    );

  const q = report.qualified;
  const card = (big: string, what: string) =>
    `<div class="card"><div class="big">${big}</div><div class="what">${what}</div></div>`;
  body.push(
    `<div class="cards">${[
      card(pct(base), `base rate (${e(noun)} of all with an outcome)`),
      card(report.auc === null ? "—" : report.auc.toFixed(3), "AUC of the score (0.5 is chance)"),
      card(pct(q.precision), `precision of qualified (${count(q.positives)} of ${count(q.n)})`),
      card(pct(q.recall), `recall of qualified (of ${count(o.positives)} ${e(noun)})`),
      card(count(o.scored), `rows scored (of ${count(report.input.rows)} read)`),
    ].join("")}</div>`,
  );

  // Charts.
  const verdictColor = {
    qualified: COLORS.qualified,
    nurture: COLORS.nurture,
    disqualified: COLORS.disqualified,
  };
  const charts: string[] = [];
  charts.push(
    barChart(
      `${cap(noun)} rate by score decile (highest scores first)`,
      report.deciles.map((d) => ({
        label: d.label,
        sublabel: d.minScore === d.maxScore ? `${d.minScore}` : `${d.minScore}–${d.maxScore}`,
        value: d.rate,
        color: d.rate !== null && base !== null && d.rate < base ? COLORS.barLow : COLORS.bar,
        title: `decile ${d.label}: scores ${d.minScore}–${d.maxScore}, ${count(d.positives)} of ${count(d.n)} ${noun} (${pct(d.rate)}), lift ${times(d.lift)}`,
      })),
      base,
      "decile (score range below)",
    ),
  );
  charts.push(
    barChart(
      `${cap(noun)} rate by verdict`,
      report.verdicts.map((v) => ({
        label: v.verdict,
        sublabel: `${count(v.n)} rows`,
        value: v.rate,
        color: verdictColor[v.verdict],
        title: `${v.verdict}: ${count(v.positives)} of ${count(v.n)} ${noun} (${pct(v.rate)}), lift ${times(v.lift)}`,
      })),
      base,
      "verdict",
    ),
  );
  charts.push(
    lineChart(
      `ROC curve — AUC ${report.auc === null ? "—" : report.auc.toFixed(3)}`,
      [
        {
          name: "score",
          color: COLORS.bar,
          points: report.roc.map((p) => ({ x: p.fpr, y: p.tpr })),
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
        xLabel: `share of ${negativeNoun} let through`,
        yLabel: `share of ${noun} found`,
        square: true,
      },
    ),
  );
  const gains = [
    { x: 0, y: 0 },
    ...report.deciles.map((d) => ({ x: d.cumulativeShare, y: d.captured ?? 0 })),
  ];
  charts.push(
    lineChart(
      `Cumulative ${noun} captured`,
      [
        { name: "by score", color: COLORS.bar, points: gains },
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
        xLabel: "share of rows, highest scores first",
        yLabel: `share of ${noun} captured`,
        square: true,
      },
    ),
  );
  const ms = report.minScore;
  const markers = [
    { x: ms.current ?? 0, label: `now ${ms.current ?? "none"}`, color: COLORS.base },
  ];
  if (ms.suggested !== null)
    markers.push({ x: ms.suggested, label: `suggested ${ms.suggested}`, color: COLORS.qualified });
  charts.push(
    lineChart(
      "Moving minScore: precision and recall of qualified",
      [
        {
          name: "precision",
          color: COLORS.precision,
          points: ms.sweep
            .filter((p) => p.precision !== null)
            .map((p) => ({ x: p.minScore, y: p.precision! })),
        },
        {
          name: "recall",
          color: COLORS.recall,
          points: ms.sweep
            .filter((p) => p.recall !== null)
            .map((p) => ({ x: p.minScore, y: p.recall! })),
        },
      ],
      { xMax: 100, xLabel: "minScore", yLabel: "rate", markers },
    ),
  );
  body.push(`<h2>Charts</h2><div class="charts">${charts.join("")}</div>`);

  // Tables.
  body.push(`<h2>By verdict</h2>`);
  body.push(
    table(
      ["verdict", "rows", noun, "rate", "lift", ""],
      [
        ...report.verdicts.map((v) => [
          e(v.verdict),
          num(count(v.n)),
          num(count(v.positives)),
          num(pct(v.rate)),
          num(times(v.lift)),
          v.n > 0 ? inlineBar(v.rate, base) : "",
        ]),
        [
          `<span class="muted">all</span>`,
          num(count(o.scored)),
          num(count(o.positives)),
          num(pct(base)),
          num("1.00×"),
          inlineBar(base, base),
        ],
      ],
    ),
  );

  body.push(`<h2>By score decile</h2>`);
  body.push(
    table(
      ["decile", "scores", "rows", noun, "rate", "lift", "captured", ""],
      report.deciles.map((d) => [
        e(d.label),
        d.minScore === d.maxScore ? `${d.minScore}` : `${d.minScore}–${d.maxScore}`,
        num(count(d.n)),
        num(count(d.positives)),
        num(pct(d.rate)),
        num(times(d.lift)),
        num(pct(d.captured, 0)),
        inlineBar(d.rate, base),
      ]),
    ),
  );
  body.push(
    `<p class="note">${e(report.decileTies)} <em>Captured</em>: share of all ${e(noun)} rows in the band and those above it. AUC ${report.auc === null ? "—" : report.auc.toFixed(3)}: the chance that a ${e(noun)} row scores above a ${e(negativeNoun)} one, ties counting half; 0.5 is chance, 1.0 a perfect ranking.</p>`,
  );

  body.push(`<h2>Moving minScore</h2>`);
  body.push(
    `<p class="note">What the qualified gate would give at each minScore, with every other gate and rule unchanged (now: ${ms.current === null ? "not set, so 0" : ms.current}). J is recall minus the share of ${e(negativeNoun)} let through; 0 is no better than chance.</p>`,
  );
  const nowPoint = ms.sweep.find((p) => p.minScore === Math.ceil(ms.current ?? 0));
  body.push(
    table(
      ["minScore", "qualified", "change", "precision", "recall", "J"],
      sweepRows(report).map((p) => [
        `${p.minScore}${p.minScore === Math.ceil(ms.current ?? 0) ? " (now)" : p.minScore === ms.suggested ? " (suggested)" : ""}`,
        num(count(p.qualified)),
        num(nowPoint === undefined ? "" : signed(p.qualified - nowPoint.qualified)),
        num(pct(p.precision)),
        num(pct(p.recall)),
        num(p.j === null ? "—" : p.j.toFixed(3)),
      ]),
      sweepRows(report).map((p) =>
        p.minScore === Math.ceil(ms.current ?? 0)
          ? "now"
          : p.minScore === ms.suggested
            ? "suggested"
            : "",
      ),
    ),
  );
  if (ms.suggested !== null && ms.change !== null) {
    const c = ms.change;
    body.push(
      `<div class="suggest"><strong>Suggested minScore: ${ms.suggested}</strong> — ${c.qualified >= 0 ? `${count(c.qualified)} more` : `${count(-c.qualified)} fewer`} qualified; precision ${pct(c.precision[0])} → ${pct(c.precision[1])}; recall ${pct(c.recall[0])} → ${pct(c.recall[1])}. ${e(ms.reason)} <em>Not applied</em>: to use it, set <code>verdict.qualified.minScore: ${ms.suggested}</code> in the framework.</div>`,
    );
  } else body.push(`<p class="note"><strong>No change suggested.</strong> ${e(ms.reason)}</p>`);

  body.push(`<h2>Criteria</h2>`);
  body.push(
    table(
      ["criterion", "level", "met", "not met", "unknown", "difference"],
      report.criteria.map((c) => [
        e(c.label),
        e(c.level),
        cellTd(c.met),
        cellTd(c.unmet),
        cellTd(c.unknown),
        num(pts(c.difference)),
      ]),
    ),
  );
  body.push(
    `<p class="note">${e(cap(noun))} rate when the criterion is met, not met, and unknown; difference: met minus not met.</p>`,
  );

  body.push(`<h2>Answers</h2>`);
  for (const a of report.answers) {
    if (a.column === null) continue;
    body.push(
      `<h3>${e(a.question)} <span class="muted">← ${e(a.column)}${a.spread === null ? "" : ` · spread ${pts(a.spread).replace(/^\+/, "")}`}</span></h3>`,
    );
    body.push(
      table(
        ["answer", "points", "rows", noun, "rate", "lift", ""],
        a.buckets
          .filter((b) => b.n > 0 || b.kind === "option" || b.kind === "band")
          .map((b) => [
            b.kind === "unknown" ? `<span class="muted">unknown</span>` : e(b.label),
            num(b.points === null ? "" : String(b.points)),
            num(count(b.n)),
            num(count(b.positives)),
            num(pct(b.rate)),
            num(times(b.lift)),
            b.n > 0 ? inlineBar(b.rate, base) : "",
          ]),
      ),
    );
  }
  const noColumn = report.answers.filter((a) => a.column === null).map((a) => a.question);
  if (noColumn.length > 0)
    body.push(
      `<p class="note">No column (unknown for every row): ${noColumn.map(e).join(", ")}.</p>`,
    );
  body.push(
    `<p class="note">Mean coverage: ${report.coverage.mean === null ? "—" : `${report.coverage.mean.toFixed(0)}%`} of the maximum points answered.</p>`,
  );

  body.push(
    `<footer>qualify backtest · framework ${e(fw.id)} ${e(fw.version)} · sha256 ${e(fw.hash)} · schemaVersion ${report.schemaVersion} · ${count(report.input.rows)} rows read from ${e(report.input.file)}</footer>`,
  );
  return htmlPage(title, body, "qualify-backtest", report);
}

/**
 * A self-contained report page: the body, the shared styles, and the figures as JSON for
 * anyone who wants them from the file (never executed: the policy allows no script).
 */
export function htmlPage(
  title: string,
  body: readonly string[],
  dataId: string,
  data: unknown,
): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body.join("\n")}
</main>
<script type="application/json" id="${dataId}">${json}</script>
</body>
</html>
`;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function signed(n: number): string {
  return n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : "±0";
}

/** Marks a cell as numeric (right-aligned). */
export function num(text: string): string {
  return `\u0000num${text}`;
}

export function table(header: string[], rows: string[][], classes?: string[]): string {
  const numeric = (cellText: string) => cellText.startsWith("\u0000num");
  const td = (cellText: string) =>
    cellText.startsWith("<td")
      ? cellText
      : numeric(cellText)
        ? `<td class="num">${cellText.slice(4)}</td>`
        : `<td>${cellText}</td>`;
  const firstRow = rows[0] ?? [];
  const th = header
    .map((h, i) => {
      const c = firstRow[i];
      const isNum = c !== undefined && (numeric(c) || c.startsWith('<td class="num'));
      return `<th${isNum ? ' class="num"' : ""}>${e(h)}</th>`;
    })
    .join("");
  const body = rows
    .map((r, i) => {
      const cls = classes?.[i];
      return `<tr${cls ? ` class="${cls}"` : ""}>${r.map(td).join("")}</tr>`;
    })
    .join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}
