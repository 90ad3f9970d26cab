/**
 * Points and the assessment as JavaScript generated per framework. Batch assesses every row
 * of an export, and a loop over questions that calls each one's points closure in turn makes
 * one call site see every closure: V8 then cannot inline any of them. Generated code has a
 * call site, or the bands and options inline, per question, with the framework's numbers as
 * constants. Only numbers (checked) and JSON-quoted strings from the framework go into the
 * source, so a framework file can never inject code.
 */
import type { Question } from "./schema.js";
import { daysFrom } from "./coerce.js";
import { F, T, U, type Value } from "./conditions.js";
import type { CompiledFramework } from "./compile.js";
import type { Assessment } from "./engine.js";

let generation: boolean | undefined;

/**
 * Whether this runtime lets code be generated from strings: not under
 * `--disallow-code-generation-from-strings` or a content security policy. Where it does not,
 * compile.ts uses the plain assessment (assess-plain.ts), slower and otherwise the same.
 */
export function canGenerateCode(): boolean {
  if (generation === undefined) {
    try {
      generation = (new Function("return true") as () => boolean)();
    } catch {
      generation = false;
    }
  }
  return generation;
}

/** A number as a JavaScript literal; anything else is refused. */
function literal(n: unknown): string {
  if (typeof n !== "number") throw new TypeError(`expected a number, not ${typeof n}`);
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  return Object.is(n, -0) ? "-0" : String(n);
}

/**
 * Statements that set `p` to the points of the first of `cases` ([test, points]) that holds,
 * else 0. Flat tests in a labelled block, not nested conditionals: a framework with thousands
 * of options or bands would nest past the parser's stack.
 */
function firstMatch(cases: Array<[string, unknown]>): string {
  const tests = cases.map(
    ([test, points]) => `if (${test}) { p = ${literal(points)}; break match; }`,
  );
  return `match: { ${tests.join(" ")} p = 0; }`;
}

/**
 * Statements that set `p` to the points a known answer `v` earns, or undefined for the types
 * left to a closure (multi, text). Date questions count days with `daysSince` from scope.
 */
export function pointsCode(question: Question): string | undefined {
  switch (question.type) {
    case "choice":
      // Option values are unique (compile checks), so the first equal one is the only one.
      return firstMatch(
        question.options.map((o) => [`v === ${JSON.stringify(o.value)}`, o.points]),
      );
    case "boolean":
      return `p = v === true ? ${literal(question.points.yes)} : ${literal(question.points.no)};`;
    case "number":
      return firstMatch(
        question.bands.map((band) => {
          const tests: string[] = [];
          if (band.min !== undefined) tests.push(`v >= ${literal(band.min)}`);
          if (band.max !== undefined) tests.push(`v < ${literal(band.max)}`);
          return [tests.length === 0 ? "true" : tests.join(" && "), band.points];
        }),
      );
    case "date":
      return `d = daysSince(v); ${firstMatch(
        question.bands.map((band) => {
          const tests: string[] = [];
          if (band.withinDays !== undefined) tests.push(`d <= ${literal(band.withinDays)}`);
          if (band.withinDaysAgo !== undefined) tests.push(`d >= ${literal(-band.withinDaysAgo)}`);
          return [tests.length === 0 ? "true" : tests.join(" && "), band.points];
        }),
      )}`;
    case "multi":
    case "text":
      return undefined;
  }
}

/** The points function of a choice, boolean, number or date question. */
export function generatedPoints(
  question: Question,
  today: string,
): ((value: NonNullable<Value>) => number) | undefined {
  const code = pointsCode(question);
  if (code === undefined) return undefined;
  const make = new Function(
    "daysSince",
    `"use strict"; return function points(v) { let p = 0, d = 0; ${code} return p; };`,
  ) as (daysSince: (date: string) => number) => (value: NonNullable<Value>) => number;
  return make(daysFrom(today));
}

/** What the generated assessment reads of a compiled framework. */
export type AssessPlan = Pick<
  CompiledFramework,
  | "today"
  | "maxPoints"
  | "whenOrder"
  | "questions"
  | "criteria"
  | "disqualifyRules"
  | "nurtureRules"
>;

export type AssessFunction = (input: readonly Value[], into: Assessment) => Assessment;

/**
 * The assessment of engine.ts, unrolled for one framework: which questions apply, points per
 * criterion, criterion statuses, score and score range, and which rules fire.
 */
