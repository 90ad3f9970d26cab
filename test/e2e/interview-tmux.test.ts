/**
 * `qualify interview` in a real terminal: the built binary runs in a detached tmux session of
 * a fixed size; keys are sent as a rep types them and the screen is read back with
 * capture-pane. Skipped, with a message, where tmux is not installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BIN, ROOT, runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const HAS_TMUX = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
const FIXTURE = join(ROOT, "test/fixtures/interview-mini.yaml");
const TODAY = "2026-01-15";
const SOCKET = `qualify-e2e-${process.pid}`;

/** The terminal's environment: no CI (the interview would refuse), no colour overrides. */
function terminalEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color", SHELL: "/bin/sh" };
  for (const key of ["CI", "NO_COLOR", "FORCE_COLOR", "QUALIFY_DEBUG", "TMUX", "TMUX_PANE"])
    delete env[key];
  return env;
}

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", SOCKET, "-f", "/dev/null", ...args], {
    env: terminalEnv(),
    encoding: "utf8",
  });
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Starts `qualify <args>` in a 100×50 terminal; afterwards prints its exit code and tty modes. */
function start(name: string, cwd: string, args: string[]): void {
  const command = [process.execPath, BIN, ...args].map(quote).join(" ");
  tmux(
    "new-session",
    "-d",
    "-s",
    name,
    "-x",
    "100",
    "-y",
    "50",
    "-c",
    cwd,
    `${command}; echo "EXIT:$?"; stty -a | tr ' ;' '\\n\\n' | grep -x -e -icanon -e icanon -e -echo -e echo | tr '\\n' ' '; echo; sleep 120`,
  );
}

/** The visible screen plus scrollback, as text (or with colours as escape codes). */
const screen = (name: string, colours = false) =>
  tmux("capture-pane", "-p", "-J", ...(colours ? ["-e"] : []), "-S", "-300", "-t", name);

