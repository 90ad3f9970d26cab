import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDate } from "../../src/core/coerce.js";
import { DateCells } from "../../src/io/cell-date.js";

const cells = new DateCells();
/** The byte reader on a cell as it lies in a file (quoted or not). */
const fromBytes = (cell: string): string | undefined => {
  const bytes = Buffer.from(cell);
  return cells.read(bytes, 0, bytes.length);
};
const decoded = (cell: string): string =>
  cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;

/** Either the fast reader declines (so the reference reads it) or it agrees exactly. */
function expectAgrees(cell: string): void {
  const fast = fromBytes(cell);
  if (fast !== undefined) expect(fast, cell).toBe(parseDate(decoded(cell)));
}

describe("DateCells", () => {
  it("reads ISO, US and Zoho cells as parseDate does", () => {
    for (const [cell, date] of [
      ["2026-03-31", "2026-03-31"],
      ["2026-3-5", "2026-03-05"],
      ["2026-03-31T14:05:00Z", "2026-03-31"],
      ["2026-03-31 14:05:00.123", "2026-03-31"],
      ["03/31/2026", "2026-03-31"],
      ["3/5/26 2:05 PM", "2026-03-05"],
      ["12/31/99", "1999-12-31"],
      ['"31 Mar, 2026 14:05:00"', "2026-03-31"],
      ["5-Sept-2026", "2026-09-05"],
      ["29 Feb 2024", "2024-02-29"],
    ] as const) {
      expect(fromBytes(cell), cell).toBe(date);
      expect(parseDate(decoded(cell)), cell).toBe(date);
    }
  });

  it("declines what only the reference parser reads, or what is no date", () => {
    for (const cell of [
      "",
      "2026-02-30",
      "29 Feb 2023",
      "13/01/2026",
      "Mar 31, 2026",
      " 2026-03-31",
      "2026-03-31 ",
      "2026-03-31T14:05+02:00",
      "0099-01-01",
      "31 Foo, 2026",
      "1/1/123",
      "2026-03-31x",
      "unknown",
    ])
      expect(fromBytes(cell), cell).toBeUndefined();
  });

  it("agrees with parseDate on generated cells", () => {
    const n = (max: number) => fc.integer({ min: 0, max }).map(String);
    const padded = (max: number) =>
      fc.integer({ min: 0, max }).map((v) => String(v).padStart(2, "0"));
    const day = fc.oneof(n(35), padded(35));
    const month = fc.oneof(n(13), padded(13));
    const year = fc.oneof(fc.integer({ min: 900, max: 2100 }).map(String), padded(99), n(99999));
    const name = fc.constantFrom("Jan", "feb", "MAR", "Sept", "Oct.", "Decembers", "Foo", "Ma");
    const date = fc.oneof(
      fc.tuple(year, month, day).map(([y, m, d]) => `${y}-${m}-${d}`),
      fc.tuple(month, day, year).map(([m, d, y]) => `${m}/${d}/${y}`),
      fc
        .tuple(
          day,
          fc.constantFrom(" ", "-"),
          name,
          fc.constantFrom("", ","),
          fc.constantFrom(" ", "-"),
          year,
        )
        .map(([d, a, m, c, b, y]) => `${d}${a}${m}${c}${b}${y}`),
    );
    const time = fc.constantFrom(
      "",
      " 2:05",
      "T14:05:00",
      " 14:05:00.5",
      " 2:05 PM",
      " 2:05pm",
      " 14:05:00Z",
      "t1:00 z",
      " 14:5",
      " 14:05:0",
      " 2:05  am ",
      "T14:05:00+02:00",
      " ",
    );
    const cell = fc
      .tuple(date, time, fc.boolean())
      .map(([d, t, quoted]) => (quoted ? `"${d}${t}"` : `${d}${t}`));
    fc.assert(
      fc.property(cell, (c) => expectAgrees(c)),
      { numRuns: 10_000 },
    );
  });

  it("never accepts what parseDate rejects, on any short text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-/: TZamp,"JanFeb.') }), (c) =>
        expectAgrees(c),
      ),
      { numRuns: 10_000 },
    );
  });
});
