/** OutcomeMemo against a plain Map keyed by the same numbers, across its table's growth. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Assessment } from "../../src/core/engine.js";
import { OutcomeMemo } from "../../src/io/outcome-memo.js";
import { compile, sample } from "../helpers/framework.js";

const compiled = compile(sample);

describe("OutcomeMemo", () => {
  it("finds what was remembered for the same outcome and extra numbers, and nothing else", () => {
    const lead = fc.record({ score: fc.integer({ min: 0, max: 5000 }), extra: fc.nat(3) });
    fc.assert(
      fc.property(
        fc.array(lead, { maxLength: 4000 }),
        fc.integer({ min: 1, max: 5000 }),
        (leads, capacity) => {
          const memo = new OutcomeMemo<string>(compiled, capacity, 2);
          const reference = new Map<string, string>();
          const assessment = new Assessment(compiled);
          for (const [i, { score, extra }] of leads.entries()) {
            assessment.score = score;
            const key = `${score}/${extra}`;
            expect(memo.lookup(assessment, [extra, 7])).toBe(reference.get(key));
            if (!reference.has(key) && reference.size < capacity) {
              memo.remember(`value ${i}`);
              reference.set(key, `value ${i}`);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("tells keys apart when their hashes fall in the same slot", () => {
    const memo = new OutcomeMemo<number>(compiled, 100_000);
    const assessment = new Assessment(compiled);
    // Every score from 0 to 20,000: the table grows from 1,024 slots many times over.
    for (let score = 0; score <= 20_000; score++) {
      assessment.score = score;
      expect(memo.lookup(assessment)).toBeUndefined();
      memo.remember(score);
    }
    for (let score = 20_000; score >= 0; score--) {
      assessment.score = score;
      expect(memo.lookup(assessment)).toBe(score);
    }
  });
});
