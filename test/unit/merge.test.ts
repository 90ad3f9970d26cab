import { describe, expect, it } from "vitest";
import { applyPatch, FrameworkPatchSchema } from "../../src/core/merge.js";
import { FrameworkSchema } from "../../src/core/schema.js";
import { framework, sample } from "../helpers/framework.js";

const parent = framework(sample);

function merged(patch: Record<string, unknown>) {
  const parsed = FrameworkPatchSchema.parse({ id: "child", extends: "test", ...patch });
  const { merged, issues } = applyPatch(parent, parsed);
  return { framework: FrameworkSchema.parse(merged), issues };
}

describe("applyPatch (extends)", () => {
  it("changes only what the patch says, keeping the parent's points", () => {
    const { framework: fw } = merged({
      criteria: [
        {
          id: "budget",
          questions: [
            { id: "budget", options: [{ value: "planned", label: "Next budget cycle" }] },
          ],
        },
      ],
    });
    const budget = fw.criteria.find((c) => c.id === "budget")!.questions[0]!;
    expect(budget.type === "choice" && budget.options.find((o) => o.value === "planned")).toEqual({
      value: "planned",
      label: "Next budget cycle",
      points: 10,
    });
    expect(fw.criteria.map((c) => c.id)).toEqual(parent.criteria.map((c) => c.id));
    expect(fw.rules).toEqual(parent.rules);
    expect(fw.verdict).toEqual(parent.verdict);
  });

  it("adds new items, removes marked ones, and replaces top-level values", () => {
    const { framework: fw } = merged({
      name: "Child",
      criteria: [
        {
          id: "competition",
          label: "Competition",
          level: "opportunity",
          questions: [{ id: "rivals", text: "Who else?", type: "text", points: 5 }],
        },
        { id: "authority", remove: true },
      ],
      rules: [{ id: "next-year", remove: true }],
      verdict: { qualified: { minScore: 70 } },
    });
    expect(fw.name).toBe("Child");
    expect(fw.criteria.map((c) => c.id)).toEqual([
      "fit",
      "budget",
      "need",
      "timeline",
      "competition",
    ]);
    expect(fw.rules.map((r) => r.id)).not.toContain("next-year");
    expect(fw.verdict.qualified).toEqual({ minScore: 70, minCriteriaMet: 3, require: ["need"] });
    expect(fw.verdict.disqualified).toEqual({ maxScore: 10 });
  });

  it("merges boolean points key by key", () => {
    const { framework: fw } = merged({
      criteria: [{ id: "authority", questions: [{ id: "signs", points: { no: -5 } }] }],
    });
    const signs = fw.criteria.find((c) => c.id === "authority")!.questions[0]!;
    expect(signs.type === "boolean" && signs.points).toEqual({ yes: 10, no: -5 });
  });

  it("reports removing what the parent does not have", () => {
    const { issues } = merged({ criteria: [{ id: "nothere", remove: true }] });
    expect(issues).toEqual([
      expect.objectContaining({
        path: ["criteria", 0, "id"],
        message: "criteria[0].id: cannot remove criterion 'nothere': the parent has none",
      }),
    ]);
  });

  it("rejects unknown keys in a patch", () => {
    expect(
      FrameworkPatchSchema.safeParse({
        id: "c",
        extends: "p",
        criteria: [{ id: "x", labell: "y" }],
      }).success,
    ).toBe(false);
  });
});
