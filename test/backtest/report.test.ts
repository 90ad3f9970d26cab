import { describe, expect, it } from "vitest";
import { readingWarnings } from "../../src/backtest/report.js";

describe("the warnings on values that could not be read and lines skipped", () => {
  it("quote the first of each, ending in one full stop", () => {
    const warnings = readingWarnings(
      "training",
      1_234,
      [{ line: 2, message: "seniority: 'Director' is not one of the options." }],
      { count: 1, lines: [{ line: 9, reason: "2 fields where the header has 5" }] },
    );
    expect(warnings).toEqual([
      {
        code: "unreadable-values",
        message:
          "1,234 training rows had values that could not be read (made unknown), e.g. line 2: seniority: 'Director' is not one of the options.",
      },
      {
        code: "skipped-lines",
        message:
          "1 line is not a data row and was skipped, e.g. line 9: 2 fields where the header has 5.",
      },
    ]);
  });

  it("say nothing when every value was read and no line skipped", () => {
    expect(readingWarnings("scored", 0, [], { count: 0, lines: [] })).toEqual([]);
  });
});
