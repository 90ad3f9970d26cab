/** qualify as a library, imported by name as a Node script would. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

describe("import { … } from 'qualify'", () => {
  it("loads a framework, scores a lead and a CSV stream, and never prints", () => {
    const script = `
      import { loadFramework, score, scoreStream } from "qualify";
      import { PassThrough } from "node:stream";
      const { compiled } = await loadFramework("bant", { cwd: process.cwd(), env: {} });
      const result = score(compiled, { budget: "allocated", authority: "decision_maker", need: "critical", timeline: "now" }, "Acme");
      const out = new PassThrough();
      let csv = "";
      out.on("data", (d) => (csv += d));
      const summary = await scoreStream(compiled, ["Budget,Need\\nYes,Critical\\nNo Budget,None\\n"], out);
      process.stdout.write(JSON.stringify({ verdict: result.verdict, lead: result.lead, rows: summary.rows, verdicts: summary.verdicts, lines: csv.trim().split("\\n").length }));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      verdict: "qualified",
      lead: "Acme",
      rows: 2,
      verdicts: { qualified: 0, nurture: 1, disqualified: 1 },
      lines: 3,
    });
  });
});
