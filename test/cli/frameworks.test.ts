/** `qualify frameworks list | show | validate`, lookup order, and bad framework files. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const minimal = (id: string, extra = "") => `id: ${id}
name: ${id.toUpperCase()}
version: 1.0.0
summary: A small framework.
source: tests
criteria:
  - id: need
    label: Need
    level: opportunity
    questions:
      - id: need
        text: Is there a need?
        type: boolean
        points: { yes: 10, no: 0 }
verdict:
  qualified: { minScore: 50 }
  actions: { qualified: Go., nurture: Wait., disqualified: Stop. }
${extra}`;

describe("frameworks list", () => {
  it("lists the built-ins as a table", async () => {
    const { code, stdout } = await runBin(["frameworks", "list"], { cwd: tempDir() });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ID\s+NAME\s+VERSION\s+QUESTIONS\s+FROM\s+SUMMARY/);
    expect(stdout).toMatch(/\nbant\s+BANT\s+1\.0\.0\s+\d+\s+built-in/);
    expect(stdout).toMatch(/\nmeddic\s+MEDDIC/);
  });

  it("lists as JSON, project frameworks first and shadowing built-ins", async () => {
    const dir = tempDir({
      "frameworks/ours.yaml": minimal("ours"),
      "frameworks/bant.yaml": minimal("bant"),
      "frameworks/broken.yaml": "id: [",
    });
    const { code, stdout } = await runBin(["frameworks", "list", "--json"], { cwd: dir });
    expect(code).toBe(0);
    const list = JSON.parse(stdout);
    expect(list.schemaVersion).toBe(1);
    const byId = Object.fromEntries(list.frameworks.map((f: { id: string }) => [f.id, f]));
    expect(byId.ours).toMatchObject({ origin: "project", ok: true, name: "OURS", questions: 1 });
    expect(byId.bant).toMatchObject({ origin: "project", name: "BANT" });
    expect(byId.bant.path).toBe(join(dir, "frameworks/bant.yaml"));
    expect(byId.broken).toMatchObject({ ok: false, error: expect.stringMatching(/invalid YAML/) });
    expect(byId.meddic).toMatchObject({ origin: "built-in" });
  });

  it("finds frameworks in QUALIFY_FRAMEWORKS_PATH", async () => {
    const shared = tempDir({ "team.yaml": minimal("team") });
    const { code, stdout } = await runBin(["score", "-f", "team", "-a", "-", "--json"], {
      cwd: tempDir(),
      env: { QUALIFY_FRAMEWORKS_PATH: shared },
      stdin: "answers: { need: yes }",
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: "qualified", framework: { id: "team" } });
  });
});

describe("frameworks show", () => {
  it("renders a readable one-pager", async () => {
    const { code, stdout } = await runBin(["frameworks", "show", "bant"]);
    expect(code).toBe(0);
    expect(stdout).toContain("BANT 1.0.0");
    expect(stdout).toContain("Source: IBM");
    expect(stdout).toContain("Opportunity level");
    expect(stdout).toContain("Stakeholder level");
    expect(stdout).toContain("Is there money set aside to solve this problem?");
    expect(stdout).toMatch(/nurture \(opportunity\) when timeline in \[next_year, none\]/);
    expect(stdout).toContain("at least 3 of 4 criteria met");
  });

  it("shows a multi-choice question's cap on the points its options add up to", async () => {
    const { code, stdout } = await runBin(["frameworks", "show", "banta"]);
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "No engagement with us yet [none] +0 · at most 10 points in all",
    );
  });

  it("prints the resolved framework as JSON with its hash", async () => {
    const { code, stdout } = await runBin(["frameworks", "show", "meddic", "--json"]);
    expect(code).toBe(0);
    const shown = JSON.parse(stdout);
    expect(shown.framework.id).toBe("meddic");
    expect(shown.hash).toMatch(/^[0-9a-f]{64}$/);
    const scored = await runBin(["score", "-a", "examples/meddic-globex.yaml", "--json"]);
    expect(JSON.parse(scored.stdout).framework.hash).toBe(shown.hash);
  });
});

describe("frameworks validate", () => {
  it("passes every built-in", async () => {
    const { code, stdout, stderr } = await runBin(["frameworks", "validate"], { cwd: tempDir() });
    expect(code).toBe(0);
    expect(stderr).toMatch(/✓ .*bant\.yaml/);
    expect(stderr).toMatch(/✓ .*meddic\.yaml/);
    expect(stderr).toMatch(/\d+ valid, 0 invalid/);
    expect(stdout).toBe("");
  });

  const bad: Array<[string, string, RegExp, RegExp?]> = [
    ["invalid YAML", "id: x\nname: [\n", /bad\.yaml:\d+:\d+: invalid YAML/],
    [
      "an unknown key, with the allowed keys",
      minimal("x").replace("        type: boolean", "        type: boolean\n        optoins: []"),
      /bad\.yaml:14:9: criteria\[0\]\.questions\[0\]: unknown key 'optoins'\./,
      /Allowed keys: id, text, help, when, columns, type, points/,
    ],
    [
      "a bad enum value",
      minimal("x").replace("level: opportunity", "level: oportunity"),
      /bad\.yaml:9:12: criteria\[0\]\.level: "oportunity" is not allowed\. Did you mean 'opportunity'\?/,
      /Allowed: organization, opportunity, stakeholder/,
    ],
    [
      "a bad question type",
      minimal("x").replace("type: boolean", "type: yesno"),
      /bad\.yaml:13:15: criteria\[0\]\.questions\[0\]\.type: "yesno" is not allowed/,
      /Allowed: choice, multi, boolean, number, text, date/,
    ],
    [
      "a missing key",
      minimal("x").replace("summary: A small framework.\n", ""),
      /bad\.yaml:1:1: top level: missing required key 'summary'/,
    ],
    [
      "a rule on an unknown question",
      minimal(
        "x",
        "rules:\n  - { id: r, level: opportunity, when: { nede: true }, then: nurture, reason: x }\n",
      ),
      /bad\.yaml:19:42: rules\[0\]\.when\.nede: unknown question 'nede'\. Did you mean 'need'\?/,
    ],
    [
      "a __proto__ key",
      minimal("x", "__proto__: { polluted: true }\n"),
      /the key '__proto__' is not allowed/,
    ],
    [
      "an unknown parent",
      minimal("x", "extends: nothere\n"),
      /bad\.yaml:\d+:\d+: unknown parent framework 'nothere'/,
    ],
  ];
  for (const [name, content, message, hint] of bad) {
    it(`reports ${name} with file:line:col and exits 2`, async () => {
      const dir = tempDir({ "bad.yaml": content });
      const { code, stdout, stderr } = await runBin(
        ["frameworks", "validate", join(dir, "bad.yaml")],
        { cwd: dir },
      );
      // The findings are the cause of exit 2: stderr, where scripts read errors.
      expect(stderr).toMatch(message);
      if (hint) expect(stderr).toMatch(hint);
      expect(stderr).toMatch(/0 valid, 1 invalid/);
      expect(stdout).toBe("");
      expect(code).toBe(2);
    });
  }

  it("with --json puts the findings on stdout, as JSON, and still exits 2", async () => {
    const dir = tempDir({ "bad.yaml": "id: x\nname: [\n" });
    const { code, stdout } = await runBin(["frameworks", "validate", "bad.yaml", "--json"], {
      cwd: dir,
    });
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as { valid: boolean; files: Array<{ error?: string }> };
    expect(report.valid).toBe(false);
    expect(report.files[0]?.error).toMatch(/bad\.yaml:\d+:\d+: invalid YAML/);
  });

  it("reports extends cycles", async () => {
    const dir = tempDir({
      "frameworks/a.yaml": "id: a\nextends: b\n",
      "frameworks/b.yaml": "id: b\nextends: a\n",
    });
    const { code, stderr } = await runBin(["frameworks", "validate", "a"], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/frameworks\/b\.yaml:2:10: 'extends' forms a cycle: a → b → a/);
  });

  it("scoring with an invalid framework names the file and position", async () => {
    const dir = tempDir({
      "frameworks/x.yaml": minimal("x").replace("level: opportunity", "level: nope"),
    });
    const { code, stderr } = await runBin(["score", "-f", "x", "-a", "-"], {
      cwd: dir,
      stdin: "answers: {}",
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/frameworks\/x\.yaml:9:12: criteria\[0\]\.level: "nope" is not allowed/);
  });
});

describe("extends", () => {
  it("builds on a built-in, changing only what differs", async () => {
    const dir = tempDir({
      "frameworks/our-bant.yaml": `id: our-bant
extends: bant
name: Our BANT
version: 1.1.0
criteria:
  - id: timeline
    questions:
      - id: capacity
        remove: true
verdict:
  qualified: { minCriteriaMet: 4 }
`,
    });
    const answers =
      "answers: { budget: allocated, authority: decision_maker, need: critical, timeline: unknown }";
    const ours = await runBin(["score", "-f", "our-bant", "-a", "-", "--json"], {
      cwd: dir,
      stdin: answers,
    });
    expect(ours.code).toBe(0);
    const result = JSON.parse(ours.stdout);
    expect(result).toMatchObject({
      verdict: "nurture",
      framework: { id: "our-bant", name: "Our BANT", version: "1.1.0" },
    });
    expect(result.gaps.map((g: { question: string }) => g.question)).not.toContain("capacity");
    const base = await runBin(["score", "-f", "bant", "-a", "-", "--json"], {
      cwd: dir,
      stdin: answers,
    });
    expect(JSON.parse(base.stdout).verdict).toBe("qualified");
  });

  it("lets ./frameworks/bant.yaml extend the built-in bant", async () => {
    const dir = tempDir({ "frameworks/bant.yaml": "id: bant\nextends: bant\nversion: 9.0.0\n" });
    const { code, stdout } = await runBin(["frameworks", "show", "bant", "--json"], { cwd: dir });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).framework.version).toBe("9.0.0");
  });
});
