/**
 * Reading history: outcome values, left-out rows, the outcome column, and — whatever the
 * memos do — the same counts as scoring every row on its own.
 */
import { describe, expect, it } from "vitest";
import { readHistory, type History } from "../../src/backtest/history.js";
import { AnswerLayout } from "../../src/backtest/answers.js";
import { ScoreTally } from "../../src/backtest/metrics.js";
import {
  DEFAULT_NEGATIVE,
  DEFAULT_POSITIVE,
  normalizeOutcome,
  OutcomeReader,
  parseValueList,
} from "../../src/backtest/outcome.js";
import { buildReport } from "../../src/backtest/report.js";
import { coerceAnswer } from "../../src/core/answers.js";
import { evaluate } from "../../src/core/engine.js";
import { VERDICTS } from "../../src/core/constants.js";
import type { Value } from "../../src/core/conditions.js";
import { compile, sample } from "../helpers/framework.js";

const defaults = { positive: DEFAULT_POSITIVE, negative: DEFAULT_NEGATIVE };

/** The input in chunks of `size` bytes, as a file source gives it. */
function* chunks(text: string, size = 4096): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("outcome values", () => {
  const reader = new OutcomeReader(defaults);

  it("recognises won and lost in the usual spellings, ignoring case and punctuation", () => {
    for (const value of ["1", "TRUE", "yes", "Won", "Closed Won", "closed-won", "Converted"])
      expect(reader.classify(value)).toBe("positive");
    for (const value of ["0", "false", "No", "Lost", "Closed Lost", "closed_lost", "Not Converted"])
      expect(reader.classify(value)).toBe("negative");
  });

  it("leaves out blank, open and unknown values", () => {
    expect(reader.classify("")).toBe("blank");
    expect(reader.classify("   ")).toBe("blank");
    for (const value of ["Engaging", "Prospecting", "Open", "Working - Contacted", "new"])
      expect(reader.classify(value)).toBe("open");
    // Salesforce's default opportunity stages, as in its sample Opportunity export.
    for (const value of [
      "Id. Decision Makers",
      "Proposal/Price Quote",
      "Value Proposition",
      "Negotiation/Review",
      "Perception Analysis",
      "Needs Analysis",
    ])
      expect(reader.classify(value)).toBe("open");
    expect(reader.classify("Junk")).toBe("unrecognised");
  });

  it("takes --positive and --negative instead of the defaults", () => {
    const custom = new OutcomeReader({
      positive: parseValueList("Converted, Signed"),
      negative: ["Lost"],
    });
    expect(custom.classify("converted")).toBe("positive");
    expect(custom.classify("SIGNED")).toBe("positive");
    expect(custom.classify("Won")).toBe("unrecognised");
    expect(custom.classify("lost")).toBe("negative");
    expect(custom.classify("No")).toBe("unrecognised");
    // A value named positive wins over the open list.
    expect(new OutcomeReader({ positive: ["Open"], negative: [] }).classify("open")).toBe(
      "positive",
    );
  });

  it("normalises spacing and punctuation", () => {
    expect(normalizeOutcome("  Closed -  Won ")).toBe("closed won");
    expect(parseValueList("1, Won,,")).toEqual(["1", "Won"]);
  });
});

