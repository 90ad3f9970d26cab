import { describe, expect, it } from "vitest";
import { closest, didYouMean } from "../../src/core/suggest.js";

describe("did you mean", () => {
  it("suggests the nearest candidate within a third of the input's length", () => {
    expect(closest("budgte", ["budget", "need", "timeline"])).toBe("budget");
    expect(closest("Alocated", ["allocated", "planned"])).toBe("allocated");
    expect(closest("xyz", ["budget", "need"])).toBeUndefined();
    expect(didYouMean("nede", ["need"])).toBe(" Did you mean 'need'?");
  });

  it("suggests nothing for a cell far longer than any candidate", () => {
    const long = "ASAP\n" + "1,Yes,Decision Maker,Critical,ASAP\n".repeat(50_000);
    expect(closest(long, ["asap", "this quarter", "next year"])).toBeUndefined();
  });
});