/** Waits until the screen shows `text` (after the last `after`, when given). */
async function waitFor(
  name: string,
  text: string,
  after?: string,
  timeout = 15_000,
): Promise<string> {
  const start = Date.now();
  for (;;) {
    const shown = screen(name);
    const tail = after === undefined ? shown : (shown.split(after).slice(1).at(-1) ?? "");
    if (tail.includes(text)) return tail;
    if (Date.now() - start > timeout)
      throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${shown}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const keys = (name: string, ...names: string[]) => tmux("send-keys", "-t", name, ...names);
const type = (name: string, text: string) => {
  tmux("send-keys", "-t", name, "-l", text);
  tmux("send-keys", "-t", name, "Enter");
};

if (!HAS_TMUX) {
  console.warn("tmux is not installed: skipping the real-terminal interview tests (test/e2e).");
}

describe.skipIf(!HAS_TMUX)("qualify interview in a real terminal (tmux)", () => {
  afterAll(() => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"], { stdio: "ignore" });
  });

  it("needs the built binary", () => {
    expect(existsSync(join(ROOT, "dist/bin/main.js")), "run `npm run build` first").toBe(true);
  });

  it("types through a short framework to a coloured verdict, and saves answers score reads", async () => {
    const dir = tempDir();
    start("call", dir, [
      "interview",
      "--framework",
      FIXTURE,
      "--lead",
      "Acme Corp",
      "--today",
      TODAY,
    ]);

    const first = await waitFor("call", "? 1/6 · Need");
    expect(first).toContain("Mini 1.0.0 — qualification interview");
    expect(first).toContain("How badly do they need it?");
    keys("call", "Enter"); // Critical

    await waitFor("call", "? 2/6 · Need");
    type("call", "Short");
    const flag = await waitFor("call", "short answer");
    expect(flag).toContain("Short answer about the pain. Probe for specifics.");
    keys("call", "Enter"); // add detail: the answer comes back, ready to edit
    await waitFor("call", "› Short");
    type("call", " answer about the month-end close");

    await waitFor("call", "? 3/6 · Budget");
    type("call", "$60k");
    await waitFor("call", "? 4/6 · Budget");
    keys("call", "Space", "Down", "Space", "Enter");
    await waitFor("call", "? 5/6 · Authority");
    keys("call", "Up", "Enter"); // go back: the ticks are kept
    const back = await waitFor("call", "? 4/6 · Budget", "✔ 5/6 · Authority › ← Go back");
    expect(back).toContain("◉ Time saved");
    expect(back).toContain("◉ Money saved");
    keys("call", "Enter");
    await waitFor("call", "? 5/6 · Authority", "✔ 4/6 · Budget › Time saved, Money saved");
    keys("call", "Enter");
    // A yes/no answer line is the criterion and the answer, as for every type.
    const signed = await waitFor("call", "? 6/6 · Authority");
    expect(screen("call")).toContain("✔ 5/6 · Authority › Yes\n");
    expect(signed).not.toContain("Do they sign the order? Yes");
    type("call", "2026-02-01");

    const end = await waitFor("call", "EXIT:");
    // The end screen is wrapped between words: the terminal never had to break a row, save
    // the one command, which is printed whole so that it can be copied.
    const broken = screen("call")
      .split("\n")
      .filter((line) => [...line].length > 100 && !line.startsWith("  Score again: qualify "));
    expect(broken, `rows the terminal had to break:\n${broken.join("\n")}`).toEqual([]);
    expect(end).toContain("Acme Corp — Mini 1.0.0");
    expect(end).toMatch(/QUALIFIED\s+score 100\/100 \(80 of 80 points\)/);
    expect(end).toMatch(/Budget\s+opportunity\s+█+\s+30\/30\s+✓ met/);
    expect(end).toContain("Next step: Book the demo.");
    expect(end).toContain("✔ Answers saved to qualify-answers/acme-corp-2026-01-15.yaml");
    expect(end).toContain("EXIT:0");
    const modes = await waitFor("call", "icanon");
    expect(modes).toMatch(/^icanon echo\s*$/m); // the terminal is back in its normal mode
    expect(tmux("display-message", "-p", "-t", "call", "#{cursor_flag}").trim()).toBe("1");
    // The verdict badge is coloured (green background) on a terminal.
    const badge = screen("call", true)
      .split("\n")
      .find((line) => line.includes("QUALIFIED"));
    // eslint-disable-next-line no-control-regex
    expect(badge).toMatch(/\u001b\[[0-9;]*42[;m]/);

    const path = join(dir, "qualify-answers/acme-corp-2026-01-15.yaml");
    expect(parse(readFileSync(path, "utf8")).answers).toEqual({
      need: "critical",
      pain_story: "Short answer about the month-end close",
      deal_size: 60000,
      areas: ["time", "money"],
      signs: true,
      go_live: "2026-02-01",
    });
    const score = await runBin(["score", "-f", FIXTURE, "-a", path, "--today", TODAY, "--json"]);
    expect(score.code).toBe(0);
    expect(JSON.parse(score.stdout)).toMatchObject({
      lead: "Acme Corp",
      verdict: "qualified",
      score: 100,
    });
  });

  it("Ctrl-C keeps the draft, says how to resume, exits 130 and leaves the terminal clean", async () => {
    const dir = tempDir();
    start("stop", dir, [
      "interview",
      "--framework",
      FIXTURE,
      "--lead",
      "Initech",
      "--today",
      TODAY,
    ]);
    await waitFor("stop", "? 1/6 · Need");
    keys("stop", "Down", "Down", "Enter"); // No need: the pain story is skipped
    await waitFor("stop", "? 2/5 · Budget");
    keys("stop", "C-c");

    const end = await waitFor("stop", "EXIT:");
    expect(end).toContain(
      "qualify: interview paused; 1 answer saved to qualify-answers/initech-2026-01-15.yaml",
    );
    expect(end).toContain(
      `hint: Resume with: qualify interview --framework ${FIXTURE} --resume qualify-answers/initech-2026-01-15.yaml`,
    );
    expect(end).toContain("EXIT:130");
    // The open prompt is wiped; the answers given stay on screen.
    expect(end).toContain("✔ 1/6 · Need › No need");
    expect(end).not.toContain("Roughly what is the deal worth?");
    const modes = await waitFor("stop", "icanon");
    expect(modes).toMatch(/^icanon echo\s*$/m);
    expect(tmux("display-message", "-p", "-t", "stop", "#{cursor_flag}").trim()).toBe("1");
    expect(
      parse(readFileSync(join(dir, "qualify-answers/initech-2026-01-15.yaml"), "utf8")).answers,
    ).toEqual({ need: "none" });
  });
});
