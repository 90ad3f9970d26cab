/** What `qualify batch` prints on stderr: the column mapping, a progress line, the summary. */
import type { CompiledFramework } from "../core/compile.js";
import type { BatchSummary } from "../io/batch.js";
import type { Mapping } from "../io/mapping.js";
import type { Colors } from "./color.js";
import { bar, printable } from "./text.js";
import { table } from "./table.js";

const count = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

/** Characters of a warning the summary shows: a long cell (a pasted note) would fill the screen. */
const SHOWN_WARNING = 200;

function shortened(message: string): string {
  const shown = printable(message);
  return shown.length <= SHOWN_WARNING ? shown : `${shown.slice(0, SHOWN_WARNING - 1)}…`;
}

export function renderMapping(
  compiled: CompiledFramework,
  mapping: Mapping,
  headers: string[],
  colors: Colors,
): string {
  const how = { map: "--map", alias: "columns alias", id: "question id" } as const;
  const rows = mapping.bindings.map((b) => [
    compiled.questions[b.question]!.id,
    b.header,
    colors.dim(`column ${b.column + 1}, by ${how[b.how]}${b.values ? ", values mapped" : ""}`),
  ]);
  for (const id of mapping.unmapped)
    rows.push([id, colors.yellow("(no column)"), colors.dim("unknown for every row")]);
  const used = new Set(mapping.bindings.map((b) => b.column));
  const unused = headers.filter((_, i) => !used.has(i));
  return (
    `${colors.bold(`Columns → ${compiled.framework.name} questions`)}\n` +
    table(["QUESTION", "COLUMN", ""], rows, colors.dim) +
    (unused.length > 0 ? colors.dim(`Not read (passed through): ${unused.join(", ")}\n`) : "")
  );
}

export function progressLine(
  bytes: number,
  total: number,
  elapsedMs: number,
  colors: Colors,
): string {
  const { filled, empty } = bar(bytes, total, 30);
  const percent = total > 0 ? Math.min(100, Math.round((100 * bytes) / total)) : 0;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  const rate = elapsedMs > 0 ? `${mb((bytes / elapsedMs) * 1000)} MB/s` : "";
  return `\r${colors.cyan(filled)}${colors.dim(empty)} ${percent}% ${mb(bytes)}/${mb(total)} MB ${colors.dim(rate)}`;
}

export function renderSummary(
  summary: BatchSummary,
  compiled: CompiledFramework,
  seconds: number,
  output: string | undefined,
  colors: Colors,
): string {
  const fw = compiled.framework;
  const lines: string[] = [];
  const rate = seconds > 0 ? Math.round(summary.rows / seconds) : summary.rows;
  lines.push(
    `${colors.bold("qualify:")} ${plural(summary.rows, "row")} scored with ${fw.id} ${fw.version} in ${seconds.toFixed(1)} s${seconds >= 0.1 ? ` ${colors.dim(`(${count(rate)} rows/s)`)}` : ""}${output ? ` → ${output}` : ""}`,
  );
  const v = summary.verdicts;
  lines.push(
    `  ${colors.green(`qualified ${count(v.qualified)}`)} · ${colors.yellow(`nurture ${count(v.nurture)}`)} · ${colors.red(`disqualified ${count(v.disqualified)}`)}${summary.written !== summary.rows ? colors.dim(` · ${count(summary.written)} written (--only)`) : ""}`,
  );
  if (summary.rows === 0 && summary.headers.length > 0)
    lines.push(colors.yellow("  the file has a header but no data rows"));
  if (summary.warnings > 0) {
    lines.push(
      colors.yellow(
        `  warnings: ${plural(summary.rowsWithWarnings, "row")} had values that could not be read (made unknown; see qualify_warnings)`,
      ),
    );
    for (const sample of summary.warningSamples.slice(0, 3))
      lines.push(colors.dim(`    line ${sample.line}: ${shortened(sample.message)}`));
  }
  if (summary.skipped.count > 0) {
    lines.push(
      colors.yellow(
        `  skipped: ${plural(summary.skipped.count, "line")} that ${summary.skipped.count === 1 ? "is" : "are"} not a data row`,
      ),
    );
    for (const skip of summary.skipped.lines.slice(0, 5))
      lines.push(colors.dim(`    line ${skip.line}: ${skip.reason}`));
    if (summary.skipped.count > 5)
      lines.push(colors.dim(`    … ${count(summary.skipped.count - 5)} more`));
  }
  const unmapped = summary.mapping?.unmapped ?? [];
  if (unmapped.length > 0) {
    lines.push(
      colors.yellow(
        `  no column for ${unmapped.length} of ${compiled.questions.length} questions (unknown for every row): ${unmapped.join(", ")}`,
      ),
    );
    lines.push(
      colors.dim(
        "    map them with --map map.yaml; see which column feeds which question with --explain-mapping",
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}
