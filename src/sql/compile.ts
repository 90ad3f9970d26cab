/**
 * A framework compiled to one SQL query that gives every row of a table the verdict, score,
 * reasons and gaps `qualify batch` gives the same cells. The query mirrors src/core/engine.ts
 * step by step; each step is a stage of helper columns (stages.ts):
 *
 * 1. answers: cells coerced by question type (cells.ts); NULL is unknown;
 * 2. applicability: a question applies when its `when` is TRUE (NULL or FALSE: it does not),
 *    in dependency order; an answer that does not apply reads as NULL;
 * 3. points per criterion: earned (known answers), lowest and highest reachable (unknown
 *    answers at their fewest and most points; questions that do not apply count nothing);
 * 4. criterion status: its `met` condition, or at least half its points for sure (TRUE), not
 *    even in the best case (FALSE), else NULL; the score and its reachable range, rounded as
 *    Math.round does and clamped to 0–100;
 * 5. rules (disqualify by level, then nurture), gates, and the verdict: the first disqualify
 *    rule that is TRUE, else any nurture rule, else all gates, else `disqualified.maxScore` on
 *    the best case, else nurture;
 * 6. reasons, gaps (unanswered questions that apply, most points first, then asking order),
 *    warnings and coverage.
 */
import type { CompiledFramework, CompiledQuestion } from "../core/compile.js";
import { LEVELS, type Level } from "../core/constants.js";
import { buildAnswers, epochDays, type Answer, type CellBinding } from "./cells.js";
import { allOf, anyOf, conditionSql, type ConditionScope } from "./conditions.js";
import { commentText, num, type Dialect } from "./dialect.js";
import { Stages } from "./stages.js";

export type { CellBinding } from "./cells.js";

export interface CompileSqlOptions {
  dialect: Dialect;
  /** The table, as a dotted name (each part quoted), or `source` instead. */
  table?: string;
  /** A ready FROM item (e.g. DuckDB's read_csv(…)); overrides `table`. */
  source?: string;
  bindings: readonly CellBinding[];
  /**
   * `sql`: arrays where the dialect has them, coverage and the framework's id, version and
   * hash as columns. `batch`: the columns `qualify batch` writes, `; `-joined.
   */
  columns?: "sql" | "batch";
  /** Date bands count from the framework's scoring date (compiled.today), or the current date. */
  today?: "fixed" | "current";
  /** `CREATE OR REPLACE VIEW name AS …`. */
  view?: string;
  /** Comment lines put at the top (after the framework line). */
  notes?: string[];
}

export interface CompiledSql {
  /** The statement, with its comments and a final semicolon. */
  sql: string;
  /** The query alone (no comments, no semicolon): to nest or run. */
  query: string;
  /** The columns added after the table's own, in order. */
  outputColumns: string[];
  /** The computed columns of each stage, in order: what the query is made of. */
  stages: Array<Array<{ alias: string; expr: string }>>;
}

/** The columns `--run` writes after the file's own: the same as `qualify batch`. */
export const BATCH_COLUMNS = [
  "qualify_verdict",
  "qualify_score",
  "qualify_reasons",
  "qualify_gaps",
  "qualify_warnings",
] as const;

const levelLabel = (level: Level): string => level[0]!.toUpperCase() + level.slice(1);

/** A dotted table or view name, each part quoted. */
export function qualifiedName(d: Dialect, name: string): string {
  return name
    .split(".")
    .map((part) => d.ident(part))
    .join(".");
}

/** percent() of the engine: Math.round(100 * part / whole), clamped to 0–100; 0 when whole ≤ 0. */
function percentSql(d: Dialect, part: string, whole: number): string {
  if (whole <= 0) return "0";
  // Math.round(x) = floor(x + 1/2) = floor((200·part + whole) / (2·whole)), exact in doubles here.
  return `GREATEST(0, LEAST(100, CAST(FLOOR(CAST(200 * (${part}) + ${whole} AS ${d.type("double")}) / ${2 * whole}) AS ${d.type("int")})))`;
}

const sum = (parts: string[]): string => (parts.length === 0 ? "0" : parts.join(" + "));

