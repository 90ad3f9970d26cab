import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNumber } from "../../src/core/coerce.js";
import { numberFromBytes } from "../../src/io/cell-number.js";

/** The byte reader on a cell as it lies in a file (quoted or not). */
const fromBytes = (cell: string): number => {
  const bytes = Buffer.from(cell);
  return numberFromBytes(bytes, 0, bytes.length);
};

/** The cell's text as the CSV reader decodes it (a quoted field without its quotes). */
const decoded = (cell: string): string =>
  cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;

/** Either the fast reader declines (NaN, so the reference reads it) or it agrees exactly. */
function expectAgrees(cell: string): void {
  const fast = fromBytes(cell);
  if (!Number.isNaN(fast)) expect(Object.is(fast, parseNumber(decoded(cell))), cell).toBe(true);
}

describe("numberFromBytes", () => {
  it("reads the common shapes as parseNumber does", () => {
    for (const [cell, value] of [
      ["1234", 1234],
      ["-12.5", -12.5],
      ['"$22,700.00"', 22700],
      ["$1234.56", 1234.56],
      ['"-$1,200"', -1200],
      ['"12,345"', 12345],
      ["007", 7],
      ["0.1", 0.1],
      ["-0", -0],
      ["999999999999999", 999999999999999],
      ["1.2M", 1.2e6],
      ["1.234567M", 1_234_567],
      ["12k", 12_000],
      ['"$850K"', 850_000],
      ["-2.5bn", -2.5e9],
      ["3MM", 3e6],
      ["0.7b", 0.7e9],
    ] as const) {
      expect(Object.is(fromBytes(cell), value), cell).toBe(true);
      expect(Object.is(parseNumber(decoded(cell)), value), cell).toBe(true);
    }
  });

  it("declines what only the reference parser reads, or what is no number", () => {
    for (const cell of [
      "",
      '""',
      "1.2 M",
      "12kk",
      "12x",
      "1.M",
      "M",
      "12%",
      "(1,200)",
      " 12",
      "12 ",
      "1 200",
      '"1.234,56"',
      "1,5",
      "12,34",
      "1,2345",
      ",123",
      "1.",
      ".5",
      "1e3",
      "+5",
      "$-1",
      "€12",
      "12 USD",
      "-",
      "$",
      "unknown",
      "n/a",
      '"1""2"',
      "1234567890123456",
      "１２",
    ])
      expect(fromBytes(cell), cell).toBeNaN();
  });

  it("agrees with parseNumber on generated cells", () => {
    const digits = fc.stringMatching(/^\d{1,18}$/);
    const grouped = fc
      .tuple(
        fc.stringMatching(/^\d{1,3}$/),
        fc.array(fc.stringMatching(/^\d{1,4}$/), { maxLength: 5 }),
      )
      .map(([head, groups]) => [head, ...groups].join(","));
    const cell = fc
      .tuple(
        fc.constantFrom("", "-", "+", "(", " "),
        fc.constantFrom("", "$", "€"),
        fc.oneof(digits, grouped),
        fc.constantFrom("", ".", ".5", ".25", ".0001", ".123456789"),
        fc.constantFrom("", "M", "k", "K", "mm", "Bn", "b", "%", " ", ")", "e3", "kb", " k"),
        fc.boolean(),
      )
      .map(([sign, symbol, whole, fraction, suffix, quoted]) => {
        const text = `${sign}${symbol}${whole}${fraction}${suffix}`;
        return quoted ? `"${text}"` : text;
      });
    fc.assert(
      fc.property(cell, (c) => expectAgrees(c)),
      { numRuns: 5_000 },
    );
  });

  it("never accepts what parseNumber rejects, on any short text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789$-,." MmBbkn%') }), (c) =>
        expectAgrees(c),
      ),
      { numRuns: 5_000 },
    );
  });
});