export function generatedAssess(plan: AssessPlan): AssessFunction {
  const lines: string[] = [
    "const { values, applicable, earned: earnedBy, statuses, state } = into;",
    "let p = 0, d = 0, v;",
  ];
  for (const index of plan.whenOrder) {
    if (plan.questions[index]!.when === undefined) {
      lines.push(`applicable[${index}] = ${T}; values[${index}] = input[${index}];`);
    } else {
      lines.push(
        `{ const a = W[${index}](state); applicable[${index}] = a; values[${index}] = a === ${T} ? input[${index}] : undefined; }`,
      );
    }
  }
  lines.push("let points = 0, low = 0, high = 0, covered = 0, criteriaMet = 0, status;");
  plan.criteria.forEach((criterion, c) => {
    lines.push("{ let earned = 0, cLow = 0, cHigh = 0;");
    for (const index of criterion.questions) {
      const question = plan.questions[index]!;
      const max = literal(question.maxPoints);
      const known = `v = values[${index}]; if (v !== undefined) { ${pointsCode(question.def) ?? `p = P[${index}](v);`} earned += p; cLow += p; cHigh += p; covered += ${max}; } else { cLow += ${literal(question.minPoints)}; cHigh += ${max}; }`;
      // A question that does not apply counts as covered and earns nothing.
      lines.push(
        question.when === undefined
          ? known
          : `if (applicable[${index}] === ${F}) covered += ${max}; else { ${known} }`,
      );
    }
    const criterionMax = literal(criterion.maxPoints);
    lines.push(
      "points += earned; low += cLow; high += cHigh;",
      criterion.met !== undefined
        ? `status = M[${c}](state);`
        : criterion.maxPoints <= 0
          ? `status = ${U};`
          : `status = cLow * 2 >= ${criterionMax} ? ${T} : cHigh * 2 < ${criterionMax} ? ${F} : ${U};`,
      `statuses[${c}] = status; earnedBy[${c}] = earned; if (status === ${T}) criteriaMet++; }`,
    );
  });
  const total = literal(plan.maxPoints);
  lines.push(
    "into.points = points; into.covered = covered; into.criteriaMet = criteriaMet;",
    `into.score = percent(points, ${total}); state.scoreLow = percent(low, ${total}); state.scoreHigh = percent(high, ${total});`,
    "const dq = into.disqualifyFired, nu = into.nurtureFired;",
    ...plan.disqualifyRules.map((_, i) => `dq[${i}] = D[${i}](state) === ${T} ? 1 : 0;`),
    ...plan.nurtureRules.map((_, i) => `nu[${i}] = N[${i}](state) === ${T} ? 1 : 0;`),
    "return into;",
  );
  const make = new Function(
    "W",
    "M",
    "P",
    "D",
    "N",
    "percent",
    "daysSince",
    `"use strict"; return function assess(input, into) {\n${lines.join("\n")}\n};`,
  ) as (...parts: unknown[]) => AssessFunction;
  return make(
    plan.questions.map((q) => q.when),
    plan.criteria.map((c) => c.met),
    plan.questions.map((q) => q.points),
    plan.disqualifyRules.map((r) => r.test),
    plan.nurtureRules.map((r) => r.test),
    percent,
    daysFrom(plan.today),
  );
}

export type OutcomeKeyFunction = (assessment: Assessment, key: Int32Array) => number;

/**
 * engine.ts `outcomeKey`, unrolled for one framework: the score and its high end, each
 * criterion's status (and its points with `levels` gates, the only way they reach the
 * reasons), then one bit per rule fired and per question open, 31 to a number.
 */
export function generatedOutcomeKey(
  plan: AssessPlan & { levelGates: boolean },
): OutcomeKeyFunction {
  const lines = [
    "const { statuses, earned, disqualifyFired: dq, nurtureFired: nu, applicable, values } = a;",
    "key[0] = a.score; key[1] = a.state.scoreHigh;",
  ];
  let k = 2;
  plan.criteria.forEach((_, c) => lines.push(`key[${k++}] = statuses[${c}];`));
  if (plan.levelGates) plan.criteria.forEach((_, c) => lines.push(`key[${k++}] = earned[${c}];`));
  const bits = [
    ...plan.disqualifyRules.map((_, i) => `dq[${i}]`),
    ...plan.nurtureRules.map((_, i) => `nu[${i}]`),
    ...plan.questions.map(
      (_, i) => `(applicable[${i}] === ${T} && values[${i}] === undefined ? 1 : 0)`,
    ),
  ];
  for (let from = 0; from === 0 || from < bits.length; from += 31) {
    const word = bits.slice(from, from + 31).map((bit, b) => (b === 0 ? bit : `(${bit} << ${b})`));
    lines.push(`key[${k++}] = ${word.length === 0 ? "0" : word.join(" | ")};`);
  }
  lines.push(`return ${k};`);
  return new Function(
    `"use strict"; return function outcomeKey(a, key) {\n${lines.join("\n")}\n};`,
  )() as OutcomeKeyFunction;
}

/** `part` as a whole percent of `whole`, clamped to 0–100. */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const value = Math.round((100 * part) / whole);
  return value < 0 ? 0 : value > 100 ? 100 : value;
}