/** Points a known answer earns (the engine's pointsFunction). */
function pointsSql(d: Dialect, q: CompiledQuestion, answer: Answer, todayDays: string): string {
  const def = q.def;
  const value = answer.kind === "scalar" ? answer.expr : "";
  switch (def.type) {
    case "choice": {
      const whens = def.options
        .filter((o) => o.points !== 0)
        .map((o) => `WHEN ${d.string(o.value)} THEN ${num(o.points)}`);
      return whens.length === 0 ? "0" : `CASE ${value} ${whens.join(" ")} ELSE 0 END`;
    }
    case "multi": {
      if (answer.kind !== "multi") throw new Error("multi answer expected");
      const terms = def.options
        .filter((o) => o.points !== 0)
        .map((o) => `CASE WHEN ${answer.options.get(o.value)!} THEN ${num(o.points)} ELSE 0 END`);
      const total = terms.length === 0 ? "0" : `(${terms.join(" + ")})`;
      return def.maxPoints === undefined ? total : `LEAST(${total}, ${num(def.maxPoints)})`;
    }
    case "boolean":
      return `CASE WHEN ${value} THEN ${num(def.points.yes)} ELSE ${num(def.points.no)} END`;
    case "number": {
      if (def.bands.length === 0) return "0";
      const whens = def.bands.map((band) => {
        const tests = [
          ...(band.min === undefined ? [] : [`${value} >= ${num(band.min)}`]),
          ...(band.max === undefined ? [] : [`${value} < ${num(band.max)}`]),
        ];
        return `WHEN ${tests.length === 0 ? "TRUE" : tests.join(" AND ")} THEN ${num(band.points)}`;
      });
      return `CASE ${whens.join(" ")} ELSE 0 END`;
    }
    case "date": {
      if (def.bands.length === 0) return "0";
      const days = `(${value} - ${todayDays})`;
      const whens = def.bands.map((band) => {
        const tests = [
          ...(band.withinDays === undefined ? [] : [`${days} <= ${num(band.withinDays)}`]),
          ...(band.withinDaysAgo === undefined ? [] : [`${days} >= ${num(-band.withinDaysAgo)}`]),
        ];
        return `WHEN ${tests.join(" AND ")} THEN ${num(band.points)}`;
      });
      return `CASE ${whens.join(" ")} ELSE 0 END`;
    }
    case "text":
      return num(def.points);
  }
}

/** Whether an answer is known (after applicability). */
const knownSql = (answer: Answer): string =>
  answer.kind === "multi" ? `${answer.known} IS NOT NULL` : `${answer.expr} IS NOT NULL`;

/** Depth of each question in the `when` graph: 0 without `when`, else 1 + the deepest it reads. */
function whenDepths(compiled: CompiledFramework): number[] {
  const depth = new Array<number>(compiled.questions.length).fill(0);
  for (const index of compiled.whenOrder) {
    const q = compiled.questions[index]!;
    if (q.def.when === undefined) continue;
    depth[index] = 1 + Math.max(0, ...q.whenReads.map((r) => depth[r]!));
  }
  return depth;
}

