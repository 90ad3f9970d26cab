/** Where the interview goes next, its progress, red-flag thresholds, and the answers file it writes. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Value } from "../../src/core/conditions.js";
import { evaluate } from "../../src/core/engine.js";
import { answersFor, parseAnswers } from "../../src/io/answers.js";
import {
  answersFileText,
  defaultAnswersPath,
  displayPath,
  freePath,
  slugify,
  writeAnswersFile,
} from "../../src/io/answers-file.js";
import { loadFramework } from "../../src/io/frameworks.js";
import {
  applicableAnswers,
  firstOpen,
  formatProgress,
  nextPosition,
  previousPosition,
  progressAt,
  shortAnswerCheck,
  valuesOf,
} from "../../src/ui/interview-flow.js";
import { criteriaInAskingOrder, renderIntro } from "../../src/ui/interview.js";
import { plain } from "../../src/ui/color.js";
import { tempDir } from "../helpers/tmp.js";
import { compile } from "../helpers/framework.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = join(ROOT, "test/fixtures/interview-mini.yaml");
const ctx = { cwd: ROOT, env: {} };
const { compiled: mini } = await loadFramework(FIXTURE, ctx, { today: "2026-01-15" });
const { compiled: meddic } = await loadFramework("meddic", ctx, { today: "2026-01-15" });

/** Answers by question id → the map the interview keeps (undefined = don't know yet). */
function answersOf(compiled: typeof mini, byId: Record<string, Value>): Map<number, Value> {
  const map = new Map<number, Value>();
  for (const [id, value] of Object.entries(byId)) {
    map.set(compiled.questionById.get(id)!.index, value);
  }
  return map;
}

const idAt = (compiled: typeof mini, position: number | undefined) =>
  position === undefined ? undefined : compiled.questions[compiled.askOrder[position]!]!.id;

describe("interview flow", () => {
  it("asks criteria by level: opportunity before stakeholder, as written within a level", () => {
    expect(criteriaInAskingOrder(meddic)).toEqual([
      "Metrics",
      "Decision Criteria",
      "Decision Process",
      "Identify Pain",
      "Economic Buyer",
      "Champion",
    ]);
    expect(mini.askOrder.map((i) => mini.questions[i]!.id)).toEqual([
      "need",
      "pain_story",
      "deal_size",
      "areas",
      "signs",
      "go_live",
    ]);
  });

  it("starts at the first question, and after a draft at the first one not answered", () => {
    expect(idAt(mini, firstOpen(mini, new Map()))).toBe("need");
    const draft = answersOf(mini, { need: "critical", pain_story: undefined, deal_size: 1 });
    expect(idAt(mini, firstOpen(mini, draft))).toBe("areas");
  });

  it("skips a question whose `when` does not hold, going forward and back", () => {
    const none = answersOf(mini, { need: "none" });
    expect(idAt(mini, nextPosition(mini, none, 0))).toBe("deal_size");
    expect(idAt(mini, previousPosition(mini, none, 2))).toBe("need");
    const critical = answersOf(mini, { need: "critical" });
    expect(idAt(mini, nextPosition(mini, critical, 0))).toBe("pain_story");
    expect(previousPosition(mini, critical, 0)).toBeUndefined();
  });

  it("hides a question whose `when` reads an unknown answer, as the engine does", () => {
    const unknown = answersOf(mini, { need: undefined });
    expect(idAt(mini, nextPosition(mini, unknown, 0))).toBe("deal_size");
  });

  it("leaves answers of hidden questions out of what is saved, and keeps the rest", () => {
    const answers = answersOf(mini, {
      need: "none",
      pain_story: "kept from before",
      deal_size: 5000,
    });
    const kept = applicableAnswers(mini, answers);
    expect([...kept.keys()].map((i) => mini.questions[i]!.id)).toEqual(["need", "deal_size"]);
  });

  it("counts progress over the questions that apply or may still apply", () => {
    expect(formatProgress(progressAt(mini, new Map(), 0))).toBe("1/6 · Need");
    const none = answersOf(mini, { need: "none" });
    expect(formatProgress(progressAt(mini, none, 2))).toBe("2/5 · Budget");
    // MEDDIC: champion_is_eb waits on champion; once champion is "none" it is not counted.
    expect(progressAt(meddic, new Map(), 0).total).toBe(15);
    const noChampion = answersOf(meddic, { champion: "none" });
    expect(progressAt(meddic, noChampion, 0).total).toBe(14);
    const eb = meddic.askOrder.indexOf(meddic.questionById.get("economic_buyer")!.index);
    expect(formatProgress(progressAt(meddic, new Map(), eb))).toBe("11/15 · Economic Buyer");
  });

  it("finds the framework's short-answer threshold for a text question", () => {
    const pain = shortAnswerCheck(mini, mini.questionById.get("pain_story")!.index)!;
    expect(pain.message).toBe("Short answer about the pain. Probe for specifics.");
    expect([pain.isShort(4), pain.isShort(5), pain.needed]).toEqual([true, false, 5]);
    expect(shortAnswerCheck(mini, mini.questionById.get("need")!.index)).toBeUndefined();
    const story = shortAnswerCheck(meddic, meddic.questionById.get("pain_story")!.index)!;
    expect(story.needed).toBe(8);
    // criteria_impact has no flag of its own.
    expect(
      shortAnswerCheck(meddic, meddic.questionById.get("criteria_impact")!.index),
    ).toBeUndefined();
  });
});

