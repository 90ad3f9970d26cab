/**
 * Semantic checks beyond the schema: what a framework owner would want to hear before a rep
 * meets it on a call. Errors make a framework wrong (a gate no lead can ever pass); warnings
 * make it suspicious (a rule that never fired on thousands of generated leads).
 *
 * Satisfiability of conditions is decided by search, not proof: the engine scores leads
 * built from each question's interesting answers (every option, band edges, word counts…)
 * and records what ever fired or passed.
 */
import type { CompiledFramework, CompiledQuestion } from "./compile.js";
import type { Value } from "./conditions.js";
import { evaluate } from "./engine.js";
import { LEVELS } from "./constants.js";
import { formatPath, type DocPath } from "./errors.js";
import { seededRandom } from "./random.js";

export interface Finding {
  severity: "error" | "warning";
  /** A short stable name for the check. */
  check: string;
  path: DocPath;
  message: string;
}

/** How many generated leads the search scores. */
const SEARCH_LEADS = 4000;

function normalize(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, "");
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Answers worth trying for a question: each distinct way it can score or match a condition. */
export function candidateAnswers(question: CompiledQuestion, today: string): Value[] {
  const def = question.def;
  const compared = question.compared.flatMap((c) => [...c.constants]);
  switch (def.type) {
    case "choice":
      return def.options.map((o) => o.value);
    case "multi": {
      const values = def.options.map((o) => o.value);
      return [
        [],
        values,
        ...values.map((v) => [v]),
        ...values.map((v) => values.filter((w) => w !== v)),
      ];
    }
    case "boolean":
      return [true, false];
    case "number": {
      const edges = new Set<number>([0, 1, 1e9]);
      for (const band of def.bands) {
        for (const edge of [band.min, band.max]) {
          if (edge !== undefined) [edge - 1, edge, edge + 1].forEach((n) => edges.add(n));
        }
      }
      // And around every number a condition compares with (`eq: 37`, `lt: 12.5`).
      for (const n of compared.filter((c): c is number => typeof c === "number"))
        [n - 1, n, n + 1].forEach((m) => edges.add(m));
      if (def.min !== undefined) edges.add(def.min);
      if (def.max !== undefined) edges.add(def.max);
      return [...edges].filter(
        (n) => (def.min === undefined || n >= def.min) && (def.max === undefined || n <= def.max),
      );
    }
    case "date": {
      const offsets = new Set<number>([-3650, -365, -1, 0, 1, 3650]);
      for (const band of def.bands) {
        for (const edge of [
          band.withinDays,
          band.withinDaysAgo === undefined ? undefined : -band.withinDaysAgo,
        ]) {
          if (edge !== undefined) [edge - 1, edge, edge + 1].forEach((d) => offsets.add(d));
        }
      }
      const dates = [...offsets].map((d) => addDays(today, d));
      for (const date of compared.filter((c): c is string => typeof c === "string"))
        dates.push(addDays(date, -1), date, addDays(date, 1));
      return dates;
    }
    case "text": {
      const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
      const texts = ["ok", "a short answer here", words(40)];
      // The texts a condition compares with, alone and within a sentence (`contains`).
      for (const text of compared.filter((c): c is string => typeof c === "string"))
        texts.push(text, `they said ${text} on the call`);
      for (const n of question.compared.flatMap((c) => [...c.wordCounts]))
        for (const m of [n - 1, n, n + 1]) if (m > 0) texts.push(words(m));
      return texts;
    }
  }
}

/** Leads to try: the best and worst answer everywhere, then random mixes with unknowns. */
function* searchLeads(compiled: CompiledFramework): Generator<Value[]> {
  const candidates = compiled.questions.map((q) => candidateAnswers(q, compiled.today));
  const best = compiled.questions.map((q, i) => {
    let top: Value = undefined;
    let topPoints = -Infinity;
    for (const value of candidates[i]!) {
      const points = q.points(value as NonNullable<Value>);
      if (points > topPoints) {
        top = value;
        topPoints = points;
      }
    }
    return top;
  });
  yield best;
  const next = seededRandom(0x51ca1e);
  for (let n = 0; n < SEARCH_LEADS; n++) {
    // Start from the best lead now and then, so gates that need most answers right are reached.
    const fromBest = n % 4 === 0;
    yield candidates.map((values, i) => {
      const roll = next();
      if (fromBest && roll < 0.7) return best[i];
      if (roll < 0.15) return undefined;
      return values[Math.floor(next() * values.length)];
    });
  }
}

