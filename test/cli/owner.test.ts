/** What a framework owner runs: lint, schema, init, show --format markdown. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT, runBin } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { frameworkJsonSchema } from "../../src/core/json-schema.js";

const builtins = readdirSync(join(ROOT, "frameworks")).filter((f) => f.endsWith(".yaml"));

describe("frameworks lint", () => {
  it("finds nothing in the built-ins", async () => {
    const { code, stdout, stderr } = await runBin(["frameworks", "lint"], { cwd: tempDir() });
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`${builtins.length} frameworks: 0 errors, 0 warnings`));
    expect(code).toBe(0);
  });

  it("reports findings at file:line:col, exit 2 on errors", async () => {
    const dir = tempDir({
      "frameworks/our.yaml": `id: our
extends: bant
verdict:
  qualified: { minCriteriaMet: 7 }
rules:
  - id: never
    level: opportunity
    when: { all: [{ budget: none }, { budget: allocated }] }
    then: nurture
    reason: Cannot happen.
`,
    });
    const { code, stdout, stderr } = await runBin(["frameworks", "lint", "our"], { cwd: dir });
    expect(stdout).toMatch(
      /frameworks\/our\.yaml:4:32: error: verdict\.qualified\.minCriteriaMet: needs 7 criteria met, but the framework has only 4 \[impossible-gate\]/,
    );
    expect(stdout).toMatch(
      /frameworks\/our\.yaml:8:11: warning: rules\[\d\]\.when: rule 'never' never fired/,
    );
    expect(stderr).toMatch(/1 framework: 1 error, \d+ warnings?/);
    expect(code).toBe(2);
  });

  it("reports invalid files as errors", async () => {
    const dir = tempDir({ "bad.yaml": "id: [\n" });
    const { code, stdout } = await runBin(["frameworks", "lint", join(dir, "bad.yaml")], {
      cwd: dir,
    });
    expect(stdout).toMatch(/error: .*invalid YAML/);
    expect(code).toBe(2);
  });

  it("lists every problem of an invalid framework, as validate does", async () => {
    const broken = [
      "id: broken",
      "name: Broken",
      "version: 1.0.0",
      "summary: t",
      "source: me",
      "criteria:",
      "  - { id: c, label: C, level: opportunity, questions: [{ id: q, text: Q?, type: boolean, points: { yes: 10 } }, { id: q, text: Q2?, type: boolean, points: { yes: 10 } }] }",
      "  - { id: c, label: C2, level: opportunity, questions: [{ id: r, text: R?, type: boolean, points: { yes: 10 } }] }",
      "verdict:",
      "  qualified: { minScore: 50, require: [nope] }",
      "  actions: { qualified: go, nurture: wait, disqualified: stop }",
      "",
    ].join("\n");
    const dir = tempDir({ "broken.yaml": broken });
    const { code, stdout, stderr } = await runBin(["frameworks", "lint", "broken.yaml"], {
      cwd: dir,
    });
    expect(code).toBe(2);
    expect(stdout).toMatch(
      /broken\.yaml:7:\d+: criteria\[0\]\.questions\[1\]\.id: duplicate question id 'q'/,
    );
    expect(stdout).toMatch(/broken\.yaml:8:\d+: criteria\[1\]\.id: duplicate criterion id 'c'/);
    expect(stdout).toMatch(
      /broken\.yaml:10:\d+: verdict\.qualified\.require\[0\]: unknown criterion 'nope'/,
    );
    expect(stderr).toMatch(/1 framework: 3 errors, 0 warnings/);
  });
});

describe("a framework file named other than its id", () => {
  it("is refused when found by its name, by validate, and as a source for init", async () => {
    const bant = readFileSync(join(ROOT, "frameworks/bant.yaml"), "utf8");
    const dir = tempDir({ "frameworks/foo.yaml": bant.replace(/^id: bant$/m, "id: bar") });
    const message =
      /frameworks\/foo\.yaml: the file is named 'foo' but declares id 'bar': a framework's file is named after its id/;
    const scored = await runBin(
      ["score", "-f", "foo", "-a", join(ROOT, "examples/bant-acme.yaml")],
      {
        cwd: dir,
      },
    );
    expect(scored.code).toBe(2);
    expect(scored.stderr).toMatch(message);
    expect(scored.stderr).toMatch(/hint: Rename the file to bar\.yaml, or set id: foo in it\./);
    const validated = await runBin(["frameworks", "validate"], { cwd: dir });
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(message);
    const init = await runBin(["init", "--from", "foo", "--extends"], { cwd: dir });
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(message);
    expect(readdirSync(join(dir, "frameworks"))).toEqual(["foo.yaml"]);
  });
});

describe("frameworks schema", () => {
  it("prints the JSON Schema the built-ins point at, and it is up to date", async () => {
    const { code, stdout } = await runBin(["frameworks", "schema"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(frameworkJsonSchema());
    expect(
      JSON.parse(readFileSync(join(ROOT, "frameworks/framework.schema.json"), "utf8")),
    ).toEqual(frameworkJsonSchema());
  });

  it("accepts every built-in, full or extends, and rejects a broken one", () => {
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    const validate = ajv.compile(frameworkJsonSchema());
    for (const file of builtins) {
      const text = readFileSync(join(ROOT, "frameworks", file), "utf8");
      expect(text.split("\n")[0], file).toBe(
        "# yaml-language-server: $schema=./framework.schema.json",
      );
      expect(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ id: "x", name: "X" })).toBe(false);
    expect(validate({ id: "x", extends: "bant", criteria: [{ id: "c", labell: "typo" }] })).toBe(
      false,
    );
  });
});

describe("init", () => {
  it("writes a full copy that keeps every comment, and the editor schema beside it", async () => {
    const dir = tempDir();
    const { code, stderr } = await runBin(["init", "--from", "bant"], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /✓ wrote frameworks\/our-bant\.yaml \(our-bant, a copy of bant, 8 questions\)/,
    );
    expect(stderr).toContain("qualify score -f our-bant -a lead.yaml");
    const copy = readFileSync(join(dir, "frameworks/our-bant.yaml"), "utf8");
    const original = readFileSync(join(ROOT, "frameworks/bant.yaml"), "utf8");
    expect(copy.replace("id: our-bant", "id: bant").replace("name: Our BANT", "name: BANT")).toBe(
      original,
    );
    expect(existsSync(join(dir, "frameworks/framework.schema.json"))).toBe(true);
    const scored = await runBin(["score", "-f", "our-bant", "-a", "-", "--json"], {
      cwd: dir,
      stdin: "answers: { need: none }",
    });
    expect(JSON.parse(scored.stdout)).toMatchObject({
      verdict: "disqualified",
      framework: { id: "our-bant", name: "Our BANT" },
    });
  });

  it("writes a minimal file with --extends that lints clean", async () => {
    const dir = tempDir();
    const { code } = await runBin(
      ["init", "--from", "meddic", "--id", "team-meddic", "--extends", "-o", "fw/team.yaml"],
      { cwd: dir },
    );
    expect(code).toBe(0);
    const text = readFileSync(join(dir, "fw/team.yaml"), "utf8");
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\/framework\.schema\.json\n/);
    expect(parse(text)).toEqual({
      id: "team-meddic",
      extends: "meddic",
      name: "Team MEDDIC",
      version: "1.0.0",
    });
    const lint = await runBin(["frameworks", "lint", "fw/team.yaml"], { cwd: dir });
    expect(lint.code).toBe(0);
  });

  it("never overwrites without --force", async () => {
    const dir = tempDir({ "frameworks/our-bant.yaml": "mine\n" });
    const refused = await runBin(["init", "--from", "bant"], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/frameworks\/our-bant\.yaml already exists; not overwriting it/);
    expect(readFileSync(join(dir, "frameworks/our-bant.yaml"), "utf8")).toBe("mine\n");
    const forced = await runBin(["init", "--from", "bant", "--force"], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "frameworks/our-bant.yaml"), "utf8")).toMatch(/^id: our-bant$/m);
  });

  it("rejects a bad id and an unknown source", async () => {
    expect(
      (await runBin(["init", "--from", "bant", "--id", "Our BANT"], { cwd: tempDir() })).stderr,
    ).toMatch(/--id 'Our BANT' is not a framework id/);
    expect((await runBin(["init", "--from", "bnat"], { cwd: tempDir() })).stderr).toMatch(
      /unknown framework 'bnat'\. Did you mean 'bant'\?/,
    );
  });
});

describe("frameworks show --format markdown", () => {
  it("renders a cheat sheet", async () => {
    const { code, stdout } = await runBin(["frameworks", "show", "meddic", "--format", "markdown"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# MEDDIC 1\.0\.0\n/);
    expect(stdout).toContain("## Stakeholder level");
    expect(stdout).toMatch(/\n1\. \*\*.+\*\* `metrics`\n/);
    expect(stdout).toContain("| then | level | when | why |");
    expect(stdout).toContain("## Next steps");
  });
});