describe("readHistory", () => {
  const compiled = compile(sample);

  it("counts outcomes by value, leaves open and blank rows out, and skips ragged lines", async () => {
    const csv = [
      "Employees,Budget,Need,Stage",
      "600,allocated,,Won",
      "600,allocated,,won",
      "20,none,,Lost",
      "20,none,,Engaging",
      "20,none,,",
      "20,none,,Junk",
      "not a row",
      "",
      "5,planned,,Closed Lost",
    ].join("\n");
    const history = await readHistory(compiled, chunks(csv, 7), {
      outcome: "stage",
      rules: defaults,
    });
    expect(history.outcomeColumn).toBe("Stage");
    expect(history.rows).toBe(7);
    expect(history.positives).toBe(2);
    expect(history.negatives).toBe(2);
    expect(history.values.positive).toEqual([
      { value: "Won", rows: 1 },
      { value: "won", rows: 1 },
    ]);
    expect(history.values.open).toEqual([{ value: "Engaging", rows: 1 }]);
    expect(history.values.blank).toEqual([{ value: "", rows: 1 }]);
    expect(history.values.unrecognised).toEqual([{ value: "Junk", rows: 1 }]);
    expect(history.skipped.count).toBe(2);
    expect(history.skipped.lines.map((l) => l.line)).toEqual([8, 9]);
  });

  it("fails before reading rows when the outcome column is missing, naming the columns", async () => {
    const csv = "Employees,Budget,Converted?\n1,2,3\n";
    await expect(
      readHistory(compiled, chunks(csv), { outcome: "Converted", rules: defaults }),
    ).rejects.toThrow(/no outcome column 'Converted'.*Did you mean 'Converted\?'/);
    const error = (await readHistory(compiled, chunks(csv), {
      outcome: "Won",
      rules: defaults,
    }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { hint?: string } | undefined;
    expect(error?.hint).toMatch(/Columns in the file: Employees, Budget, Converted\?/);
  });

  it("never lets a question read the outcome column", async () => {
    const csv = "Budget,Timeline\nallocated,quarter\nnone,next_year\n";
    const history = await readHistory(compiled, chunks(csv), {
      outcome: "Timeline",
      rules: { positive: ["quarter"], negative: ["next_year"] },
    });
    expect(history.outcomeQuestions).toEqual(["timeline"]);
    expect(history.mapping.bindings.map((b) => b.header)).toEqual(["Budget"]);
    const report = buildReport(history, compiled, {
      file: "x",
      positiveValues: [],
      negativeValues: [],
    });
    expect(report.warnings.map((w) => w.code)).toContain("outcome-in-score");
    expect(report.coverage.unmapped).toContain("timeline");
  });
});

/** Scores every row on its own (no memo) and counts what readHistory counts. */
function naive(csv: string, outcomeColumn: string) {
  const compiled = compile(sampleWithTextCondition);
  const layout = new AnswerLayout(compiled);
  const lines = csv.trim().split("\n");
  const headers = lines[0]!.split(",");
  const outcomeIndex = headers.indexOf(outcomeColumn);
  const reader = new OutcomeReader(defaults);
  const verdicts = new Array<number>(6).fill(0);
  const scores = new ScoreTally();
  const eligible = new ScoreTally();
  const criteria = new Array<number>(compiled.criteria.length * 6).fill(0);
  const answers = new Array<number>(layout.size * 2).fill(0);
  let warnings = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    const cls = reader.classify(cells[outcomeIndex]!);
    if (cls !== "positive" && cls !== "negative") continue;
    const positive = cls === "positive";
    const values: Value[] = new Array<Value>(compiled.questions.length).fill(undefined);
    let unreadable = false;
    headers.forEach((header, i) => {
      const question = compiled.questionById.get(header);
      if (question === undefined) return;
      const coerced = coerceAnswer(question, cells[i]);
      if (coerced.ok) values[question.index] = coerced.value;
      else unreadable = true;
    });
    if (unreadable) warnings++;
    const result = evaluate(compiled, values);
    verdicts[VERDICTS.indexOf(result.verdict) * 2 + (positive ? 0 : 1)]!++;
    scores.add(result.score, positive ? 1 : 0, positive ? 0 : 1);
    if (result.rules.length === 0 && result.gates.every((g) => g.gate === "minScore" || g.passed))
      eligible.add(result.score, positive ? 1 : 0, positive ? 0 : 1);
    result.criteria.forEach((c, i) => {
      const status = { met: 0, unmet: 1, unknown: 2 }[c.status];
      criteria[(i * 3 + status) * 2 + (positive ? 0 : 1)]!++;
    });
    for (const cell of layout.cellsOf(values)) answers[cell * 2 + (positive ? 0 : 1)]!++;
  }
  return {
    verdicts,
    scores: scores.groups(),
    eligible: eligible.groups(),
    criteria,
    answers,
    warnings,
  };
}

const interleave = (positives: Float64Array, negatives: Float64Array): number[] =>
  [...positives].flatMap((p, i) => [p, negatives[i]!]);

/** The sample framework, with a flag that reads pain_story as text (so its classes never repeat). */
const sampleWithTextCondition = {
  ...sample,
  flags: [
    ...sample.flags,
    { id: "mentions-cost", when: { pain_story: { contains: "cost" } }, message: "Cost." },
  ],
};

function randomHistory(rows: number, uniqueText: boolean): string {
  let seed = 7;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const out = ["employees,budget,deal_size,pain,pain_story,timeline,go_live,signs,Outcome"];
  for (let i = 0; i < rows; i++) {
    out.push(
      [
        pick(["", "5", "60", "700", String(Math.floor(next() * 2000)), "lots"]),
        pick(["allocated", "planned", "none", "yes", "", "maybe"]),
        pick(["", "5000", "20000", String(Math.floor(next() * 90000))]),
        pick(["", "financial", "productivity;support", "support", "nope"]),
        uniqueText
          ? `story ${i} about cost ${i % 7}`
          : pick(["", "short", "it costs us a lot of money"]),
        pick(["quarter", "year", "next_year", ""]),
        pick([
          "",
          "2026-02-01",
          "2026-09-30",
          `2026-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
        ]),
        pick(["yes", "no", ""]),
        pick(["Won", "Lost", "Lost", "Open", "", "Junk"]),
      ].join(","),
    );
  }
  return `${out.join("\n")}\n`;
}

describe("readHistory counts what scoring each row alone counts", () => {
  const check = async (csv: string) => {
    const compiled = compile(sampleWithTextCondition);
    const history: History = await readHistory(compiled, chunks(csv, 65536), {
      outcome: "Outcome",
      rules: defaults,
    });
    const expected = naive(csv, "Outcome");
    expect(interleave(history.verdicts.positives, history.verdicts.negatives)).toEqual(
      expected.verdicts,
    );
    expect(history.scores.groups()).toEqual(expected.scores);
    expect(history.eligible.groups()).toEqual(expected.eligible);
    expect(interleave(history.criteria.positives, history.criteria.negatives)).toEqual(
      expected.criteria,
    );
    expect(interleave(history.answers.positives, history.answers.negatives)).toEqual(
      expected.answers,
    );
    expect(history.rowsWithWarnings).toBe(expected.warnings);
    return history;
  };

  it("when rows repeat (the memos remember them)", async () => {
    const history = await check(randomHistory(30_000, false));
    expect(history.positives + history.negatives).toBeGreaterThan(10_000);
  });

  it("when no two rows are alike (the memos step aside)", async () => {
    await check(randomHistory(30_000, true));
  });
});
