/**
 * `qualify interview` end to end in-process: main() with the real @inquirer/prompts on
 * @inquirer/testing's streams, typed at with keypresses; the end screen, the saved file,
 * go back, `when`, Ctrl-C and resume, and the round trip through `qualify score`.
 */
import { render } from "@inquirer/testing";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { runMain } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = join(ROOT, "test/fixtures/interview-mini.yaml");
const TODAY = "2026-01-15";

type Rendered = Awaited<ReturnType<typeof render>>;

interface Session extends Rendered {
  code: Promise<number>;
  stdout: () => string;
  /** Everything written to stderr (intro, prompts, messages), without escape codes. */
  stderr: () => string;
  /** Waits for the prompt whose screen contains `text`. */
  at: (text: string) => Promise<string>;
  keys: (...names: string[]) => void;
  reply: (text: string) => void;
}

/** Runs `qualify interview …` in `cwd` on a pretend terminal driven by @inquirer/testing. */
async function interview(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Session> {
  let out = "";
  const prompt = (
    _props: unknown,
    streams: { input: NodeJS.ReadableStream & { isTTY?: boolean }; output: NodeJS.WritableStream },
  ) => {
    streams.input.isTTY = true;
    const io: Io = {
      stdin: streams.input,
      stdout: { write: (chunk) => ((out += String(chunk)), true), isTTY: false, columns: 100 },
      stderr: { write: (chunk) => streams.output.write(chunk), isTTY: true, columns: 100 },
      env: { NO_COLOR: "1", ...env },
      cwd,
    };
    return Object.assign(main(["interview", ...args], io), { cancel: () => {} });
  };
  const r = await render(prompt as never, {});
  const at = async (text: string, timeout = 5000) => {
    const start = Date.now();
    while (!r.getScreen().includes(text)) {
      if (Date.now() - start > timeout)
        throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${r.getScreen()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return r.getScreen();
  };
  return Object.assign(r, {
    code: r.answer as unknown as Promise<number>,
    stdout: () => out,
    stderr: () => stripVTControlCharacters(r.getFullOutput()),
    at,
    keys: (...names: string[]) => names.forEach((name) => r.events.keypress(name)),
    reply: (text: string) => {
      r.events.type(text);
      r.events.keypress("enter");
    },
  });
}

const PAIN = "Two renewals slipped because follow-ups lived in spreadsheets";

/** Answers the whole mini framework: a qualified lead. */
async function answerAll(s: Session): Promise<void> {
  await s.at("? 1/6 · Need");
  s.keys("enter"); // Critical
  await s.at("? 2/6 · Need");
  s.reply(PAIN);
  await s.at("? 3/6 · Budget");
  s.reply("$60k");
  await s.at("? 4/6 · Budget");
  s.keys("space", "down", "space", "enter");
  await s.at("? 5/6 · Authority");
  s.keys("enter"); // Yes
  await s.at("? 6/6 · Authority");
  s.reply("2026-02-01");
}

const saved = (dir: string, name: string) =>
  parse(readFileSync(join(dir, "qualify-answers", name), "utf8")) as Record<string, unknown>;

describe("qualify interview", () => {
  it("asks every question, shows the verdict and saves answers that score reads back", async () => {
    const dir = tempDir();
    const s = await interview(
      ["--framework", FIXTURE, "--lead", "Acme Corp", "--today", TODAY],
      dir,
    );
    const first = await s.at("? 1/6 · Need");
    expect(first).toContain("How badly do they need it?");
    expect(first).toContain("Ask what happens if they do nothing.");
    const intro = s.stderr().replace(/\s+/g, " ");
    expect(intro).toContain("Mini 1.0.0 — qualification interview");
    expect(intro).toContain("Six questions, one of each type, for the interview tests.");
    expect(intro).toContain("6 questions in 3 criteria: Need → Budget → Authority");
    expect(intro).toContain("Answers are saved to qualify-answers/acme-corp-2026-01-15.yaml");
    await answerAll(s);
    expect(await s.code).toBe(0);

    const stdout = s.stdout();
    expect(stdout).toContain("Acme Corp — Mini 1.0.0");
    expect(stdout).toMatch(/QUALIFIED\s+score 100\/100 \(80 of 80 points\)/);
    expect(stdout).toMatch(/Need\s+opportunity\s+█+\s+25\/25\s+✓ met/);
    expect(stdout).toContain("Next step: Book the demo.");
    expect(stdout).not.toContain("?"); // prompts stay on stderr
    const transcript = s.stderr();
    expect(transcript).toContain("✔ 3/6 · Budget › 60,000 USD");
    expect(transcript).toContain("✔ 4/6 · Budget › Time saved, Money saved");
    expect(transcript).toContain("✔ Answers saved to qualify-answers/acme-corp-2026-01-15.yaml");

    const file = saved(dir, "acme-corp-2026-01-15.yaml");
    expect(file).toMatchObject({ framework: "mini", frameworkVersion: "1.0.0", lead: "Acme Corp" });
    expect(file.answers).toEqual({
      need: "critical",
      pain_story: PAIN,
      deal_size: 60000,
      areas: ["time", "money"],
      signs: true,
      go_live: "2026-02-01",
    });
    const score = await runMain(
      [
        "score",
        "-f",
        FIXTURE,
        "-a",
        join(dir, "qualify-answers/acme-corp-2026-01-15.yaml"),
        "--today",
        TODAY,
      ],
      { cwd: dir },
    );
    expect(score.code).toBe(0);
    expect(score.stdout).toBe(stdout);
  });

  it("prints the result as JSON on stdout with --json, equal to what score gives", async () => {
    const dir = tempDir();
    const s = await interview(
      ["-f", FIXTURE, "--lead", "Initech", "--today", TODAY, "--json", "--save", "initech.yaml"],
      dir,
    );
    await answerAll(s);
    expect(await s.code).toBe(0);
    const result = JSON.parse(s.stdout());
    expect(result).toMatchObject({ lead: "Initech", verdict: "qualified", score: 100 });
    expect(s.stderr()).toMatch(/QUALIFIED\s+score 100\/100/); // the end screen, on stderr
    const score = await runMain(
      ["score", "-f", FIXTURE, "-a", join(dir, "initech.yaml"), "--json", "--today", TODAY],
      {
        cwd: dir,
      },
    );
    expect(JSON.parse(score.stdout)).toEqual(result);
  });

  it("saves to an absolute --save path exactly as given", async () => {
    const [cwd, elsewhere] = [tempDir(), tempDir()];
    const target = join(elsewhere, "calls", "acme.yaml");
    mkdirSync(dirname(target));
    const s = await interview(
      ["-f", FIXTURE, "--lead", "Acme", "--today", TODAY, "--save", target],
      cwd,
    );
    await answerAll(s);
    expect(await s.code).toBe(0);
    expect(parse(readFileSync(target, "utf8"))).toMatchObject({ framework: "mini" });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("hides a question whose `when` fails, and going back keeps later answers that still apply", async () => {
    const dir = tempDir();
    const s = await interview(["-f", FIXTURE, "--lead", "Hooli", "--today", TODAY], dir);
    await s.at("? 1/6 · Need");
    s.keys("enter"); // Critical
    await s.at("? 2/6 · Need");
    s.reply(PAIN);
    await s.at("? 3/6 · Budget");
    s.reply("250000");
    await s.at("? 4/6 · Budget");
    s.keys("up", "space", "enter"); // tick "Go back"
    expect(await s.at("? 3/6 · Budget")).toContain("› (250000)");
    s.reply("<");
    expect(await s.at("? 2/6 · Need")).toContain(`› (${PAIN})`);
    s.reply("<");
    expect(await s.at("? 1/6 · Need")).toContain("❯ Critical");
    s.keys("down", "down", "enter"); // No need: the pain story no longer applies
    // Straight to the deal size, with the answer given before; one question fewer.
    expect(await s.at("? 2/5 · Budget")).toContain("› (250000)");
    s.keys("enter");
    await s.at("? 3/5 · Budget");
    s.keys("up", "up", "up", "space", "enter"); // None of these
    await s.at("? 4/5 · Authority");
    s.keys("down", "enter"); // No
    await s.at("? 5/5 · Authority");
    s.reply("?");
    expect(await s.code).toBe(0);
    expect(s.stdout()).toContain("DISQUALIFIED");
    expect(s.stdout()).toContain("Opportunity: No need for what we sell.");
    expect(saved(dir, "hooli-2026-01-15.yaml").answers).toEqual({
      need: "none",
      deal_size: 250000,
      areas: [],
      signs: false,
      go_live: "unknown",
    });
  });

  it("keeps a short answer typed before Ctrl-C at the short-answer check", async () => {
    const dir = tempDir();
    const s = await interview(["-f", FIXTURE, "--lead", "Acme", "--today", TODAY], dir);
    await s.at("? 1/6 · Need");
    s.keys("down", "enter"); // Nice to have
    await s.at("? 2/6 · Need");
    s.reply("Too slow");
    await s.at("short answer");
    s.events.keypress({ name: "c", ctrl: true });
    expect(await s.code).toBe(130);
    expect(s.stderr()).toContain("2 answers saved");
    expect(saved(dir, "acme-2026-01-15.yaml").answers).toEqual({
      need: "nice",
      pain_story: "Too slow",
    });
  });

  it("keeps a draft after every answer; Ctrl-C says how to resume and exits 130; --resume goes on", async () => {
    const dir = tempDir();
    const s = await interview(["-f", FIXTURE, "--lead", "Acme", "--today", TODAY], dir);
    await s.at("? 1/6 · Need");
    s.keys("down", "enter"); // Nice to have
    await s.at("? 2/6 · Need");
    s.reply("?");
    await s.at("? 3/6 · Budget");
    const draft = saved(dir, "acme-2026-01-15.yaml");
    expect(draft.answers).toEqual({ need: "nice", pain_story: "unknown" });
    s.events.keypress({ name: "c", ctrl: true });
    expect(await s.code).toBe(130);
    const stderr = s.stderr();
    expect(stderr).toContain(
      "qualify: interview paused; 2 answers saved to qualify-answers/acme-2026-01-15.yaml",
    );
    expect(stderr).toContain(
      `hint: Resume with: qualify interview --framework ${FIXTURE} --resume qualify-answers/acme-2026-01-15.yaml`,
    );
    expect(saved(dir, "acme-2026-01-15.yaml").answers).toEqual(draft.answers);

    const resumed = await interview(
      [
        "--framework",
        FIXTURE,
        "--resume",
        "qualify-answers/acme-2026-01-15.yaml",
        "--today",
        TODAY,
      ],
      dir,
    );
    // The first question not in the draft; the lead comes from the draft.
    expect(await resumed.at("? 3/6 · Budget")).toContain("Roughly what is the deal worth?");
    expect(resumed.stderr()).toContain("Resuming Acme: 2 answers already in the draft.");
    resumed.reply("15k");
    await resumed.at("? 4/6 · Budget");
    resumed.keys("space", "enter");
    await resumed.at("? 5/6 · Authority");
    resumed.keys("enter");
    await resumed.at("? 6/6 · Authority");
    resumed.reply("2026-12-01");
    expect(await resumed.code).toBe(0);
    expect(resumed.stdout()).toContain("Acme — Mini 1.0.0");
    expect(resumed.stdout()).toContain("NURTURE");
    expect(saved(dir, "acme-2026-01-15.yaml")).toMatchObject({
      lead: "Acme",
      answers: {
        need: "nice",
        pain_story: "unknown",
        deal_size: 15000,
        areas: ["time"],
        signs: true,
        go_live: "2026-12-01",
      },
    });
  });

  it("asks who the call is with when --lead is missing, and names the file after it", async () => {
    const dir = tempDir();
    const s = await interview(["-f", FIXTURE, "--today", TODAY], dir);
    const lead = await s.at("? Lead");
    expect(lead).toContain("Who is the call with?");
    s.reply("Globex Corporation");
    await s.at("? 1/6 · Need");
    expect(s.stderr()).toContain("✔ Lead › Globex Corporation");
    s.events.keypress({ name: "c", ctrl: true });
    expect(await s.code).toBe(130);
    expect(s.stderr()).toContain(
      "qualify: interview stopped before the first answer; nothing was saved",
    );
    expect(existsSync(join(dir, "qualify-answers"))).toBe(false);
  });

  it("never writes over an existing file: the default name gets -2, --save refuses", async () => {
    const dir = tempDir({
      "qualify-answers/acme-2026-01-15.yaml": "lead: Acme\n",
      "mine.yaml": "x: 1\n",
    });
    const s = await interview(["-f", FIXTURE, "--lead", "Acme", "--today", TODAY], dir);
    await s.at("? 1/6 · Need");
    expect(s.stderr()).toContain("Answers are saved to qualify-answers/acme-2026-01-15-2.yaml");
    s.keys("enter");
    await s.at("? 2/6 · Need");
    expect(readFileSync(join(dir, "qualify-answers/acme-2026-01-15.yaml"), "utf8")).toBe(
      "lead: Acme\n",
    );
    expect(saved(dir, "acme-2026-01-15-2.yaml").answers).toEqual({ need: "critical" });
    s.events.keypress({ name: "c", ctrl: true });
    expect(await s.code).toBe(130);

    const refused = await interview(["-f", FIXTURE, "--save", "mine.yaml"], dir);
    expect(await refused.code).toBe(2);
    expect(refused.stderr()).toContain(
      "qualify: mine.yaml already exists, and the interview never writes over a file",
    );
    expect(readFileSync(join(dir, "mine.yaml"), "utf8")).toBe("x: 1\n");
  });

  it("says before the first question that --save cannot be written there", async () => {
    const dir = tempDir({ "notes.yaml": "x: 1\n" });
    const refused = await interview(["-f", FIXTURE, "--save", "notes.yaml/sub/x.yaml"], dir);
    expect(await refused.code).toBe(2);
    expect(refused.stderr()).toContain(
      `qualify: cannot save to notes.yaml/sub/x.yaml: ${join(dir, "notes.yaml")} is a file, not a directory`,
    );
    expect(refused.stderr()).not.toContain("1/6");
    expect(readFileSync(join(dir, "notes.yaml"), "utf8")).toBe("x: 1\n");
  });

  it("resumes a finished file straight to the verdict, and leaves it as it was", async () => {
    const dir = tempDir();
    const done =
      "# Scored on the call with Dana\nframework: mini\nlead: Done Inc\nanswers:\n  need: none\n  deal_size: 0\n  areas: []\n  signs: false\n  go_live: unknown\n";
    writeFileSync(join(dir, "done.yaml"), done);
    const s = await interview(["-f", FIXTURE, "--resume", "done.yaml", "--today", TODAY], dir);
    expect(await s.code).toBe(0);
    expect(s.stderr()).toContain("Every question that applies is answered already.");
    expect(s.stdout()).toContain("Done Inc — Mini 1.0.0");
    expect(s.stdout()).toContain("DISQUALIFIED");
    expect(s.stderr()).toContain("Answers unchanged in done.yaml");
    expect(readFileSync(join(dir, "done.yaml"), "utf8")).toBe(done);
    // Saved elsewhere, it is a copy written as the interview writes.
    const copy = await interview(
      ["-f", FIXTURE, "--resume", "done.yaml", "--save", "copy.yaml", "--today", TODAY],
      dir,
    );
    expect(await copy.code).toBe(0);
    expect(copy.stderr()).toContain("Answers saved to copy.yaml");
    expect(readFileSync(join(dir, "copy.yaml"), "utf8")).toMatch(/^ {2}need: none$/m);
  });

  it("refuses a draft that does not fit the framework, with the file and line", async () => {
    const dir = tempDir({ "draft.yaml": "framework: bant\nanswers:\n  budget: allocated\n" });
    const s = await interview(["-f", FIXTURE, "--resume", "draft.yaml"], dir);
    expect(await s.code).toBe(2);
    expect(s.stderr()).toContain("these answers are for framework 'bant', not 'mini'");
  });
});

describe("without a terminal", () => {
  const pipeIo = (env: Record<string, string>, stdinTty: boolean) => {
    let err = "";
    let out = "";
    const stdin = Object.assign(new PassThrough(), { isTTY: stdinTty });
    const io: Io = {
      stdin,
      stdout: { write: (c) => ((out += String(c)), true) },
      stderr: { write: (c) => ((err += String(c)), true), isTTY: true },
      env,
      cwd: ROOT,
    };
    return { io, err: () => err, out: () => out };
  };

  it("refuses in one line pointing at qualify score --answers, exit 2", async () => {
    const pipe = pipeIo({}, false);
    expect(await main(["interview", "--framework", "meddic"], pipe.io)).toBe(2);
    expect(stripVTControlCharacters(pipe.err())).toBe(
      "qualify: interview needs a terminal to ask its questions, and stdin is not one\n" +
        "  hint: Put the answers in a file and run: qualify score --framework meddic --answers <file>\n",
    );
    expect(pipe.out()).toBe("");
  });

  it("counts CI=true as no terminal", async () => {
    const ci = pipeIo({ CI: "true" }, true);
    expect(await main(["interview", "--framework", "meddic"], ci.io)).toBe(2);
    expect(ci.err()).toContain("and CI is set (nobody is there to answer)");
  });
});
