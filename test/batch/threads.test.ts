/**
 * `--threads`: scoring on worker threads gives the same output and summary as one thread,
 * byte for byte, whatever the input holds and wherever its chunks are cut.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { scoreStream, type BatchOptions } from "../../src/io/batch.js";
import { loadFramework } from "../../src/io/frameworks.js";
import { ROOT, runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** The built worker: the source files are TypeScript, which a worker cannot load. */
const WORKER = new URL("../../dist/io/batch-thread.js", import.meta.url);

/** Lead-score-shaped rows with every awkward thing in them, now and then. */
function awkwardCsv(rows: number, eol: string): string {
  const lines = [
    "Company,NumberOfEmployees,AnnualRevenue,Industry,Country,LeadSource,LastActivityDate,Note",
  ];
  const industries = ["Technology", "Finance", "Gambling", "", "Retail", "technology "];
  for (let i = 0; i < rows; i++) {
    const note = i % 7 === 0 ? `"said ""call me""${eol}next week"` : i % 11 === 0 ? "" : "ok";
    const employees = i % 13 === 0 ? "lots" : String((i * 37) % 5000);
    const revenue = i % 17 === 0 ? "$1.2M" : `"$${(i * 991) % 90_000},000.00"`;
    const date = i % 19 === 0 ? "yesterday" : `2026-${1 + (i % 12)}-${1 + (i % 28)}`;
    let line = `Co ${i},${employees},${revenue},${industries[i % industries.length]},US,Web,${date},${note}`;
    if (i % 101 === 0) line = `ragged ${i},1,2`;
    if (i % 211 === 0) line = "";
    lines.push(line);
  }
  return lines.join(eol) + (rows % 2 === 0 ? eol : "");
}

/** The input in pieces of `piece` bytes, so the rows reach the workers in many chunks. */
function pieces(text: string, piece: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += piece) out.push(bytes.subarray(at, at + piece));
  return out;
}

async function run(text: string, piece: number, options: BatchOptions) {
  const { compiled } = await loadFramework(
    "lead-score",
    { cwd: "/nonexistent", env: {} },
    { today: "2026-06-15" },
  );
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  // Copied: the writer may reuse a block once the sink is done with it.
  out.on("data", (d: Buffer) => chunks.push(Buffer.from(d)));
  const summary = await scoreStream(compiled, pieces(text, piece), out, {
    ...options,
    workerUrl: WORKER,
  });
  return { output: Buffer.concat(chunks).toString(), summary };
}

describe("batch on worker threads", () => {
  for (const [name, options] of [
    ["CSV", {}],
    ["CSV with --only", { only: new Set(["nurture", "disqualified"]) }],
    ["JSON lines", { format: "jsonl" }],
  ] as Array<[string, BatchOptions]>) {
    it(`writes what one thread writes: ${name}`, async () => {
      for (const eol of ["\n", "\r\n"]) {
        const text = awkwardCsv(3_000, eol);
        const one = await run(text, 1 << 20, { ...options, workers: 1 });
        for (const [workers, piece] of [
          [2, 4096],
          [3, 777],
        ] as const) {
          const many = await run(text, piece, { ...options, workers });
          expect(many.output).toBe(one.output);
          expect(many.summary).toEqual(one.summary);
        }
        expect(one.summary.skipped.count).toBeGreaterThan(10);
        expect(one.summary.rowsWithWarnings).toBeGreaterThan(100);
      }
    });
  }

  it("stops before any row when the mapping is refused, starting no work", async () => {
    const { output, summary } = await run(awkwardCsv(10, "\n"), 64, {
      workers: 2,
      onMapping: () => false,
    });
    expect(output).toBe("");
    expect(summary.stopped).toBe(true);
    expect(summary.rows).toBe(0);
  });
});

const LEAD_CSV = join(ROOT, "../shared/data/salesforce-devorg/Lead.csv");

describe("qualify batch --threads", () => {
  it.runIf(existsSync(LEAD_CSV))(
    "gives the same output as one thread on a real export",
    async () => {
      const one = await runBin(["batch", LEAD_CSV, "-f", "lead-score", "--today", "2026-06-15"]);
      const two = await runBin([
        "batch",
        LEAD_CSV,
        "-f",
        "lead-score",
        "--today",
        "2026-06-15",
        "--threads",
        "2",
      ]);
      expect(one.code).toBe(0);
      expect(two.code).toBe(0);
      expect(two.stdout).toBe(one.stdout);
      // The elapsed time and, on a slow run, the rate differ between runs.
      const withoutTiming = (text: string) =>
        text.replace(/ in [\d.]+ s( \([\d,]+ rows\/s\))?/g, "");
      expect(withoutTiming(two.stderr)).toBe(withoutTiming(one.stderr));
    },
  );

  for (const bad of ["0", "two", "1.5", "99"]) {
    it(`refuses --threads ${bad} before writing anything`, async () => {
      const dir = tempDir({ "leads.csv": "Budget,Need\nYes,Critical\n", "out.csv": "keep me" });
      const { code, stdout, stderr } = await runBin([
        "batch",
        join(dir, "leads.csv"),
        "-f",
        "bant",
        "-o",
        join(dir, "out.csv"),
        "--threads",
        bad,
      ]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`--threads '${bad}' is not a number of threads`);
      expect(stderr).toContain("Use a whole number from 1 to 8.");
      expect(readFileSync(join(dir, "out.csv"), "utf8")).toBe("keep me");
      expect(readFileSync(join(dir, "leads.csv"), "utf8")).toBe("Budget,Need\nYes,Critical\n");
    });
  }
});
