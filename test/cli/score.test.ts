/** `qualify score` through the built binary: output, exit codes, and every bad input. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBin, runMain } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const acme = "examples/bant-acme.yaml";
const ANSI = "\u001b[";

describe("qualify score", () => {
  it("prints the verdict, criteria, reasons, gaps and action", async () => {
    const { code, stdout, stderr } = await runBin([
      "score",
      "--framework",
      "bant",
      "--answers",
      acme,
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("Acme Corp — BANT 1.0.0");
    expect(stdout).toMatch(/QUALIFIED\s+score \d+\/100/);
    expect(stdout).toMatch(/Budget\s+opportunity .* \d+\/25/);
    expect(stdout).toContain("Why");
    expect(stdout).toContain("3 of 4 criteria met");
    expect(stdout).toContain("Ask next");
    expect(stdout).toContain("Next step:");
    expect(stdout).toMatch(/sha256 [0-9a-f]{12}/);
    expect(stdout).not.toContain(ANSI); // no colour in a pipe
  });

  it("prints the full result as JSON with schemaVersion and the framework hash", async () => {
    const { code, stdout } = await runBin(["score", "-f", "bant", "-a", acme, "--json"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      schemaVersion: 1,
      lead: "Acme Corp",
      verdict: "qualified",
      framework: { id: "bant", version: "1.0.0" },
    });
    expect(result.framework.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.criteria).toHaveLength(4);
    expect(result.gaps[0]).toMatchObject({ question: "capacity", criterion: "timeline" });
  });

  it("reads answers from stdin and takes the framework from the file", async () => {
    const { code, stdout } = await runBin(["score", "--answers", "-", "--json"], {
      stdin: readFileSync(join(__dirname, "../../", acme)),
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).verdict).toBe("qualified");
  });

  it("scores a JSON list of leads at once", async () => {
    const stdin = JSON.stringify([
      { lead: "A", answers: { need: "none" } },
      {
        lead: "B",
        answers: {
          budget: "allocated",
          authority: "decision_maker",
          need: "critical",
          timeline: "now",
        },
      },
    ]);
    const { code, stdout } = await runBin(["score", "-f", "bant", "-a", "-", "--json"], { stdin });
    expect(code).toBe(0);
    expect(
      JSON.parse(stdout).map((r: { lead: string; verdict: string }) => [r.lead, r.verdict]),
    ).toEqual([
      ["A", "disqualified"],
      ["B", "qualified"],
    ]);
  });

  it("matches choice answers by label and alias, case-insensitively", async () => {
    const stdin =
      "answers:\n  budget: YES, MONEY IS SET ASIDE\n  authority: economic buyer\n  need: Must Have\n  timeline: asap\n";
    const { code, stdout } = await runBin(["score", "-f", "bant", "-a", "-", "--json"], { stdin });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).criteriaMet).toBe(4);
  });

  it("exits 3 with --fail-on when the verdict is at or below it", async () => {
    const nurture = "answers:\n  timeline: next_year\n";
    const failing = await runBin(["score", "-f", "bant", "-a", "-", "--fail-on", "nurture"], {
      stdin: nurture,
    });
    expect(failing.code).toBe(3);
    expect(failing.stdout).toContain("NURTURE");
    expect(failing.stderr).toContain("verdict is nurture (--fail-on nurture)");
    const passing = await runBin(["score", "-f", "bant", "-a", "-", "--fail-on", "disqualified"], {
      stdin: nurture,
    });
    expect(passing.code).toBe(0);
    // Several leads: the ones that failed are named (by lead, else by position).
    const list =
      "- lead: Acme\n  answers: {timeline: next_year}\n- lead: Globex\n  answers: {budget: allocated, authority: decision_maker, need: critical, timeline: now}\n- answers: {timeline: next_year}\n";
    const several = await runBin(["score", "-f", "bant", "-a", "-", "--fail-on", "nurture"], {
      stdin: list,
    });
    expect(several.code).toBe(3);
    expect(several.stderr).toContain(
      "2 of 3 leads are nurture or worse: Acme, lead 3 (--fail-on nurture)",
    );
  });

  it("suggests the lowercase id for -f BANT", async () => {
    const { code, stderr } = await runBin(["score", "-f", "BANT", "-a", acme]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/'BANT' is not a framework id or a path\. Did you mean 'bant'\?/);
  });

  it("colours output when FORCE_COLOR is set and not with NO_COLOR or --no-color", async () => {
    expect((await runBin(["score", "-a", acme], { env: { FORCE_COLOR: "1" } })).stdout).toContain(
      ANSI,
    );
    expect(
      (await runBin(["score", "-a", acme], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout,
    ).not.toContain(ANSI);
    expect(
      (await runBin(["score", "-a", acme, "--no-color"], { env: { FORCE_COLOR: "1" } })).stdout,
    ).not.toContain(ANSI);
  });
});

describe("qualify score: bad input exits 2 with one line of cause and a hint", () => {
  const dir = tempDir({
    "bad-yaml.yaml": "answers:\n  budget: [allocated\n  need: critical\n",
    "unknown-question.yaml": "answers:\n  budget: allocated\n  budgte: planned\n",
    "bad-option.yaml": "answers:\n  budget: maybe\n",
    "empty.yaml": "\n\n",
    "proto.yaml": "answers:\n  budget: allocated\n  __proto__:\n    polluted: true\n",
    "bomb.yaml":
      "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nanswers: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
    "utf16.yaml": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("answers:\n", "utf16le")]),
    "binary.yaml": Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]),
    "wrong-framework.yaml": "framework: meddic\nanswers:\n  pain: validated\n",
    "extra-key.yaml": "lead: X\nanswer:\n  budget: allocated\n",
    "not-a-map.yaml": "- just\n- a list\n",
    "two-frameworks.yaml":
      "- framework: bant\n  answers: {budget: allocated}\n- framework: meddic\n  answers: {pain: validated}\n",
    "huge.yaml": "framework: lead-score\nanswers:\n  employees: 1e400\n",
    "two-docs.yaml": "answers:\n  budget: allocated\n---\nanswers:\n  need: critical\n",
    "bad-number.yaml": "framework: meddic\nanswers:\n  champion_is_eb: perhaps\n",
  });
  const file = (name: string) => join(dir, name);

  const cases: Array<[string, string[], RegExp, RegExp?]> = [
    [
      "invalid YAML with file:line:col",
      ["-a", file("bad-yaml.yaml")],
      /bad-yaml\.yaml:3:\d+: invalid YAML/,
    ],
    [
      "an unknown question, with a suggestion",
      ["-a", file("unknown-question.yaml")],
      /unknown-question\.yaml:3:3: unknown question 'budgte' for framework 'bant'\. Did you mean 'budget'\?/,
      /hint: Questions: budget, budget_priority/,
    ],
    [
      "a value outside the options, with the allowed values",
      ["-a", file("bad-option.yaml")],
      /bad-option\.yaml:2:11: answer to 'budget': 'maybe' is not one of the options/,
      /hint: Allowed: allocated, fundable, planned, none \(or unknown\)/,
    ],
    [
      "a missing file",
      ["-a", file("nope.yaml")],
      /answers file not found: .*nope\.yaml/,
      /hint: Check the path/,
    ],
    ["an empty file", ["-a", file("empty.yaml")], /empty\.yaml is empty/],
    [
      "a __proto__ key",
      ["-a", file("proto.yaml")],
      /proto\.yaml:3:3: the key '__proto__' is not allowed/,
    ],
    [
      "a YAML alias bomb",
      ["-a", file("bomb.yaml")],
      /qualify: [^\n]*bomb\.yaml: Excessive alias count/,
      /Too many YAML aliases/,
    ],
    [
      "no framework given, and a list of leads that names two",
      ["-a", file("two-frameworks.yaml")],
      /which framework\? The answers name 2: 'bant', 'meddic'/,
      /hint: Score the leads of each framework on their own/,
    ],
    [
      "no framework given, and a number too large for a double",
      ["-a", file("huge.yaml")],
      /huge\.yaml:3:14: answer to 'employees': Infinity is not a number/,
    ],
    [
      "two documents in one file",
      ["-a", file("two-docs.yaml")],
      /two-docs\.yaml:3:1: invalid YAML: the file holds more than one document \(a --- line\)/,
      /hint: Keep one document per file/,
    ],
    ["a directory", ["-a", file(".")], /is a directory, not an answers file/],
    [
      "a UTF-16 file",
      ["-a", file("utf16.yaml")],
      /utf16\.yaml is UTF-16 encoded; save it as UTF-8/,
    ],
    ["a binary file", ["-a", file("binary.yaml")], /binary\.yaml looks binary/],
    [
      "answers for another framework",
      ["-f", "bant", "-a", file("wrong-framework.yaml")],
      /wrong-framework\.yaml:1:12: these answers are for framework 'meddic', not 'bant'/,
      /hint: Use --framework meddic/,
    ],
    [
      "an unknown key in the answers file",
      ["-a", file("extra-key.yaml")],
      /extra-key\.yaml:2:1: top level: unknown key 'answer'\. Did you mean 'answers'\?/,
      /hint: Allowed keys: framework, frameworkVersion, lead, savedAt, answers/,
    ],
    [
      "a file that is not a map",
      ["-a", file("not-a-map.yaml")],
      /not-a-map\.yaml:1:3: an answers record must be a map/,
    ],
    [
      "a yes/no answer that is neither",
      ["-a", file("bad-number.yaml")],
      /answer to 'champion_is_eb': 'perhaps' is not yes or no/,
    ],
    [
      "an unknown framework id, with a suggestion",
      ["-f", "bnat", "-a", file("bad-option.yaml")],
      /unknown framework 'bnat'\. Did you mean 'bant'\?/,
      /Known frameworks: .*bant.*meddic/,
    ],
    [
      "an id that tries to escape the framework directories",
      ["-f", "..%2fetc", "-a", file("bad-option.yaml")],
      /is not a framework id or a path/,
    ],
    [
      "no framework at all",
      ["-a", file("unknown-question.yaml")],
      /which framework\?/,
      /hint: Pass --framework bant/,
    ],
    [
      "a bad flag value",
      ["-a", file("bad-option.yaml"), "--fail-on", "qualified"],
      /option '--fail-on <verdict>' argument 'qualified' is invalid/,
      /hint: Run 'qualify --help'/,
    ],
    [
      "an unknown flag",
      ["-a", file("bad-option.yaml"), "--frobnicate"],
      /unknown option '--frobnicate'/,
    ],
  ];

  for (const [name, args, message, hint] of cases) {
    it(name, async () => {
      const needsFramework =
        !args.includes("-f") && !name.startsWith("no framework") && !name.startsWith("a yes/no");
      const { code, stdout, stderr } = await runBin([
        "score",
        ...(needsFramework ? ["-f", "bant"] : []),
        ...args,
      ]);
      expect(stderr).toMatch(message);
      if (hint) expect(stderr).toMatch(hint);
      expect(stderr).toMatch(/^qualify: /);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(stdout).toBe("");
      expect(code).toBe(2);
    });
  }

  it("leaves the input files untouched", () => {
    expect(readFileSync(file("bad-option.yaml"), "utf8")).toBe("answers:\n  budget: maybe\n");
  });
});

describe("unexpected failures", () => {
  it("exit 1 with a hint, and the stack only with --debug", async () => {
    const dir = tempDir({ "frameworks/boom.yaml": "id: boom\n" });
    // A broken stdout is not an input error: it must surface as unexpected.
    const broken = async (args: string[]) => {
      const { PassThrough } = await import("node:stream");
      const { main } = await import("../../src/cli/main.js");
      const stderr = Object.assign(new PassThrough(), { text: "" });
      stderr.on("data", (d: Buffer) => (stderr.text += d.toString()));
      const stdout = {
        write: () => {
          throw new Error("disk on fire");
        },
      };
      const stdin = new PassThrough();
      stdin.end();
      const code = await main(args, { stdin, stdout, stderr, env: {}, cwd: dir });
      return { code, stderr: stderr.text };
    };
    const plain = await broken(["frameworks", "list", "--json"]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("qualify: unexpected error: disk on fire");
    expect(plain.stderr).toContain("run again with --debug");
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await broken(["frameworks", "list", "--json", "--debug"]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe("help and version", () => {
  it("prints help with examples and exit codes", async () => {
    const { code, stdout } = await runMain(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: qualify");
    expect(stdout).toContain("Examples:");
    expect(stdout).toContain("Exit codes:");
  });

  it("prints command help with examples", async () => {
    const { code, stdout } = await runMain(["score", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--fail-on <verdict>");
    expect(stdout).toContain("qualify score --framework bant --answers examples/bant-acme.yaml");
  });

  it("prints the version", async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8"));
    const { code, stdout } = await runBin(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(pkg.version);
  });
});
