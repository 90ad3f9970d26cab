/** `frameworks show`: a framework as a readable one-pager, usable as a rep's cheat sheet. */
import type { CompiledFramework } from "../core/compile.js";
import type { Question } from "../core/schema.js";
import { LEVELS } from "../core/constants.js";
import { bandLabel, dateBandLabel } from "../core/bands.js";
import type { Colors } from "./color.js";
import { fitToWidth, wrap } from "./text.js";

/** A condition written back as short readable text, e.g. `timeline in [next_year, later]`. */
const OPERATOR_TEXT: Record<string, string> = {
  eq: "=",
  ne: "≠",
  lt: "<",
  lte: "≤",
  gt: ">",
  gte: "≥",
  in: "in",
  nin: "not in",
  contains: "contains",
};

function operandText(operand: unknown): string {
  return Array.isArray(operand) ? `[${operand.join(", ")}]` : String(operand);
}

/** One operator test on `subject`, e.g. `timeline in [next_year, none]`, `story has < 8 words`. */
function testText(subject: string, op: string, operand: unknown): string {
  if (op === "known") return `${subject} ${operand ? "is known" : "is not known yet"}`;
  if (op === "words") {
    const tests =
      operand !== null && typeof operand === "object"
        ? Object.entries(operand).map(([o, n]) => `${OPERATOR_TEXT[o] ?? o} ${operandText(n)}`)
        : [`= ${operandText(operand)}`];
    return `${subject} has ${tests.join(" and ")} words`;
  }
  return `${subject} ${OPERATOR_TEXT[op] ?? op} ${operandText(operand)}`;
}

/** A condition written back as short readable text, e.g. `timeline in [next_year, later]`. */
export function conditionText(condition: unknown): string {
  if (condition === null || typeof condition !== "object" || Array.isArray(condition))
    return JSON.stringify(condition);
  const parts = Object.entries(condition as Record<string, unknown>).map(([key, spec]) => {
    if (key === "all" || key === "any") {
      return `(${(spec as unknown[]).map(conditionText).join(key === "all" ? " and " : " or ")})`;
    }
    if (key === "not") return `not (${conditionText(spec)})`;
    if (key === "met") return `${Array.isArray(spec) ? spec.join(", ") : String(spec)} met`;
    if (spec !== null && typeof spec === "object" && !Array.isArray(spec)) {
      return Object.entries(spec as Record<string, unknown>)
        .map(([op, operand]) => testText(key, op, operand))
        .join(" and ");
    }
    return Array.isArray(spec) ? testText(key, "in", spec) : testText(key, "eq", spec);
  });
  return parts.join(" and ");
}

function scoring(question: Question): string[] {
  switch (question.type) {
    case "choice":
    case "multi": {
      const options = question.options.map(
        (o) => `${o.label} [${o.value}] ${o.points >= 0 ? "+" : ""}${o.points}`,
      );
      // Ticked options add up, to the question's cap when it has one.
      if (question.type === "multi" && question.maxPoints !== undefined)
        options.push(`at most ${question.maxPoints} points in all`);
      return options;
    }
    case "boolean":
      return [
        `yes ${question.points.yes >= 0 ? "+" : ""}${question.points.yes}`,
        `no ${question.points.no >= 0 ? "+" : ""}${question.points.no}`,
      ];
    case "number":
      return question.bands.map((b) => `${bandLabel(b, question.unit)} +${b.points}`);
    case "date":
      return question.bands.map((b) => `${dateBandLabel(b)} +${b.points}`);
    case "text":
      return question.points > 0 ? [`answered +${question.points}`] : [];
  }
}