describe("answers file", () => {
  it("names the record from the lead and the date, never over an existing file", () => {
    expect(slugify("Acme Corp")).toBe("acme-corp");
    expect(slugify("  Société Générale / Paris ")).toBe("societe-generale-paris");
    expect(slugify(undefined)).toBe("lead");
    expect(slugify("!!!")).toBe("lead");
    const taken = new Set([
      "/w/qualify-answers/acme-2026-01-15.yaml",
      "/w/qualify-answers/acme-2026-01-15-2.yaml",
    ]);
    expect(defaultAnswersPath("/w", "Acme", "2026-01-15", (p) => taken.has(p))).toBe(
      "/w/qualify-answers/acme-2026-01-15-3.yaml",
    );
    expect(freePath("/w/a.yaml", () => false)).toBe("/w/a.yaml");
    expect(displayPath("/w/qualify-answers/a.yaml", "/w")).toBe("qualify-answers/a.yaml");
    expect(displayPath("/w/my calls/a.yaml", "/w")).toBe("'my calls/a.yaml'");
  });

  it("writes keys in asking order, unknown for don't know yet, and reads back the same", async () => {
    const answers = answersOf(mini, {
      go_live: "2026-02-01",
      signs: true,
      areas: ["time", "money"],
      need: "critical",
      pain_story: "true",
      deal_size: 1_200_000,
    });
    answers.set(mini.questionById.get("signs")!.index, undefined);
    const text = answersFileText(mini, answers, {
      lead: "Acme Corp",
      savedAt: "2026-01-15T10:00:00.000Z",
      comment: "A test",
    });
    expect(text).toBe(
      [
        "# A test",
        "",
        "framework: mini",
        "frameworkVersion: 1.0.0",
        "lead: Acme Corp",
        "savedAt: 2026-01-15T10:00:00.000Z",
        "answers:",
        "  need: critical",
        '  pain_story: "true"',
        "  deal_size: 1200000",
        "  areas: [time, money]",
        "  signs: unknown",
        "  go_live: 2026-02-01",
        "",
      ].join("\n"),
    );
    const dir = tempDir();
    const path = join(dir, "nested/dir/acme.yaml");
    await writeAnswersFile(path, text);
    expect(readFileSync(path, "utf8")).toBe(text);
    const parsed = await parseAnswers({ name: path, text });
    const [record] = answersFor(parsed, mini);
    expect(record!.lead).toBe("Acme Corp");
    expect(evaluate(mini, record!.values)).toEqual(evaluate(mini, valuesOf(mini, answers)));
    expect(existsSync(join(dir, "nested/dir"))).toBe(true);
  });

  it("writes don't know yet as null where 'unknown' would read as an option", async () => {
    const unsure = compile({
      criteria: [
        {
          id: "budget",
          label: "Budget",
          level: "opportunity",
          questions: [
            {
              id: "budget",
              text: "Budget?",
              type: "choice",
              options: [
                { value: "yes", label: "Has budget", points: 10 },
                // A CRM picklist value: the option wins over the unknown word.
                { value: "none", label: "No budget", points: 0, aliases: ["Unknown", "N/A"] },
              ],
            },
            { id: "size", text: "Deal size?", type: "number", bands: [{ min: 1, points: 5 }] },
          ],
        },
      ],
      rules: [
        {
          id: "no-budget",
          level: "opportunity",
          when: { budget: "none" },
          then: "disqualify",
          reason: "No budget.",
        },
      ],
    });
    const answers = new Map<number, Value>([
      [0, undefined],
      [1, undefined],
    ]);
    const text = answersFileText(unsure, answers, { savedAt: "2026-01-15T10:00:00.000Z" });
    expect(text).toMatch(/^ {2}budget: null$/m);
    expect(text).toMatch(/^ {2}size: unknown$/m);
    const [record] = answersFor(await parseAnswers({ name: "u.yaml", text }), unsure);
    expect(record!.values).toEqual([undefined, undefined]);
    expect(evaluate(unsure, record!.values).verdict).not.toBe("disqualified");
  });

  it("introduces the framework: name, summary, question count and how to answer", () => {
    const intro = renderIntro(meddic, plain, 100).replace(/\s+/g, " ");
    expect(intro).toContain("MEDDIC 1.0.0");
    expect(intro).toContain("Qualifies on real pain and an internal champion");
    expect(intro).toContain("15 questions in 6 criteria");
    expect(intro).toContain("Don't know yet");
    expect(intro).toContain("Go back");
    expect(intro).toContain("Ctrl+C saves a draft");
    expect(renderIntro(mini, plain, 100, { resumed: { answered: 3, lead: "Acme" } })).toContain(
      "Resuming Acme: 3 answers already in the draft.",
    );
  });
});
