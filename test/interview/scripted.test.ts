/**
 * Whole interviews with a scripted Asker in place of the terminal: MEDDIC and BANT from
 * start to finish, and the round trip through `qualify score` (same verdict, same score).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runInterview } from "../../src/cli/commands/interview.js";
import type { Io } from "../../src/cli/io.js";
import {
  isSeparator,
  PromptInterrupted,
  type Asker,
  type Frame,
  type Item,
} from "../../src/ui/interview-asker.js";
import { InterruptedError } from "../../src/core/errors.js";
import { runMain } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

type Kind = "select" | "checkbox" | "input";
type Reply = string | string[] | typeof INTERRUPT;
const INTERRUPT = Symbol("ctrl-c");

/** One step: the progress the prompt must show, and what the rep answers. */
type Step = [header: string, reply: Reply];

/** An Asker that answers from a script: choice names for lists, text for inputs. */
function scripted(steps: Step[] | ((frame: Frame, kind: Kind) => Reply)) {
  const frames: Frame[] = [];
  const next = (frame: Frame, kind: Kind): Reply => {
    frames.push(frame);
    if (typeof steps === "function") return steps(frame, kind);
    const step = steps.shift();
    if (step === undefined) throw new Error(`unexpected prompt: ${frame.header} ${frame.message}`);
    if (!frame.header.startsWith(step[0]))
      throw new Error(`expected a prompt at ${step[0]}, got ${frame.header}: ${frame.message}`);
    if (step[1] === INTERRUPT) throw new PromptInterrupted("ctrl-c");
    return step[1];
  };
  const find = <V>(items: readonly Item<V>[], name: string): V => {
    const item = items.find((i) => !isSeparator(i) && i.name === name);
    if (item === undefined || isSeparator(item)) throw new Error(`no choice named '${name}'`);
    if (item.disabled !== undefined) throw new Error(`'${name}' is disabled: ${item.disabled}`);
    return item.value;
  };
  const asker: Asker = {
    select: async (frame, items) => find(items, next(frame, "select") as string),
    checkbox: async (frame, items, options) => {
      const values = (next(frame, "checkbox") as string[]).map((name) => find(items, name));
      const valid = options?.validate?.(values) ?? true;
      if (valid !== true) throw new Error(`checkbox refused: ${valid}`);
      return values;
    },
    input: async (frame, options) => {
      const text = next(frame, "input") as string;
      const valid = options?.validate?.(text) ?? true;
      if (valid !== true) throw new Error(`input refused: ${valid}`);
      return text === "" ? (options?.default ?? "") : text;
    },
  };
  return { asker, frames, left: () => (typeof steps === "function" ? [] : steps) };
}

function ttyIo(cwd: string) {
  let out = "";
  let err = "";
  const io: Io = {
    // canPrompt() reads isTTY; the scripted asker never reads stdin.
    stdin: { isTTY: true } as Io["stdin"],
    stdout: { write: (c) => ((out += String(c)), true), isTTY: false, columns: 100 },
    stderr: { write: (c) => ((err += String(c)), true), isTTY: true, columns: 100 },
    env: { NO_COLOR: "1" },
    cwd,
  };
  return { io, out: () => out, err: () => err };
}

const now = () => new Date("2026-01-15T10:00:00Z");

const MEDDIC_CALL: Step[] = [
  ["1/15 · Metrics", "Validated: quantified and agreed with them"],
  ["2/15 · Metrics", ["Time saved", "Money saved or earned"]],
  ["3/15 · Decision Criteria", "Don't know yet"],
  ["4/15 · Decision Criteria", "Reps log a visit from the car park instead of on Friday"],
  ["5/15 · Decision Process", "Identified: we know the steps"],
  ["6/15 · Decision Process", "?"],
  ["7/15 · Decision Process", "Must have"],
  ["8/15 · Identify Pain", "Validated: the core pain is confirmed and its cost is known"],
  ["9/15 · Identify Pain", ["Productivity: the process or tool slows people down"]],
  ["10/15 · Identify Pain", "Deals slip"],
  ["10/15 · Identify Pain · short answer", "Keep it as it is"],
  ["11/15 · Economic Buyer", "Identified: we know who it is, but not yet what matters to them"],
  ["12/15 · Economic Buyer", "Among their top priorities"],
  // No champion: "is your champion also the buyer?" no longer applies, and is not counted.
  ["13/15 · Champion", "None yet: no one inside is pushing for us"],
  ["14/14 · Champion", "No"],
];

