/**
 * Golden leads: for every built-in framework, example leads with the verdict, score, rules,
 * reasons and flags a person worked out by hand from the framework file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadFramework } from "../src/io/frameworks.js";
import { readAnswers } from "../src/core/answers.js";
import { evaluate } from "../src/core/engine.js";

interface GoldenLead {
  name: string;
  lead?: string;
  answers: Record<string, unknown>;
  expect: {
    verdict: string;
    score?: number;
    rules?: string[];
    reasons?: string[];
    flags?: string[];
    gaps?: string[];
  };
}

const dir = new URL("./golden/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
const ctx = { cwd: "/nonexistent", env: {} };

it("has a golden file for every built-in framework", () => {
  const builtins = readdirSync(new URL("../frameworks/", import.meta.url)).filter((f) =>
    f.endsWith(".yaml"),
  );
  expect(files.sort()).toEqual(builtins.sort());
});

for (const file of files) {
  const golden = parse(readFileSync(new URL(file, dir), "utf8")) as {
    framework: string;
    today?: string;
    leads: GoldenLead[];
  };
  describe(`golden: ${golden.framework}`, async () => {
    const { compiled } = await loadFramework(golden.framework, ctx, {
      today: golden.today ?? "2026-01-15",
    });

    it("has at least six leads covering every verdict", () => {
      expect(golden.leads.length).toBeGreaterThanOrEqual(6);
      expect(new Set(golden.leads.map((l) => l.expect.verdict))).toEqual(
        new Set(["qualified", "nurture", "disqualified"]),
      );
    });

    for (const lead of golden.leads) {
      it(lead.name, () => {
        const result = evaluate(compiled, readAnswers(compiled, lead.answers), { lead: lead.lead });
        expect(result.verdict).toBe(lead.expect.verdict);
        if (lead.expect.score !== undefined) expect(result.score).toBe(lead.expect.score);
        if (lead.expect.rules !== undefined)
          expect(result.rules.map((r) => r.id).sort()).toEqual([...lead.expect.rules].sort());
        if (lead.expect.flags !== undefined)
          expect(result.flags.map((f) => f.id).sort()).toEqual([...lead.expect.flags].sort());
        if (lead.expect.gaps !== undefined)
          expect(result.gaps.map((g) => g.question).slice(0, lead.expect.gaps.length)).toEqual(
            lead.expect.gaps,
          );
        for (const reason of lead.expect.reasons ?? []) {
          expect(result.reasons.join("\n")).toContain(reason);
        }
      });
    }
  });
}

describe("the build's cache of built-in frameworks", () => {
  it("holds exactly what reading the framework files gives", async () => {
    const { readFileSync, existsSync } = await import("node:fs");
    const cacheFile = new URL("../dist/frameworks.json", import.meta.url);
    expect(existsSync(cacheFile), "run npm run build first").toBe(true);
    const cache = JSON.parse(readFileSync(cacheFile, "utf8")) as Record<string, { hash: string }>;
    for (const file of files) {
      const id = file.replace(/\.yaml$/, "");
      const { compiled } = await loadFramework(id, ctx);
      expect(cache[id]?.hash, id).toBe(compiled.hash);
    }
  });
});
