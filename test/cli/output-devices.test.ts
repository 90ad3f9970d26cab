/**
 * An output that is a device or a pipe (`-o /dev/null`, a named pipe a script reads) is written
 * into, never replaced: the atomic rename used for plain files would put a regular file where
 * the device was. The targets here are links to /dev/null, so a regression replaces the link in
 * a temporary directory and never the machine's /dev/null.
 */
import { spawn, spawnSync } from "node:child_process";
import { lstatSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const LEADS = join(ROOT, "examples/leads.csv");
const HISTORY = join(ROOT, "examples/maven-history.csv");

/** A directory holding only `name`, a link to /dev/null. */
function nullLink(name: string) {
  const dir = tempDir();
  const target = join(dir, name);
  symlinkSync("/dev/null", target);
  return { dir, target };
}

/** The link is still a link, /dev/null still a device, and nothing else was left beside it. */
function expectUntouched(dir: string, target: string) {
  expect(lstatSync(target).isSymbolicLink()).toBe(true);
  expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  expect(readdirSync(dir)).toEqual([target.slice(dir.length + 1)]);
}

describe("an output that is a device", () => {
  const cases: Array<[string, string, (target: string) => string[]]> = [
    ["batch -o", "scored.csv", (t) => ["batch", LEADS, "-f", "bant", "-o", t, "-q"]],
    ["sql --run -o", "scored.csv", (t) => ["sql", "-f", "bant", "--run", LEADS, "-o", t, "-q"]],
    ["sql -o", "bant.sql", (t) => ["sql", "-f", "bant", "-d", "duckdb", "-o", t]],
    [
      "backtest --html",
      "report.html",
      (t) => [
        "backtest",
        HISTORY,
        "-f",
        join(ROOT, "examples/maven-fit.yaml"),
        "--map",
        join(ROOT, "examples/maven-map.yaml"),
        "--outcome",
        "deal_stage",
        "--html",
        t,
      ],
    ],
  ];

  it.each(cases)("%s writes into it and leaves it in place", async (_, name, args) => {
    const { dir, target } = nullLink(name);
    const { code, stderr } = await runBin(args(target), { cwd: dir });
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    expectUntouched(dir, target);
  });

  it.skipIf(process.platform === "win32")(
    "batch -o a named pipe streams the rows to its reader",
    async () => {
      const dir = tempDir();
      const fifo = join(dir, "rows");
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      const reader = spawn("cat", [fifo]);
      let read = "";
      reader.stdout.on("data", (chunk: Buffer) => (read += chunk.toString()));
      const done = new Promise((resolve) => reader.on("close", resolve));
      const { code } = await runBin(["batch", LEADS, "-f", "bant", "-o", fifo, "-q"], { cwd: dir });
      await done;
      expect(code).toBe(0);
      expect(read.split("\n")[0]).toMatch(/qualify_verdict/);
      expect(statSync(fifo).isFIFO()).toBe(true);
      expect(readdirSync(dir)).toEqual(["rows"]);
    },
  );
});
