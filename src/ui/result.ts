/** The human rendering of a result: verdict, a bar per criterion, reasons, flags, gaps, action. */
import type { CompiledFramework } from "../core/compile.js";
import type { CriterionStatus, Result } from "../core/engine.js";
import type { Verdict } from "../core/schema.js";
import type { Colors } from "./color.js";
import { bar, fitToWidth, padEnd, padStart, printable, wrap } from "./text.js";

export function verdictBadge(verdict: Verdict, colors: Colors): string {
  const label = ` ${verdict.toUpperCase()} `;
  switch (verdict) {
    case "qualified":
      return colors.bold.black.bgGreen(label);
    case "nurture":
      return colors.bold.black.bgYellow(label);
    case "disqualified":
      return colors.bold.white.bgRed(label);
  }
}

function statusText(status: CriterionStatus, colors: Colors): string {
  switch (status) {
    case "met":
      return colors.green("✓ met");
    case "unmet":
      return colors.red("✗ not met");
    case "unknown":
      return colors.yellow("? unknown");
  }
}

const MAX_GAPS = 5;

export function renderResult(
  result: Result,
  compiled: CompiledFramework,
  colors: Colors,
  width = 100,
): string {
  const out: string[] = [];
  const title = `${printable(result.lead ?? "Lead")} — ${result.framework.name} ${result.framework.version}`;
  out.push(colors.bold(title));
  out.push(
    `${verdictBadge(result.verdict, colors)}  score ${colors.bold(String(result.score))}/100 ${colors.dim(`(${result.points} of ${result.maxPoints} points) · coverage ${result.coverage}%`)}`,
  );
  out.push("");

  const labelWidth = Math.max(...result.criteria.map((c) => c.label.length));
  const barWidth = Math.max(10, Math.min(24, width - labelWidth - 44));
  for (const criterion of result.criteria) {
    const { filled, empty } = bar(criterion.points, criterion.maxPoints, barWidth);
    const paint =
      criterion.status === "met"
        ? colors.green
        : criterion.status === "unmet"
          ? colors.red
          : colors.yellow;
    out.push(
      `  ${padEnd(criterion.label, labelWidth)}  ${colors.dim(padEnd(criterion.level, 12))} ${paint(filled)}${colors.dim(empty)} ${padStart(`${criterion.points}/${criterion.maxPoints}`, 7)}  ${statusText(criterion.status, colors)}`,
    );
  }

  out.push("", colors.bold("Why"));
  for (const reason of result.reasons) out.push(`  • ${wrap(reason, width - 4, "    ")}`);
  const others = result.rules.filter((r) => !r.decisive);
  for (const rule of others) {
    out.push(
      `  ${colors.dim(`• also ${rule.then === "disqualify" ? "disqualifies" : "nurtures"} (${rule.level}): ${rule.reason}`)}`,
    );
  }

  if (result.flags.length > 0) {
    out.push("", colors.bold("Flags"));
    for (const flag of result.flags)
      out.push(`  ${colors.yellow("!")} ${wrap(flag.message, width - 4, "    ")}`);
  }

  if (result.gaps.length > 0) {
    out.push("", colors.bold("Ask next"));
    result.gaps.slice(0, MAX_GAPS).forEach((gap, i) => {
      const criterion = compiled.criterionById.get(gap.criterion)!;
      const worth =
        gap.points > 0
          ? `${criterion.label}, up to ${gap.points} point${gap.points === 1 ? "" : "s"}`
          : criterion.label;
      // Wrapped with its note, so the line stays within the width; the note is dimmed.
      const line = wrap(`${gap.text} (${worth})`, width - 6, "     ");
      const note = line.lastIndexOf(`(${worth})`);
      out.push(
        `  ${i + 1}. ${note >= 0 ? line.slice(0, note) + colors.dim(line.slice(note)) : line}`,
      );
    });
    if (result.gaps.length > MAX_GAPS)
      out.push(colors.dim(`     … and ${result.gaps.length - MAX_GAPS} more unanswered`));
  }

  out.push("", `${colors.bold("Next step:")} ${wrap(result.action, width - 12, "  ")}`);
  out.push(
    colors.dim(
      `framework ${result.framework.id} ${result.framework.version} · sha256 ${result.framework.hash.slice(0, 12)}`,
    ),
  );
  return `${fitToWidth(out.join("\n"), width)}\n`;
}
