/** fitToWidth: long lines break between words, with a hanging indent; lines that fit stay. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitToWidth, visibleLength } from "../../src/ui/text.js";

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("fitToWidth", () => {
  it("breaks between words and hangs the continuation two columns in", () => {
    const line =
      "  • The solution is still a nice-to-have for them. Nurture the lead until it becomes";
    expect(fitToWidth(line, 40)).toBe(
      [
        "  • The solution is still a",
        "    nice-to-have for them. Nurture the",
        "    lead until it becomes",
      ].join("\n"),
    );
  });

  it("leaves lines that fit exactly as they are, spaces and all", () => {
    const table = "  VERDICT       ROWS   WON\n  qualified     5,412  3,411";
    expect(fitToWidth(table, 40)).toBe(table);
  });

  it("never splits a word, never loses one, and fits every line that can fit", () => {
    const word = fc.stringMatching(/^[a-zà-ü,.;:—-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 20, max: 120 }),
        (paragraphs, lead, width) => {
          const text = paragraphs.map((p) => " ".repeat(lead) + p.join(" ")).join("\n");
          const fitted = fitToWidth(text, width);
          expect(words(fitted)).toEqual(words(text));
          for (const out of fitted.split("\n"))
            if (words(out).length > 1) expect(visibleLength(out)).toBeLessThanOrEqual(width);
        },
      ),
    );
  });
});