export function compileSql(compiled: CompiledFramework, options: CompileSqlOptions): CompiledSql {
  const d = options.dialect;
  const mode = options.columns ?? "sql";
  const framework = compiled.framework;
  const source = options.source ?? qualifiedName(d, options.table ?? "leads");
  const st = new Stages(d, source);
  const todayDays = options.today === "current" ? d.currentDays() : num(epochDays(compiled.today));

  // 1. Answers.
  const { answers, warnings } = buildAnswers(st, d, compiled, options.bindings);

  // 2. Applicability, by depth in the `when` graph.
  const values: Answer[] = [...answers];
  const applies: string[] = compiled.questions.map(() => "TRUE");
  const depths = whenDepths(compiled);
  const maxDepth = Math.max(0, ...depths);
  const answerScope = (): ConditionScope => ({
    d,
    compiled,
    value: (index) => refAnswer(values[index]!),
  });
  const refAnswer = (answer: Answer): Answer => {
    if (answer.constant) return answer;
    return answer.kind === "scalar"
      ? { ...answer, expr: ref(answer.expr) }
      : {
          ...answer,
          known: ref(answer.known),
          options: new Map([...answer.options].map(([k, v]) => [k, ref(v)])),
        };
  };
  const ref = (alias: string): string => st.ref(alias);
  for (let level = 1; level <= maxDepth; level++) {
    const updates: Array<[number, Answer]> = [];
    for (const q of compiled.questions) {
      if (depths[q.index] !== level) continue;
      const when = conditionSql(q.def.when, answerScope());
      applies[q.index] = st.define("app", q.id, when);
      const answer = refAnswer(values[q.index]!);
      const masked = (expr: string) => `CASE WHEN ${when} THEN ${expr} END`;
      updates.push([
        q.index,
        answer.kind === "scalar"
          ? { kind: "scalar", constant: false, expr: st.define("v", q.id, masked(answer.expr)) }
          : {
              kind: "multi",
              constant: false,
              known: st.define("v", q.id, masked(answer.known)),
              options: new Map(
                [...answer.options].map(([k, v]) => [
                  k,
                  st.define("vo", `${q.id}_${k}`, masked(v)),
                ]),
              ),
            },
      ]);
    }
    st.next();
    for (const [index, answer] of updates) values[index] = answer;
  }
  const appliesRef = (index: number): string =>
    applies[index] === "TRUE" ? "TRUE" : ref(applies[index]!);

  // 3. Points per question (NULL while unknown), then per criterion, and coverage.
  const points: Array<string | undefined> = compiled.questions.map((q) => {
    const value = refAnswer(values[q.index]!);
    if (value.constant) return undefined;
    return st.define(
      "p",
      q.id,
      `CASE WHEN ${knownSql(value)} THEN ${pointsSql(d, q, value, todayDays)} END`,
    );
  });
  st.next();
  const earned: string[] = [];
  const low: string[] = [];
  const high: string[] = [];
  const covered: string[] = [];
  for (const criterion of compiled.criteria) {
    const e: string[] = [];
    const lo: string[] = [];
    const hi: string[] = [];
    for (const index of criterion.questions) {
      const q = compiled.questions[index]!;
      const app = appliesRef(index);
      const p = points[index];
      if (p === undefined && app === "TRUE") {
        lo.push(num(q.minPoints));
        hi.push(num(q.maxPoints));
        continue;
      }
      const known = p === undefined ? "FALSE" : `${ref(p)} IS NOT NULL`;
      const pointsOr = (fallback: number) =>
        p === undefined ? num(fallback) : `COALESCE(${ref(p)}, ${num(fallback)})`;
      if (p !== undefined) e.push(pointsOr(0));
      lo.push(
        app === "TRUE"
          ? pointsOr(q.minPoints)
          : `CASE WHEN ${app} = FALSE THEN 0 ELSE ${pointsOr(q.minPoints)} END`,
      );
      hi.push(
        app === "TRUE"
          ? pointsOr(q.maxPoints)
          : `CASE WHEN ${app} = FALSE THEN 0 ELSE ${pointsOr(q.maxPoints)} END`,
      );
      if (q.maxPoints !== 0)
        covered.push(
          `CASE WHEN ${app === "TRUE" ? "" : `${app} = FALSE OR `}${known} THEN ${num(q.maxPoints)} ELSE 0 END`,
        );
    }
    earned.push(st.define("pe", criterion.id, sum(e)));
    low.push(st.define("pl", criterion.id, sum(lo)));
    high.push(st.define("ph", criterion.id, sum(hi)));
  }
  const coveredAlias = st.define("cov", "", sum(covered));
  st.next();

  // 4. Criterion status, score and its reachable range.
  const status: string[] = [];
  for (const criterion of compiled.criteria) {
    let expr: string;
    if (criterion.met !== undefined) {
      expr = conditionSql(framework.criteria[criterion.index]!.met, answerScope());
    } else if (criterion.maxPoints <= 0) {
      expr = `CAST(NULL AS ${d.type("bool")})`;
    } else {
      const [l, h] = [ref(low[criterion.index]!), ref(high[criterion.index]!)];
      expr = `CASE WHEN ${l} * 2 >= ${criterion.maxPoints} THEN TRUE WHEN ${h} * 2 < ${criterion.maxPoints} THEN FALSE END`;
    }
    status.push(st.define("c", criterion.id, expr));
  }
  const maxPoints = compiled.maxPoints;
  const score = st.define("score", "", percentSql(d, sum(earned.map(ref)), maxPoints));
  const scoreLow = st.define("score_low", "", percentSql(d, sum(low.map(ref)), maxPoints));
  const scoreHigh = st.define("score_high", "", percentSql(d, sum(high.map(ref)), maxPoints));
  const coverage = st.define(
    "coverage",
    "",
    maxPoints > 0 ? percentSql(d, ref(coveredAlias), maxPoints) : "100",
  );
  const levelScore = new Map<Level, string>();
  const gates = framework.verdict.qualified;
  for (const level of LEVELS) {
    if (gates.levels?.[level]?.minScore === undefined) continue;
    const atLevel = compiled.criteria.filter((c) => c.level === level);
    levelScore.set(
      level,
      st.define(
        "level_score",
        level,
        percentSql(
          d,
          sum(atLevel.map((c) => ref(earned[c.index]!))),
          atLevel.reduce((total, c) => total + c.maxPoints, 0),
        ),
      ),
    );
  }
  st.next();

  // 5. Rules, then gates, then the verdict.
  const resultScope = (): ConditionScope => ({
    ...answerScope(),
    criterion: (index) => ref(status[index]!),
    scoreRange: { low: ref(scoreLow), high: ref(scoreHigh) },
  });
  const ruleAlias = new Map<string, string>();
  for (const rule of [...compiled.disqualifyRules, ...compiled.nurtureRules]) {
    ruleAlias.set(
      rule.rule.id,
      st.define("r", rule.rule.id, conditionSql(rule.rule.when, resultScope())),
    );
  }
  const isMet = (index: number) => `CASE WHEN ${ref(status[index]!)} THEN 1 ELSE 0 END`;
  const criteriaMet = st.define("met", "", sum(compiled.criteria.map((c) => isMet(c.index))));
  const levelMet = new Map<Level, string>();
  for (const level of LEVELS) {
    if (gates.levels?.[level]?.minCriteriaMet === undefined) continue;
    const atLevel = compiled.criteria.filter((c) => c.level === level);
    levelMet.set(level, st.define("level_met", level, sum(atLevel.map((c) => isMet(c.index)))));
  }
  st.next();

  const text = (expr: string) => `CAST(${expr} AS ${d.type("text")})`;
  interface Gate {
    passed: string;
    /** The message when the gate passes, and when it fails. */
    pass: string;
    fail: string;
  }
  const gateList: Gate[] = [];
  const scoreText = text(ref(score));
  if (gates.minScore !== undefined) {
    gateList.push({
      passed: `${ref(score)} >= ${num(gates.minScore)}`,
      pass: d.concat([
        d.string("Score "),
        scoreText,
        d.string(` meets the minimum of ${gates.minScore}.`),
      ]),
      fail: d.concat([
        d.string("Score "),
        scoreText,
        d.string(` is below the minimum of ${gates.minScore}.`),
      ]),
    });
  }
  const criteria = compiled.criteria;
  if (gates.minCriteriaMet !== undefined) {
    const labels = d.join(
      criteria.map((c) => `CASE WHEN ${ref(status[c.index]!)} THEN ${d.string(c.label)} END`),
      ", ",
    );
    const message = d.concat([
      text(ref(criteriaMet)),
      d.string(` of ${criteria.length} ${criteria.length === 1 ? "criterion" : "criteria"} met`),
      `CASE WHEN ${ref(criteriaMet)} > 0 THEN ${d.concat([d.string(" ("), labels, d.string(")")])} ELSE '' END`,
      d.string(`; ${gates.minCriteriaMet} needed.`),
    ]);
    gateList.push({
      passed: `${ref(criteriaMet)} >= ${num(gates.minCriteriaMet)}`,
      pass: message,
      fail: message,
    });
  }
  for (const id of gates.require ?? []) {
    const c = compiled.criterionById.get(id)!;
    const s = ref(status[c.index]!);
    gateList.push({
      passed: `COALESCE(${s}, FALSE)`,
      pass: d.string(`${c.label} is met, as required.`),
      fail: `CASE WHEN ${s} IS NULL THEN ${d.string(`${c.label} is required and is not known yet.`)} ELSE ${d.string(`${c.label} is required and is not met.`)} END`,
    });
  }
  for (const level of LEVELS) {
    const gate = gates.levels?.[level];
    if (gate === undefined) continue;
    const atLevel = criteria.filter((c) => c.level === level);
    if (gate.minScore !== undefined) {
      const ls = ref(levelScore.get(level)!);
      const message = (verb: string) =>
        d.concat([
          d.string(`${levelLabel(level)} score `),
          text(ls),
          d.string(`${verb} the minimum of ${gate.minScore}.`),
        ]);
      gateList.push({
        passed: `${ls} >= ${num(gate.minScore)}`,
        pass: message(" meets"),
        fail: message(" is below"),
      });
    }
    if (gate.minCriteriaMet !== undefined) {
      const lm = ref(levelMet.get(level)!);
      const message = d.concat([
        d.string(`${levelLabel(level)}: `),
        text(lm),
        d.string(
          ` of ${atLevel.length} ${atLevel.length === 1 ? "criterion" : "criteria"} met; ${gate.minCriteriaMet} needed.`,
        ),
      ]);
      gateList.push({
        passed: `${lm} >= ${num(gate.minCriteriaMet)}`,
        pass: message,
        fail: message,
      });
    }
  }
  const gateAlias = gateList.map((g, i) => st.define("g", String(i + 1), g.passed));
  const reasonOf = (rule: { level: Level; reason: string }) =>
    d.string(`${levelLabel(rule.level)}: ${rule.reason}`);
  const disqualify = compiled.disqualifyRules;
  const decisive = st.define(
    "decisive",
    "",
    disqualify.length === 0
      ? `CAST(NULL AS ${d.type("text")})`
      : `CASE ${disqualify.map((r) => `WHEN ${ref(ruleAlias.get(r.rule.id)!)} THEN ${reasonOf(r.rule)}`).join(" ")} END`,
  );
  st.next();

  const maxScore = framework.verdict.disqualified.maxScore;
  const nurtureFired = anyOf(
    compiled.nurtureRules.map((r) => `COALESCE(${ref(ruleAlias.get(r.rule.id)!)}, FALSE)`),
  );
  const allGates = allOf(gateAlias.map(ref));
  // 1 a disqualify rule, 2 nurture rules, 3 the gates pass, 4 maxScore, 5 gates fail.
  const branch = st.define(
    "branch",
    "",
    `CASE WHEN ${ref(decisive)} IS NOT NULL THEN 1 WHEN ${nurtureFired} THEN 2 WHEN ${allGates} THEN 3${maxScore === undefined ? "" : ` WHEN ${ref(scoreHigh)} <= ${num(maxScore)} THEN 4`} ELSE 5 END`,
  );
  st.next();

  // 6. The output columns.
  const b = ref(branch);
  const reasons: string[] = [`CASE WHEN ${b} = 1 THEN ${ref(decisive)} END`];
  for (const rule of compiled.nurtureRules) {
    reasons.push(
      `CASE WHEN ${b} = 2 AND ${ref(ruleAlias.get(rule.rule.id)!)} THEN ${reasonOf(rule.rule)} END`,
    );
  }
  if (gateList.length === 0)
    reasons.push(`CASE WHEN ${b} = 3 THEN ${d.string("No qualification gates are set.")} END`);
  for (const gate of gateList) reasons.push(`CASE WHEN ${b} = 3 THEN ${gate.pass} END`);
  if (maxScore !== undefined) {
    const [s, h] = [ref(score), ref(scoreHigh)];
    reasons.push(
      `CASE WHEN ${b} = 4 THEN CASE WHEN ${h} = ${s} THEN ${d.concat([d.string("Score "), text(s), d.string(` is at or below the disqualifying ${maxScore}.`)])} ELSE ${d.concat([d.string("Even with every open question answered at best, the score could reach only "), text(h), d.string(`, at or below the disqualifying ${maxScore}.`)])} END END`,
    );
  }
  gateList.forEach((gate, i) =>
    reasons.push(`CASE WHEN ${b} = 5 AND NOT ${ref(gateAlias[i]!)} THEN ${gate.fail} END`),
  );
  const gaps = compiled.gapOrder.map((index) => {
    const value = refAnswer(values[index]!);
    const app = appliesRef(index);
    const open = [
      ...(app === "TRUE" ? [] : [`COALESCE(${app}, FALSE)`]),
      `${value.kind === "multi" ? value.known : value.expr} IS NULL`,
    ];
    return `CASE WHEN ${open.join(" AND ")} THEN ${d.string(compiled.questions[index]!.id)} END`;
  });
  // batch writes an empty list as an empty field: NULL in the CSV DuckDB writes.
  const list = (parts: string[]) =>
    mode === "sql" && d.arrays ? d.array(parts) : `NULLIF(${d.join(parts, "; ")}, '')`;
  const outputs = [
    st.add(
      "qualify_verdict",
      `CASE ${b} WHEN 3 THEN 'qualified' WHEN 1 THEN 'disqualified' WHEN 4 THEN 'disqualified' ELSE 'nurture' END`,
    ),
    st.add("qualify_score", ref(score)),
    st.add("qualify_reasons", list(reasons)),
    st.add("qualify_gaps", list(gaps)),
    st.add("qualify_warnings", list(warnings.map(ref))),
  ];
  if (mode === "sql") {
    outputs.push(
      st.add("qualify_coverage", ref(coverage)),
      st.add("qualify_framework", d.string(framework.id)),
      st.add("qualify_framework_version", d.string(framework.version)),
      st.add("qualify_framework_hash", d.string(compiled.hash)),
    );
  }

  const query = st.render(outputs);
  const statement =
    options.view === undefined
      ? query
      : `CREATE OR REPLACE VIEW ${qualifiedName(d, options.view)} AS\n${query}`;
  const header = [
    `qualify: framework ${framework.id} ${framework.version} (${framework.name}), sha256 ${compiled.hash}`,
    ...(options.notes ?? []),
  ];
  const comments = header.map((line) => `-- ${commentText(line)}`.trimEnd()).join("\n");
  return {
    sql: `${comments}\n${statement};\n`,
    query,
    outputColumns: outputs,
    stages: st.columns(),
  };
}
