/**
 * Human output fits the terminal it is printed in: run in a real terminal (tmux) of a given
 * width, no line may be broken by the terminal itself — which would cut a word in two — so
 * every long text must already be wrapped at a word boundary. Skipped where tmux is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers/cli.js";

const HAS_TMUX = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
const SOCKET = `qualify-width-${process.pid}`;

function tmux(...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color", SHELL: "/bin/sh" };
  for (const key of ["CI", "NO_COLOR", "FORCE_COLOR", "TMUX", "TMUX_PANE"]) delete env[key];
  return execFileSync("tmux", ["-L", SOCKET, "-f", "/dev/null", ...args], {
    env,
    encoding: "utf8",
  });
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs `qualify <args>` in a terminal `width` columns wide; returns the screen as printed. */
async function printed(name: string, width: number, args: string[]) {
  const command = [process.execPath, BIN, ...args].map(quote).join(" ");
  tmux(
    "new-session",
    "-d",
    "-s",
    name,
    "-x",
    String(width),
    "-y",
    "400",
    "-c",
    ROOT,
    `${command}; echo "EXIT:$?"; sleep 60`,
  );
  const started = Date.now();
  // Rows the terminal wrapped are joined with -J: the two captures differ exactly then.
  const capture = (join: boolean) =>
    tmux("capture-pane", "-p", ...(join ? ["-J"] : []), "-t", name).trimEnd();
  while (!capture(true).includes("EXIT:")) {
    if (Date.now() - started > 15_000) throw new Error(`timed out:\n${capture(true)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const joined = capture(true);
  return { joined, rows: capture(false).split("\n"), lines: joined.split("\n") };
}

describe.skipIf(!HAS_TMUX)("human output in a real terminal", () => {
  afterAll(() => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"], { stdio: "ignore" });
  });

  const cases: Array<[string, number, string[]]> = [
    [
      "backtest",
      110,
      [
        "backtest",
        "examples/maven-history.csv",
        "-f",
        "examples/maven-fit.yaml",
        "--map",
        "examples/maven-map.yaml",
        "--outcome",
        "deal_stage",
      ],
    ],
    ["score", 110, ["score", "-a", join("examples", "meddic-globex.yaml")]],
    ["score", 80, ["score", "-a", join("examples", "champ-fabrikam.yaml")]],
    ["frameworks show", 110, ["frameworks", "show", "meddic"]],
  ];
  for (const testCase of cases) {
    const [command, width, args] = testCase;
    it(`${command} at ${width} columns wraps between words, never at the terminal's edge`, async () => {
      const { joined, rows, lines } = await printed(`w${cases.indexOf(testCase)}`, width, args);
      expect(joined).toContain("EXIT:0");
      const broken = lines.filter((line) => [...line].length > width);
      expect(broken, `lines the terminal had to break:\n${broken.join("\n")}`).toEqual([]);
      expect(rows.length).toBe(lines.length);
    });
  }
});