/** The qualified gates in words. */
function gateText(compiled: CompiledFramework): string {
  const gates = compiled.framework.verdict.qualified;
  const lines: string[] = [];
  if (gates.minScore !== undefined) lines.push(`score at least ${gates.minScore} of 100`);
  if (gates.minCriteriaMet !== undefined)
    lines.push(`at least ${gates.minCriteriaMet} of ${compiled.criteria.length} criteria met`);
  if (gates.require?.length)
    lines.push(
      `required: ${gates.require.map((id) => compiled.criterionById.get(id)?.label ?? id).join(", ")}`,
    );
  for (const level of LEVELS) {
    const g = gates.levels?.[level];
    if (g?.minScore !== undefined) lines.push(`${level} score at least ${g.minScore}`);
    if (g?.minCriteriaMet !== undefined)
      lines.push(`${level}: at least ${g.minCriteriaMet} criteria met`);
  }
  return lines.length > 0 ? lines.join("; ") : "no rule fires";
}

export function renderFramework(compiled: CompiledFramework, colors: Colors, width = 100): string {
  const fw = compiled.framework;
  const out: string[] = [];
  out.push(colors.bold(`${fw.name} ${fw.version}`) + colors.dim(`  (${fw.id})`));
  out.push(wrap(fw.summary, width));
  out.push(colors.dim(wrap(`Source: ${fw.source}`, width)));
  if (fw.description) out.push("", wrap(fw.description, width));

  let number = 0;
  for (const level of LEVELS) {
    const criteria = compiled.criteria.filter((c) => c.level === level);
    if (criteria.length === 0) continue;
    out.push("", colors.bold.underline(`${level[0]!.toUpperCase()}${level.slice(1)} level`));
    for (const criterion of criteria) {
      const def = fw.criteria[criterion.index]!;
      out.push(
        "",
        `${colors.bold(criterion.label)} ${colors.dim(`· up to ${criterion.maxPoints} point${criterion.maxPoints === 1 ? "" : "s"} · met when ${def.met ? conditionText(def.met) : "at least half its points"}`)}`,
      );
      if (def.help) out.push(`  ${colors.dim(wrap(def.help, width - 2, "  "))}`);
      for (const index of criterion.questions) {
        const question = compiled.questions[index]!.def;
        number++;
        out.push(
          `  ${number}. ${wrap(question.text, width - 6, "     ")} ${colors.dim(`[${question.id}, ${question.type}${question.type === "number" && question.unit ? `, ${question.unit}` : ""}]`)}`,
        );
        if (question.help)
          out.push(`     ${colors.italic.dim(wrap(question.help, width - 5, "     "))}`);
        if (question.when)
          out.push(`     ${colors.dim(`asked when ${conditionText(question.when)}`)}`);
        const points = scoring(question);
        if (points.length > 0) out.push(`     ${wrap(points.join(" · "), width - 5, "     ")}`);
      }
    }
  }

  if (fw.rules.length > 0) {
    out.push("", colors.bold("Rules"));
    for (const level of LEVELS) {
      for (const rule of fw.rules.filter((r) => r.level === level)) {
        const then =
          rule.then === "disqualify" ? colors.red("disqualify") : colors.yellow("nurture");
        out.push(`  ${then} ${colors.dim(`(${rule.level})`)} when ${conditionText(rule.when)}`);
        out.push(`     ${wrap(rule.reason, width - 5, "     ")}`);
      }
    }
  }
  if (fw.flags.length > 0) {
    out.push("", colors.bold("Flags"));
    for (const flag of fw.flags) {
      out.push(`  ! ${wrap(flag.message, width - 4, "    ")}`);
      out.push(`    ${colors.dim(wrap(`when ${conditionText(flag.when)}`, width - 4, "    "))}`);
    }
  }

  out.push("", colors.bold("Verdict"));
  out.push(`  ${colors.green("qualified")} when ${gateText(compiled)}`);
  if (fw.verdict.disqualified.maxScore !== undefined) {
    out.push(
      `  ${colors.red("disqualified")} when even the best case scores ${fw.verdict.disqualified.maxScore} or less`,
    );
  }
  out.push(`  otherwise ${colors.yellow("nurture")}; an unanswered question never disqualifies`);
  out.push("", colors.bold("Next steps"));
  out.push(`  qualified:    ${wrap(fw.verdict.actions.qualified, width - 16, " ".repeat(16))}`);
  out.push(`  nurture:      ${wrap(fw.verdict.actions.nurture, width - 16, " ".repeat(16))}`);
  out.push(`  disqualified: ${wrap(fw.verdict.actions.disqualified, width - 16, " ".repeat(16))}`);
  out.push(
    "",
    colors.dim(
      `${compiled.questions.length} ${compiled.questions.length === 1 ? "question" : "questions"} · ${compiled.maxPoints} points · sha256 ${compiled.hash.slice(0, 12)}`,
    ),
  );
  return `${fitToWidth(out.join("\n"), width)}\n`;
}

