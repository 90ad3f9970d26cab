/**
 * A hostile framework, map file, table and column names for the quoting tests: every text a
 * user controls carries a payload that would break out of a badly quoted literal, identifier
 * or comment and drop the table `victim`.
 */
import type { ColumnMap } from "../../src/io/mapping.js";
import { compile } from "../helpers/framework.js";

/** Payloads: each would break out of a badly quoted literal, identifier or comment. */
export const PAYLOADS = [
  "O'Brien'); DROP TABLE victim; --",
  "back\\slash\\'); DROP TABLE victim; --",
  'double "quote"); DROP TABLE victim; --',
  "back`tick`; DROP TABLE victim; --",
  "$$; DROP TABLE victim; $$",
  "*/ DROP TABLE victim /*",
  "line\nDROP TABLE victim; --",
  "cr\rDROP TABLE victim",
  "bidi \u202e DROP TABLE victim \u202c",
  "tab\tand NBSP\u00a0DROP TABLE victim",
  "percent % underscore _ question ? ${victim} :victim @victim",
  "emoji 😀 DROP TABLE victim",
];

export const hostile = compile(
  {
    criteria: [
      {
        id: "budget",
        label: `Budget ${PAYLOADS[0]}`,
        level: "opportunity",
        questions: [
          {
            id: "budget",
            text: "Budget?",
            type: "choice",
            options: [
              {
                value: "allocated",
                label: `Yes ${PAYLOADS[1]}`,
                points: 20,
                aliases: [PAYLOADS[2]!, "it's"],
              },
              {
                value: "none",
                label: PAYLOADS[3]!,
                points: 0,
                aliases: [PAYLOADS[6]!, PAYLOADS[8]!],
              },
            ],
            columns: ["Budget Status"],
          },
        ],
      },
      {
        id: "pain",
        label: PAYLOADS[4]!,
        level: "opportunity",
        questions: [
          {
            id: "pains",
            text: "Pains?",
            type: "multi",
            options: [
              {
                value: "regex",
                label: "(a+)+$ [x] .* ^up \\d",
                points: 5,
                aliases: ["a.b", "$5 | 6", "{2}?"],
              },
              { value: "quotes", label: PAYLOADS[5]!, points: 5, aliases: ["it's", "\\'"] },
            ],
            columns: ["O'Brien"],
          },
          {
            id: "story",
            text: "Story?",
            type: "text",
            points: 5,
            columns: ['we"ird `col`'],
          },
        ],
      },
    ],
    rules: PAYLOADS.map((payload, i) => ({
      id: `rule-${i}`,
      level: "opportunity",
      when: i % 2 === 0 ? { budget: "none" } : { pains: "quotes" },
      then: i < 3 ? "disqualify" : "nurture",
      reason: payload,
    })),
    verdict: {
      qualified: { minCriteriaMet: 1, require: ["budget"] },
      actions: { qualified: PAYLOADS[7], nurture: PAYLOADS[9], disqualified: PAYLOADS[10] },
    },
  },
  "2026-01-15",
);

export const TABLE = `we"ird tab'le \`x\``;
export const VIEW = `view "of" 'leads'`;
export const HEADERS = ["Lead Id", "Budget Status", "O'Brien", 'we"ird `col`', "line\nbreak --col"];
export const MAP: ColumnMap = {
  story: { column: 'we"ird `col`', values: { [PAYLOADS[0]!]: PAYLOADS[6]!, "it's": "it''s" } },
  budget: { values: { "'; DROP TABLE victim; --": "it's", "\\'": "allocated" } },
};
