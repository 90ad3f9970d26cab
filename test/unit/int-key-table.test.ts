import { describe, expect, it } from "vitest";
import { IntKeyTable, intKeyHash } from "../../src/io/int-key-table.js";

/** A row key as RowAnswers makes it for a choice cell and a number cell holding `n`. */
function numberKey(n: number): Int32Array {
  const bits = new Int32Array(new Float64Array([n]).buffer);
  return Int32Array.from([7, 0, bits[0]!, bits[1]!]);
}

describe("IntKeyTable", () => {
  it("spreads keys that differ only in their high bits over the table's slots", () => {
    // Whole numbers leave the low half of their bits 0: only high bits tell them apart.
    const slots = new Set(
      Array.from({ length: 600 }, (_, i) => intKeyHash(numberKey(i + 1), 4) & 1023),
    );
    expect(slots.size).toBeGreaterThan(350);
  });

  it("finds each key it remembered, by value, across its growth", () => {
    const table = new IntKeyTable<number>(4, 10_000);
    for (let n = 0; n < 5000; n++) {
      const key = numberKey(n);
      expect(table.lookup(key, 4)).toBeUndefined();
      table.remember(n);
      key.fill(0); // the table keeps its own copy
    }
    for (let n = 4999; n >= 0; n--) expect(table.lookup(numberKey(n), 4)).toBe(n);
    expect(table.lookup(numberKey(0.5), 4)).toBeUndefined();
    expect(table.lookup(numberKey(1), 3)).toBeUndefined();
    expect(table.size).toBe(5000);
  });
});