const mdEscape = (text: string): string => text.replace(/([|*_`[\]])/g, "\\$1");

/** The same one-pager as Markdown: for a wiki, a playbook or a printed cheat sheet. */
export function renderFrameworkMarkdown(compiled: CompiledFramework): string {
  const fw = compiled.framework;
  const out: string[] = [
    `# ${mdEscape(fw.name)} ${fw.version}`,
    "",
    mdEscape(fw.summary),
    "",
    `*Source: ${mdEscape(fw.source)}*`,
  ];
  if (fw.description) out.push("", mdEscape(fw.description));
  let number = 0;
  for (const level of LEVELS) {
    const criteria = compiled.criteria.filter((c) => c.level === level);
    if (criteria.length === 0) continue;
    out.push("", `## ${level[0]!.toUpperCase()}${level.slice(1)} level`);
    for (const criterion of criteria) {
      const def = fw.criteria[criterion.index]!;
      out.push(
        "",
        `### ${mdEscape(criterion.label)}`,
        "",
        `Up to ${criterion.maxPoints} points; met when ${def.met ? `\`${conditionText(def.met)}\`` : "it earns at least half of them"}.`,
      );
      if (def.help) out.push("", mdEscape(def.help));
      for (const index of criterion.questions) {
        const question = compiled.questions[index]!.def;
        number++;
        out.push("", `${number}. **${mdEscape(question.text)}** \`${question.id}\``);
        if (question.help) out.push(`   *${mdEscape(question.help)}*`);
        if (question.when) out.push(`   Asked when \`${conditionText(question.when)}\`.`);
        for (const line of scoring(question)) out.push(`   - ${mdEscape(line)}`);
      }
    }
  }
  if (fw.rules.length > 0) {
    out.push("", "## Rules", "", "| then | level | when | why |", "| --- | --- | --- | --- |");
    for (const level of LEVELS) {
      for (const rule of fw.rules.filter((r) => r.level === level)) {
        out.push(
          `| ${rule.then} | ${rule.level} | \`${conditionText(rule.when).replaceAll("|", "\\|")}\` | ${mdEscape(rule.reason)} |`,
        );
      }
    }
  }
  if (fw.flags.length > 0) {
    out.push("", "## Flags", "");
    for (const flag of fw.flags)
      out.push(`- ${mdEscape(flag.message)} (when \`${conditionText(flag.when)}\`)`);
  }
  out.push("", "## Verdict", "", `- **Qualified** when ${gateText(compiled)}.`);
  if (fw.verdict.disqualified.maxScore !== undefined) {
    out.push(
      `- **Disqualified** when even the best case scores ${fw.verdict.disqualified.maxScore} or less.`,
    );
  }
  out.push(
    "- Otherwise **nurture**; an unanswered question never disqualifies.",
    "",
    "## Next steps",
    "",
  );
  for (const verdict of ["qualified", "nurture", "disqualified"] as const)
    out.push(`- **${verdict}**: ${mdEscape(fw.verdict.actions[verdict])}`);
  out.push(
    "",
    `<sub>${compiled.questions.length} questions · ${compiled.maxPoints} points · sha256 ${compiled.hash.slice(0, 12)}</sub>`,
  );
  return `${out.join("\n")}\n`;
}
