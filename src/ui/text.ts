/** Small text helpers for terminal output: bars, padding, wrapping. */

/** A bar of `width` cells filled in proportion to part/whole, with eighth-block precision. */
export function bar(part: number, whole: number, width: number): { filled: string; empty: string } {
  const ratio = whole > 0 ? Math.max(0, Math.min(1, part / whole)) : 0;
  const eighths = Math.round(ratio * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  const partial = rest > 0 ? "▏▎▍▌▋▊▉"[rest - 1]! : "";
  const filled = "█".repeat(full) + partial;
  return { filled, empty: "░".repeat(width - full - (partial ? 1 : 0)) };
}

/** Display width, counting each code point as one column (enough for the texts we print). */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, "")].length;
}

export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleLength(text)));
}

export function padStart(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - visibleLength(text))) + text;
}

/** Wraps plain text to `width` columns; continuation lines get `indent`. */
export function wrap(text: string, width: number, indent = ""): string {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line === "" ? word : `${line} ${word}`;
      if (visibleLength(candidate) > width && line !== "") {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines.join(`\n${indent}`);
}

/**
 * Rewraps every line of `text` wider than `width` at word boundaries, so the terminal never
 * breaks a word. A continuation line hangs two columns in from where its line's text starts.
 * Lines that fit (tables, bars) are left exactly as they are.
 */
export function fitToWidth(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => {
      if (visibleLength(line) <= width) return line;
      const lead = /^ */.exec(line)![0];
      // The continuation's indent counts too, so every line fits.
      return lead + wrap(line.slice(lead.length), width - lead.length - 2, `${lead}  `);
    })
    .join("\n");
}

/**
 * Text from a user's file (a CSV cell, a lead's name) made safe to print to a terminal:
 * control characters (an escape sequence could retitle the window or hide lines) become
 * `^[`-style caret notation; tabs and line breaks stay.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0080-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 ? `^${String.fromCharCode(code + 0x40)}` : code === 0x7f ? "^?" : "\ufffd";
  });
}
