/**
 * Nothing lost: for any CSV — ragged rows, blank lines, quoted line breaks, footers — every
 * record after the header is either an output row or a skipped line, and output rows carry
 * their input fields unchanged.
 */
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { scoreStream } from "../../src/io/batch.js";
import { csvField } from "../../src/io/csv/writer.js";
import { loadFramework } from "../../src/io/frameworks.js";

const cell = fc.oneof(
  fc.constantFrom(
    "Yes",
    "No Budget",
    "Critical",
    "ASAP",
    "maybe",
    "",
    "Next Year",
    "Decision Maker",
  ),
  fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r\n", "é", ";"), maxLength: 6 }),
);
const record = fc.oneof(
  { weight: 8, arbitrary: fc.array(cell, { minLength: 4, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant([] as string[]) },
);

describe("batch accounts for every row", async () => {
  const { compiled } = await loadFramework(
    "bant",
    { cwd: "/nonexistent", env: {} },
    { today: "2026-01-15" },
  );

  it("output rows + skipped lines = input records", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 30 }),
        fc.boolean(),
        fc.nat(200),
        async (records, crlf, cut) => {
          const eol = crlf ? "\r\n" : "\n";
          const lines = [["Budget", "Need", "Timeline", "Authority"], ...records].map((r) =>
            r.map((f) => csvField(f, ",")).join(","),
          );
          const text = lines.join(eol) + eol;
          const bytes = Buffer.from(text);
          const at = Math.min(cut, bytes.length);
          const out = new PassThrough();
          let written = "";
          out.on("data", (d: Buffer) => (written += d.toString()));
          const summary = await scoreStream(
            compiled,
            [bytes.subarray(0, at), bytes.subarray(at)],
            out,
          );

          const input = parse(text, {
            relax_column_count: true,
            skip_empty_lines: false,
          }) as string[][];
          const dataRecords = input.slice(1);
          expect(summary.rows + summary.skipped.count).toBe(dataRecords.length);
          expect(summary.rows).toBe(dataRecords.filter((r) => r.length === 4).length);
          const output = parse(written, { relax_column_count: true }) as string[][];
          expect(output.length - 1).toBe(summary.written);
          const kept = dataRecords.filter((r) => r.length === 4);
          output.slice(1).forEach((row, i) => expect(row.slice(0, 4)).toEqual(kept[i]));
        },
      ),
      { numRuns: 300 },
    );
  });
});
