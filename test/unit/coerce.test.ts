import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  daysBetween,
  daysFrom,
  isUnknownWord,
  parseBoolean,
  parseDate,
  parseNumber,
  wordCount,
} from "../../src/core/coerce.js";

describe("parseNumber", () => {
  it.each([
    ["42", 42],
    ["$22,700.00", 22700],
    ["1,200", 1200],
    ["1 200", 1200],
    ["1.2M", 1_200_000],
    ["15k", 15_000],
    ["2bn", 2e9],
    ["12%", 12],
    ["(1,500)", -1500],
    ["-3.5", -3.5],
    ["€ 900", 900],
    ["USD 1,000", 1000],
    [" 7 ", 7],
    ["1e3", 1000],
  ])("reads %j as %d", (input, expected) => {
    expect(parseNumber(input)).toBe(expected);
  });

  it.each(["", "abc", "12abc", "1,2,3", "1.2.3", "$", "--5", "1,20"])("rejects %j", (input) => {
    expect(parseNumber(input)).toBeNaN();
  });
});

describe("parseBoolean", () => {
  it.each(["TRUE", "true", "Yes", "y", "1", "t"])("reads %j as true", (input) =>
    expect(parseBoolean(input)).toBe(true),
  );
  it.each(["FALSE", "no", "N", "0", "f"])("reads %j as false", (input) =>
    expect(parseBoolean(input)).toBe(false),
  );
  it.each(["maybe", "", "2"])("does not read %j", (input) =>
    expect(parseBoolean(input)).toBeUndefined(),
  );
});

describe("parseDate", () => {
  it.each([
    ["2026-02-24", "2026-02-24"],
    ["2026-01-28 12:48", "2026-01-28"],
    ["2026-01-28T12:48:00Z", "2026-01-28"],
    ["02/24/26", "2026-02-24"],
    ["02/24/26 02:18 AM", "2026-02-24"],
    ["12/31/1999", "1999-12-31"],
    ["15 Apr, 2021 00:03:00", "2021-04-15"],
    ["15 April 2021", "2021-04-15"],
    ["Apr 15, 2021", "2021-04-15"],
    ["2/3/24", "2024-02-03"],
  ])("reads %j as %s", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each(["2026-02-30", "13/01/26", "yesterday", "", "15 Foo 2021", "2026-1"])(
    "rejects %j",
    (input) => {
      expect(parseDate(input)).toBeUndefined();
    },
  );

  it("counts days between dates", () => {
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59);
    expect(daysBetween("2026-03-01", "2026-01-01")).toBe(-59);
  });

  it("counts days as Date.parse does, over leap years and centuries", () => {
    const date = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
      );
    const reference = (from: string, to: string) =>
      Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
    fc.assert(
      fc.property(date, date, (from, to) => {
        expect(daysBetween(from, to)).toBe(reference(from, to));
        expect(daysFrom(from)(to)).toBe(reference(from, to));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("unknown words and word counts", () => {
  it.each(["", " ", "unknown", "N/A", "TBD", "?", "-", "null"])("%j means not known", (input) => {
    expect(isUnknownWord(input)).toBe(true);
  });
  it("does not treat real answers as unknown", () => {
    expect(isUnknownWord("none")).toBe(false);
    expect(isUnknownWord("no")).toBe(false);
  });
  it("counts words", () => {
    expect(wordCount("  They lose two days a month  ")).toBe(6);
    expect(wordCount("")).toBe(0);
  });
});