describe("a MEDDIC call from start to finish", () => {
  it("saves every answer that applies in asking order, and score reads back the same result", async () => {
    const dir = tempDir();
    const { asker, frames, left } = scripted(structuredClone(MEDDIC_CALL));
    const { io, out, err } = ttyIo(dir);
    const code = await runInterview(
      { framework: "meddic", lead: "Globex", json: true, today: "2026-01-15" },
      {},
      io,
      { asker, now },
    );
    expect(code).toBe(0);
    expect(left()).toEqual([]);
    expect(frames[0]).toMatchObject({
      message:
        "What would success look like for your company after using this product? How would you measure it?",
    });
    expect(frames[0]!.help).toContain("Listen for a number the prospect cares about");

    const result = JSON.parse(out());
    expect(result).toMatchObject({ lead: "Globex", verdict: "nurture" });
    expect(result.flags.map((f: { id: string }) => f.id)).toEqual([
      "short-pain-story",
      "buyer-not-engaged",
    ]);
    expect(err()).toContain("NURTURE");
    expect(err()).toContain("Stakeholder: No champion yet");

    const path = join(dir, "qualify-answers/globex-2026-01-15.yaml");
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")[0]).toBe(
      "# Answers from 'qualify interview'. Score again: qualify score --framework meddic --answers qualify-answers/globex-2026-01-15.yaml",
    );
    const file = parse(text);
    expect(file).toMatchObject({
      framework: "meddic",
      frameworkVersion: "1.0.0",
      lead: "Globex",
      savedAt: "2026-01-15T10:00:00.000Z",
    });
    expect(Object.entries(file.answers)).toEqual([
      ["metrics", "validated"],
      ["roi_triangle", ["time", "money"]],
      ["decision_criteria", "unknown"],
      ["criteria_impact", "Reps log a visit from the car park instead of on Friday"],
      ["decision_process", "identified"],
      ["signer", "unknown"],
      ["priority", "must_have"],
      ["pain", "validated"],
      ["pain_types", ["productivity"]],
      ["pain_story", "Deals slip"],
      ["economic_buyer", "identified"],
      ["eb_priority", "top"],
      ["champion", "none"],
      ["champion_feels_pain", false],
    ]);

    const score = await runMain(["score", "--answers", path, "--json", "--today", "2026-01-15"]);
    expect(score.code).toBe(0);
    expect(JSON.parse(score.stdout)).toEqual(result);
  });

  it("keeps the draft on Ctrl-C and resumes at the first question the draft lacks", async () => {
    const dir = tempDir();
    const first = scripted([...structuredClone(MEDDIC_CALL).slice(0, 5), ["6/15", INTERRUPT]]);
    const tty = ttyIo(dir);
    const stopped = runInterview({ framework: "meddic", lead: "Globex" }, {}, tty.io, {
      asker: first.asker,
      now,
    });
    await expect(stopped).rejects.toBeInstanceOf(InterruptedError);
    await expect(stopped).rejects.toMatchObject({
      exitCode: 130,
      message: "interview paused; 5 answers saved to qualify-answers/globex-2026-01-15.yaml",
      hint: "Resume with: qualify interview --framework meddic --resume qualify-answers/globex-2026-01-15.yaml",
    });
    const path = join(dir, "qualify-answers/globex-2026-01-15.yaml");
    expect(Object.keys(parse(readFileSync(path, "utf8")).answers)).toEqual([
      "metrics",
      "roi_triangle",
      "decision_criteria",
      "criteria_impact",
      "decision_process",
    ]);

    const rest = scripted(structuredClone(MEDDIC_CALL).slice(5));
    const again = ttyIo(dir);
    const code = await runInterview(
      { resume: "qualify-answers/globex-2026-01-15.yaml", json: true, today: "2026-01-15" },
      {},
      again.io,
      { asker: rest.asker, now },
    );
    expect(code).toBe(0);
    expect(rest.left()).toEqual([]);
    expect(again.err()).toContain("Resuming Globex: 5 answers already in the draft.");
    expect(JSON.parse(again.out())).toMatchObject({ lead: "Globex", verdict: "nurture" });
    expect(Object.keys(parse(readFileSync(path, "utf8")).answers)).toHaveLength(14);
  });
});

describe("a BANT call where nothing is known yet", () => {
  it("records every answer as unknown and nurtures the lead; score agrees", async () => {
    const dir = tempDir();
    const { asker, frames } = scripted((_frame, kind) =>
      kind === "input" ? "?" : kind === "checkbox" ? ["Don't know yet"] : "Don't know yet",
    );
    const { io, out } = ttyIo(dir);
    const code = await runInterview(
      { framework: "bant", lead: "Nobody", json: true, save: "nobody.yaml" },
      {},
      io,
      { asker, now },
    );
    expect(code).toBe(0);
    const file = parse(readFileSync(join(dir, "nobody.yaml"), "utf8"));
    const values = Object.values(file.answers);
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values)).toEqual(new Set(["unknown"]));
    // Questions whose `when` reads an unknown answer are not asked.
    expect(frames.length).toBe(values.length);
    const result = JSON.parse(out());
    expect(result).toMatchObject({ verdict: "nurture", score: 0, coverage: expect.any(Number) });
    const score = await runMain(["score", "-a", join(dir, "nobody.yaml"), "--json"]);
    expect(JSON.parse(score.stdout)).toEqual(result);
  });
});
