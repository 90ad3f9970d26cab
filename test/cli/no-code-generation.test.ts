/**
 * Where a runtime forbids generating code from strings, frameworks compile to the plain
 * assessment (src/core/assess-plain.ts) and every command gives the same output.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runBin } from "../helpers/cli.js";

const LOCKED = { NODE_OPTIONS: "--disallow-code-generation-from-strings" };
const LEAD_CSV = join(ROOT, "../shared/data/salesforce-devorg/Lead.csv");

async function same(args: string[]): Promise<void> {
  const locked = await runBin(args, { env: LOCKED });
  const free = await runBin(args);
  expect(locked.stderr.replace(/ in [\d.]+ s( \([\d,]+ rows\/s\))?/g, "")).toBe(
    free.stderr.replace(/ in [\d.]+ s( \([\d,]+ rows\/s\))?/g, ""),
  );
  expect(locked.code, locked.stderr).toBe(free.code);
  expect(locked.stdout).toBe(free.stdout);
}

describe("without code generation from strings", () => {
  it("lists and lints the built-in frameworks", async () => {
    const locked = await runBin(["frameworks", "list"], { env: LOCKED });
    expect(locked.code, locked.stderr).toBe(0);
    expect(locked.stdout).toMatch(/lead-score/);
    await same(["frameworks", "lint", "meddic"]);
  });

  it("scores an answers file as usual", async () => {
    await same(["score", "-f", "bant", "-a", "examples/bant-acme.yaml", "--json"]);
  });

  it.runIf(existsSync(LEAD_CSV))("scores a real export row for row as usual", async () => {
    for (const framework of ["lead-score", "meddic"])
      await same(["batch", LEAD_CSV, "-f", framework, "--today", "2026-06-15"]);
    await same(["batch", "examples/leads.csv", "-f", "bant", "--format", "jsonl"]);
  });
});
