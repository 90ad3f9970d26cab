/** Running the CLI in tests: spawned as users run it, or in-process with fake streams. */
import { spawn } from "node:child_process";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../bin/qualify.js", import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
}

/** Spawns the built binary (`npm run build` first) with no terminal and no colour. */
export function runBin(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      FORCE_COLOR: undefined,
      NO_COLOR: undefined,
      QUALIFY_DEBUG: undefined,
      ...options.env,
    };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}

class Capture extends PassThrough {
  text = "";
  isTTY = false;
  columns = 100;
  constructor() {
    super();
    this.setEncoding("utf8");
    this.on("data", (d: string) => (this.text += d));
  }
}

/** Runs main() in-process with captured streams. */
export async function runMain(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  const stdout = new Capture();
  const stderr = new Capture();
  const io: Io = { stdin, stdout, stderr, env: { ...options.env }, cwd: options.cwd ?? ROOT };
  const code = await main(args, io);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: stdout.text, stderr: stderr.text };
}
