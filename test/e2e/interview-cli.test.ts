/** `qualify interview` through the built binary, without a terminal: it refuses, exit 2. */
import { describe, expect, it } from "vitest";
import { runBin } from "../helpers/cli.js";

describe("qualify interview without a terminal", () => {
  it("refuses in one line with a hint pointing at qualify score --answers", async () => {
    const { code, stdout, stderr } = await runBin(["interview", "--framework", "meddic"], {
      env: { CI: undefined },
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "qualify: interview needs a terminal to ask its questions, and stdin is not one\n" +
        "  hint: Put the answers in a file and run: qualify score --framework meddic --answers <file>\n",
    );
  });

  it("treats CI=true as no terminal", async () => {
    const { code, stderr } = await runBin(["interview", "-f", "bant"], { env: { CI: "true" } });
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe(
      "qualify: interview needs a terminal to ask its questions, and CI is set (nobody is there to answer)",
    );
  });

  it("lists the interview in the help, with examples", async () => {
    const { code, stdout } = await runBin(["interview", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--resume <file>");
    expect(stdout).toContain('qualify interview --framework meddic --lead "Acme Corp"');
  });
});
