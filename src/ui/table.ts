/** A plain aligned table for terminal output. */
import { padEnd, visibleLength } from "./text.js";

export function table(
  header: string[],
  rows: string[][],
  style: (text: string) => string = (t) => t,
): string {
  const widths = header.map((h, i) =>
    Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ""))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : padEnd(cell, widths[i]!)))
      .join("  ")
      .trimEnd();
  return [style(line(header)), ...rows.map(line)].join("\n") + "\n";
}