export function lintFramework(compiled: CompiledFramework): Finding[] {
  const findings: Finding[] = [];
  const fw = compiled.framework;
  const add = (severity: Finding["severity"], check: string, path: DocPath, message: string) =>
    findings.push({ severity, check, path, message: `${formatPath(path)}: ${message}` });

  // Gates that no lead can pass, whatever it answers.
  const gates = fw.verdict.qualified;
  const criteriaCount = compiled.criteria.length;
  if (gates.minCriteriaMet !== undefined && gates.minCriteriaMet > criteriaCount) {
    add(
      "error",
      "impossible-gate",
      ["verdict", "qualified", "minCriteriaMet"],
      `needs ${gates.minCriteriaMet} criteria met, but the framework has only ${criteriaCount}`,
    );
  }
  if (gates.minScore !== undefined && gates.minScore > 0 && compiled.maxPoints <= 0) {
    add(
      "error",
      "impossible-gate",
      ["verdict", "qualified", "minScore"],
      "no question earns points, so no lead can reach a minimum score",
    );
  }
  for (const level of LEVELS) {
    const gate = gates.levels?.[level];
    if (gate === undefined) continue;
    const atLevel = compiled.criteria.filter((c) => c.level === level);
    if (gate.minCriteriaMet !== undefined && gate.minCriteriaMet > atLevel.length) {
      add(
        "error",
        "impossible-gate",
        ["verdict", "qualified", "levels", level, "minCriteriaMet"],
        `needs ${gate.minCriteriaMet} ${level} criteria met, but there ${atLevel.length === 1 ? "is" : "are"} ${atLevel.length}`,
      );
    }
    if (
      gate.minScore !== undefined &&
      gate.minScore > 0 &&
      atLevel.reduce((sum, c) => sum + c.maxPoints, 0) <= 0
    ) {
      add(
        "error",
        "impossible-gate",
        ["verdict", "qualified", "levels", level, "minScore"],
        `no ${level} question earns points, so this minimum can never be reached`,
      );
    }
  }
  (gates.require ?? []).forEach((id, i) => {
    const criterion = compiled.criterionById.get(id);
    if (criterion !== undefined && criterion.met === undefined && criterion.maxPoints <= 0) {
      add(
        "error",
        "impossible-gate",
        ["verdict", "qualified", "require", i],
        `'${id}' earns no points and has no 'met' condition, so it can never be met`,
      );
    }
  });
  const maxScore = fw.verdict.disqualified.maxScore;
  if (maxScore !== undefined && gates.minScore !== undefined && maxScore >= gates.minScore) {
    add(
      "warning",
      "overlapping-gates",
      ["verdict", "disqualified", "maxScore"],
      `disqualifies at or below ${maxScore}, which is not below the qualifying minimum of ${gates.minScore}`,
    );
  }

  // Questions that earn nothing in a criterion scored by points, and that nothing reads.
  const read = new Set<number>([
    ...compiled.disqualifyRules.flatMap((r) => r.reads),
    ...compiled.nurtureRules.flatMap((r) => r.reads),
    ...compiled.flags.flatMap((f) => f.reads),
    ...compiled.questions.flatMap((q) => q.whenReads),
  ]);
  fw.criteria.forEach((criterion, ci) => {
    if (criterion.met !== undefined) return;
    criterion.questions.forEach((question, qi) => {
      const compiledQuestion = compiled.questionById.get(question.id)!;
      if (compiledQuestion.maxPoints > 0 || read.has(compiledQuestion.index)) return;
      {
        add(
          "warning",
          "no-points",
          ["criteria", ci, "questions", qi],
          `'${question.id}' earns no points and no rule, flag or 'when' reads it, so its answer changes nothing`,
        );
      }
    });
  });

  // Spellings that collide: the same column alias on two questions, or an alias that means
  // another option of the same question.
  const columnOwner = new Map<string, string>();
  fw.criteria.forEach((criterion, ci) =>
    criterion.questions.forEach((question, qi) => {
      (question.columns ?? []).forEach((column, k) => {
        const key = normalize(column);
        const owner = columnOwner.get(key);
        if (owner !== undefined && owner !== question.id) {
          add(
            "warning",
            "duplicate-column",
            ["criteria", ci, "questions", qi, "columns", k],
            `the column '${column}' also feeds '${owner}'; one CSV column will answer both questions`,
          );
        } else if (owner === question.id) {
          add(
            "warning",
            "duplicate-column",
            ["criteria", ci, "questions", qi, "columns", k],
            `'${column}' is listed twice (case, spaces and underscores are ignored)`,
          );
        }
        columnOwner.set(key, question.id);
      });
      if (question.type !== "choice" && question.type !== "multi") return;
      const meaning = new Map<string, string>();
      question.options.forEach((option, oi) => {
        const spellings: Array<[string, DocPath]> = [
          [option.value, ["criteria", ci, "questions", qi, "options", oi, "value"]],
          [option.label, ["criteria", ci, "questions", qi, "options", oi, "label"]],
          ...(option.aliases ?? []).map((alias, ai): [string, DocPath] => [
            alias,
            ["criteria", ci, "questions", qi, "options", oi, "aliases", ai],
          ]),
        ];
        const own = new Set<string>();
        for (const [spelling, path] of spellings) {
          const key = spelling.trim().toLowerCase();
          const other = meaning.get(key);
          if (other !== undefined && other !== option.value) {
            add(
              "warning",
              "ambiguous-answer",
              path,
              `'${spelling}' also means '${other}' in this question; an answer written that way is read as only one of them`,
            );
          }
          if (!own.has(key)) meaning.set(key, option.value);
          own.add(key);
        }
      });
    }),
  );

  // A `when` that reads a question the interview asks later cannot be decided in order.
  const askedAt = new Map(compiled.askOrder.map((index, position) => [index, position]));
  for (const question of compiled.questions) {
    for (const read of question.whenReads) {
      if (askedAt.get(read)! > askedAt.get(question.index)!) {
        add(
          "warning",
          "when-order",
          [...question.path, "when"],
          `reads '${compiled.questions[read]!.id}', which is asked later; the interview cannot know yet whether to ask '${question.id}'`,
        );
      }
    }
  }

  // Rules and gates checked by search: what never fires or passes is suspicious.
  const fired = new Set<string>();
  const flagged = new Set<string>();
  let qualified = false;
  for (const lead of searchLeads(compiled)) {
    const result = evaluate(compiled, lead);
    for (const rule of result.rules) fired.add(rule.id);
    for (const flag of result.flags) flagged.add(flag.id);
    if (result.verdict === "qualified") qualified = true;
  }
  fw.rules.forEach((rule, ri) => {
    if (!fired.has(rule.id)) {
      add(
        "warning",
        "never-fires",
        ["rules", ri, "when"],
        `rule '${rule.id}' never fired on ${SEARCH_LEADS.toLocaleString("en-US")} generated leads; check its condition`,
      );
    }
  });
  fw.flags.forEach((flag, fi) => {
    if (!flagged.has(flag.id)) {
      add(
        "warning",
        "never-fires",
        ["flags", fi, "when"],
        `flag '${flag.id}' never fired on ${SEARCH_LEADS.toLocaleString("en-US")} generated leads; check its condition`,
      );
    }
  });
  if (!qualified && !findings.some((f) => f.check === "impossible-gate")) {
    add(
      "warning",
      "never-qualifies",
      ["verdict", "qualified"],
      `no generated lead qualified, not even one with the best answer to every question; check the gates and the disqualify rules`,
    );
  }
  return findings;
}
