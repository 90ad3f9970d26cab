/**
 * Every output path is used exactly as given: an absolute `-o`/`--html` lands there, never
 * under the current directory, in each command that writes a file (interview's --save is
 * checked in test/interview/command.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const LEADS = join(ROOT, "examples/leads.csv");
const HISTORY = join(ROOT, "examples/maven-history.csv");
const MAVEN = [
  "-f",
  join(ROOT, "examples/maven-fit.yaml"),
  "--map",
  join(ROOT, "examples/maven-map.yaml"),
];

/** A working directory that must stay empty, and an absolute target in another directory. */
function places(name: string) {
  const cwd = tempDir();
  const target = join(tempDir(), name);
  return { cwd, target };
}

describe("an absolute output path", () => {
  it("init -o writes the file (and its schema) there", async () => {
    const { cwd, target } = places("our.yaml");
    const { code, stderr } = await runBin(
      ["init", "--from", "bant", "--id", "our-bant", "-o", target],
      { cwd },
    );
    expect(code).toBe(0);
    expect(stderr).toContain(`wrote ${target} (our-bant`);
    // Outside ./frameworks the id would not find it: the next step names the path.
    expect(stderr).toContain(`qualify score -f ${target} -a lead.yaml`);
    expect(readFileSync(target, "utf8")).toMatch(/^id: our-bant$/m);
    expect(existsSync(join(target, "..", "framework.schema.json"))).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("batch -o writes the scored file there", async () => {
    const { cwd, target } = places("scored.csv");
    const { code, stderr } = await runBin(["batch", LEADS, "-f", "bant", "-o", target], { cwd });
    expect(code).toBe(0);
    expect(stderr).toContain(`→ ${target}`);
    expect(readFileSync(target, "utf8")).toMatch(/qualify_verdict/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("sql -o writes the query there", async () => {
    const { cwd, target } = places("bant.sql");
    const { code } = await runBin(["sql", "-f", "bant", "-d", "duckdb", "-o", target], { cwd });
    expect(code).toBe(0);
    expect(readFileSync(target, "utf8")).toMatch(/qualify_verdict/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("sql --run -o writes the scored file there", async () => {
    const { cwd, target } = places("scored.csv");
    const { code } = await runBin(["sql", "-f", "bant", "--run", LEADS, "-o", target, "-q"], {
      cwd,
    });
    expect(code).toBe(0);
    expect(readFileSync(target, "utf8")).toMatch(/qualify_verdict/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("backtest --html writes the report there", async () => {
    const { cwd, target } = places("report.html");
    const { code } = await runBin(
      ["backtest", HISTORY, ...MAVEN, "--outcome", "deal_stage", "--html", target],
      { cwd },
    );
    expect(code).toBe(0);
    expect(readFileSync(target, "utf8")).toMatch(/^<!doctype html>/i);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
