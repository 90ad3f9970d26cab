/** RowAnswers' row key: rows with equal keys must read as equal answers and warnings. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvReader } from "../../src/io/csv/reader.js";
import { mapColumns } from "../../src/io/mapping.js";
import { RowAnswers } from "../../src/io/row-answers.js";
import { compile, sample } from "../helpers/framework.js";

const compiled = compile(sample);
const header = ["NumberOfEmployees", "budget", "deal_size", "timeline", "go_live", "signs"];

interface Read {
  key: number[] | undefined;
  values: unknown[];
  warnings: readonly string[];
}

function readRows(rows: string[][]): Read[] {
  const answers = new RowAnswers(compiled, mapColumns(compiled, header));
  const out: Read[] = [];
  const reader = new CsvReader(44, (record) => {
    if (record.line === 1) return;
    const warnings = answers.read(record);
    out.push({
      key: answers.keyed ? [...answers.rowKey.subarray(0, answers.rowKeyLength)] : undefined,
      values: [...answers.values],
      warnings: [...warnings],
    });
  });
  const csv = [header, ...rows].map((r) => r.map((f) => JSON.stringify(f)).join(",")).join("\n");
  reader.push(Buffer.from(`${csv}\n`));
  reader.end();
  return out;
}

const cell = {
  employees: ["800", "800.0", "$800", "1,200", "9", "lots", "", "-0", "0"],
  budget: ["yes", "Yes, allocated", "planned", "maybe", ""],
  deal: ["50000", "$50,000", "50k", "12.5", "a lot", ""],
  timeline: ["This quarter", "quarter", "year", "soon", ""],
  date: ["2026-02-01", "02/01/2026", "1 Feb, 2026", "2026-02-02", "someday", "", "Feb 2026"],
  signs: ["yes", "no", "true", "perhaps", ""],
};
const row = fc.tuple(
  fc.constantFrom(...cell.employees),
  fc.constantFrom(...cell.budget),
  fc.constantFrom(...cell.deal),
  fc.constantFrom(...cell.timeline),
  fc.constantFrom(...cell.date),
  fc.constantFrom(...cell.signs),
);

describe("RowAnswers row key", () => {
  it("is equal only for rows that read as equal answers and warnings", () => {
    fc.assert(
      // Rows one cell apart from a first one, so that most pairs differ in a cell or two.
      fc.property(row, fc.array(row, { minLength: 1, maxLength: 40 }), (first, others) => {
        const rows = [first, ...others.map((other, i) => first.with(i % 6, other[i % 6]!))];
        const read = readRows(rows);
        for (const a of read)
          for (const b of read) {
            if (a.key === undefined || b.key === undefined) continue;
            if (a.key.join() !== b.key.join()) continue;
            expect(a.values).toEqual(b.values);
            expect(a.warnings).toEqual(b.warnings);
          }
      }),
      { numRuns: 200 },
    );
  });

  it("leaves rows unkeyed once a column's cells are no longer remembered", () => {
    // Distinct unreadable budgets: the column's cache is judged useless and dropped.
    const rows = Array.from({ length: 12_000 }, (_, i) => [
      "800",
      `maybe ${i}`,
      "50000",
      "quarter",
      "2026-02-01",
      "yes",
    ]);
    const read = readRows(rows);
    const byKey = new Map<string, Read>();
    for (const r of read) {
      if (r.key === undefined) continue;
      const known = byKey.get(r.key.join());
      if (known !== undefined) expect(r.warnings).toEqual(known.warnings);
      else byKey.set(r.key.join(), r);
    }
    expect(read.at(-1)!.key).toBeUndefined();
  });

  it("gives repeated cells the same key, whatever their spelling where the answer is one", () => {
    const read = readRows([
      ["800", "yes", "50000", "quarter", "2026-02-01", "yes"],
      ["800", "yes", "50000", "quarter", "2026-02-01", "yes"],
      ["800.0", "yes", "$50,000", "quarter", "02/01/2026", "yes"],
      ["800", "maybe", "50000", "quarter", "2026-02-01", "yes"],
      ["800", "maybe", "50000", "quarter", "2026-02-01", "yes"],
      ["801", "yes", "50000", "quarter", "2026-02-01", "yes"],
    ]);
    const keys = read.map((r) => r.key?.join());
    expect(keys.every((k) => k !== undefined)).toBe(true);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[4]).toBe(keys[3]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[5]).not.toBe(keys[0]);
    expect(read[3]!.warnings).toEqual(read[4]!.warnings);
    expect(read[3]!.warnings).toHaveLength(1);
  });
});
