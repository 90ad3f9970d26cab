/**
 * CSV cells → answers, in SQL, the way `batch` reads them (src/core/coerce.ts, answers.ts,
 * io/row-answers.ts): a `--map` value map first, then the unknown words, then coercion by
 * question type. An answer that cannot be read is NULL (unknown) with a warning, as in batch.
 *
 * Each question is a pipeline of steps, one per stage (see stages.ts), run side by side.
 */
import type { CompiledFramework, CompiledQuestion } from "../core/compile.js";
import type { Stages } from "./stages.js";
import { num, regexLiteral, WS, type Dialect } from "./dialect.js";

/** The cell that feeds a question: a column of the table, and an optional value map. */
export interface CellBinding {
  question: number;
  column: string;
  /** Trimmed, lowercased cell text → the answer to read instead (from --map). */
  values?: ReadonlyMap<string, string>;
}

/**
 * A question's answer as later stages read it. For `multi`, `known` is TRUE or NULL and each
 * option is TRUE/FALSE when known, NULL when not. `constant` marks an answer that is always
 * unknown (no column).
 */
export type Answer =
  | { kind: "scalar"; expr: string; constant: boolean }
  | { kind: "multi"; known: string; options: ReadonlyMap<string, string>; constant: boolean };

export interface Answers {
  /** Per question index. */
  answers: Answer[];
  /** Per binding, in binding order: the warning text or NULL. */
  warnings: string[];
}

// The same word lists as src/core/coerce.ts (test/sql checks they agree).
export const UNKNOWN_WORDS = ["", "unknown", "n/a", "na", "null", "?", "-", "tbd", "don't know"];
export const TRUE_WORDS = ["true", "yes", "y", "1", "t", "x", "✓"];
export const FALSE_WORDS = ["false", "no", "n", "0", "f"];
const MAX_DOUBLE = "1.7976931348623157e308";
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

type Step = Generator<void, { answer: Answer; warning?: string }, void>;

interface Context {
  st: Stages;
  d: Dialect;
}

/** Whether the cell means "not known yet" (isUnknownWord): `x` is the cell, `l` its lowercased, trimmed text. */
function unknownSql(d: Dialect, x: string, l: string): string {
  return `(${x} IS NULL OR (length(${x}) <= 24 AND ${d.inList(
    l,
    UNKNOWN_WORDS.map((w) => d.string(w)),
  )}))`;
}

function message(d: Dialect, q: CompiledQuestion, x: string, text: string): string {
  return d.concat([d.string(`${q.id}: '`), x, d.string(`' ${text}`)]);
}

/** Stage 1: the cell as text, through the --map value map. */
function cell(ctx: Context, q: CompiledQuestion, binding: CellBinding): string {
  const { st, d } = ctx;
  const raw = `CAST(${st.column(binding.column)} AS ${d.type("text")})`;
  let expr = raw;
  if (binding.values !== undefined && binding.values.size > 0) {
    const whens = [...binding.values]
      .map(([from, to]) => `WHEN ${d.string(from)} THEN ${d.string(to)}`)
      .join(" ");
    expr = `CASE lower(${d.trim(raw)}) ${whens} ELSE ${raw} END`;
  }
  return st.define("x", q.id, expr);
}

function* choice(ctx: Context, q: CompiledQuestion, binding: CellBinding): Step {
  const { st, d } = ctx;
  const x = cell(ctx, q, binding);
  yield;
  const l = st.define("l", q.id, `lower(${d.trim(st.ref(x))})`);
  yield;
  const [xr, lr] = [st.ref(x), st.ref(l)];
  // An option wins over the unknown words: `na` is North America when an option says so.
  const whens = [...q.optionLookup!]
    .filter(([spelling]) => spelling !== "")
    .map(([spelling, value]) => `WHEN ${d.string(spelling)} THEN ${d.string(value)}`);
  const a = st.define("a", q.id, `CASE ${lr} ${whens.join(" ")} END`);
  yield;
  const w = unreadWarning(ctx, q, a, xr, lr, "is not one of the options.");
  return { answer: { kind: "scalar", expr: a, constant: false }, warning: w };
}

/** The warning for a cell that is neither an unknown word nor a readable answer. */
function unreadWarning(
  ctx: Context,
  q: CompiledQuestion,
  answer: string,
  cell: string,
  lowered: string,
  what: string,
): string {
  const { st, d } = ctx;
  return st.define(
    "w",
    q.id,
    `CASE WHEN ${st.ref(answer)} IS NULL AND NOT ${unknownSql(d, cell, lowered)} THEN ${message(d, q, cell, what)} END`,
  );
}
function* boolean(ctx: Context, q: CompiledQuestion, binding: CellBinding): Step {
  const { st, d } = ctx;
  const x = cell(ctx, q, binding);
  yield;
  const l = st.define("l", q.id, `lower(${d.trim(st.ref(x))})`);
  yield;
  const [xr, lr] = [st.ref(x), st.ref(l)];
  // No unknown word is a yes or a no, so the words decide alone.
  const a = st.define(
    "a",
    q.id,
    `CASE WHEN ${d.inList(
      lr,
      TRUE_WORDS.map((w) => d.string(w)),
    )} THEN TRUE WHEN ${d.inList(
      lr,
      FALSE_WORDS.map((w) => d.string(w)),
    )} THEN FALSE END`,
  );
  yield;
  const w = unreadWarning(ctx, q, a, xr, lr, "is not yes or no");
  return { answer: { kind: "scalar", expr: a, constant: false }, warning: w };
}

function* text(ctx: Context, q: CompiledQuestion, binding: CellBinding): Step {
  const { st, d } = ctx;
  const x = cell(ctx, q, binding);
  yield;
  const t = st.define("t", q.id, d.trim(st.ref(x)));
  const l = st.define("l", q.id, `lower(${d.trim(st.ref(x))})`);
  yield;
  const a = st.define(
    "a",
    q.id,
    `CASE WHEN ${unknownSql(d, st.ref(x), st.ref(l))} THEN NULL ELSE NULLIF(${st.ref(t)}, '') END`,
  );
  return { answer: { kind: "scalar", expr: a, constant: false } };
}

/**
 * parseNumber: plain numbers and `$1,200.50` first; else accounting parentheses, a sign, a
 * currency symbol or code, a trailing %, a k/M/MM/B/BN suffix, thousands separators.
 */
function* number(ctx: Context, q: CompiledQuestion, binding: CellBinding): Step {
  const { st, d } = ctx;
  const E = d.end;
  const def = q.def as Extract<CompiledQuestion["def"], { type: "number" }>;
  const x = cell(ctx, q, binding);
  yield;
  const t = st.define("t", q.id, d.trim(st.ref(x)));
  const l = st.define("l", q.id, `lower(${d.trim(st.ref(x))})`);
  yield;
  const [xr, tr, lr] = [st.ref(x), st.ref(t), st.ref(l)];
  const u = st.define("u", q.id, unknownSql(d, xr, lr));
  // The usual cells, read as they are: 1200, -3.5, $22,700.00, -$1,200.
  const fast = st.define(
    "nf",
    q.id,
    `CASE WHEN ${d.regexMatch(tr, `^-?[0-9]+([.][0-9]+)?${E}`)} THEN ${tr} WHEN ${d.regexMatch(tr, `^-?[$]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]+)?${E}`)} THEN replace(replace(${tr}, '$', ''), ',', '') END`,
  );
  const paren = `${lr} LIKE '(%)'`;
  const np = st.define(
    "np",
    q.id,
    `CASE WHEN ${paren} THEN ${d.trim(`substr(${lr}, 2, length(${lr}) - 2)`)} ELSE ${lr} END`,
  );
  const ns = st.define("ns", q.id, `CASE WHEN ${paren} THEN -1 ELSE 1 END`);
  yield;
  const npr = st.ref(np);
  const unsigned = `CASE WHEN ${npr} LIKE '-%' OR ${npr} LIKE '+%' THEN ${d.trim(`substr(${npr}, 2)`)} ELSE ${npr} END`;
  const noPrefix = d.regexReplace(unsigned, `^([$€£¥]|usd|eur|gbp)${WS}*`, 0);
  const noSuffix = d.regexReplace(noPrefix, `${WS}*(usd|eur|gbp)${E}`, 0);
  const nr = st.define("nr", q.id, d.trim(d.regexReplace(noSuffix, `%${E}`, 0)));
  const sign = st.define(
    "ns",
    q.id,
    `CASE WHEN ${npr} LIKE '-%' THEN -${st.ref(ns)} ELSE ${st.ref(ns)} END`,
  );
  yield;
  const nrr = st.ref(nr);
  const multiplier = st.define(
    "nm",
    q.id,
    `CASE WHEN ${nrr} LIKE '%mm' THEN 1000000 WHEN ${nrr} LIKE '%bn' THEN 1000000000 WHEN ${nrr} LIKE '%k' THEN 1000 WHEN ${nrr} LIKE '%m' THEN 1000000 WHEN ${nrr} LIKE '%b' THEN 1000000000 ELSE 1 END`,
  );
  const nt = st.define("nt", q.id, d.regexReplace(nrr, `${WS}*(k|mm|m|bn|b)${E}`, 0));
  yield;
  const ntr = st.ref(nt);
  const nv = st.define(
    "nv",
    q.id,
    `CASE WHEN ${d.regexMatch(ntr, `^[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?${E}`)} THEN replace(${ntr}, ',', '') WHEN ${d.regexMatch(ntr, `^[0-9]{1,3}([ _\u00a0][0-9]{3})+([.][0-9]*)?${E}`)} THEN replace(replace(replace(${ntr}, ' ', ''), '_', ''), ${d.string("\u00a0")}, '') ELSE ${ntr} END`,
  );
  yield;
  const [fr, nvr] = [st.ref(fast), st.ref(nv)];
  const nd = st.define(
    "nd",
    q.id,
    `CASE WHEN ${fr} IS NOT NULL THEN ${d.toDouble(fr)} WHEN ${d.regexMatch(nvr, `^([0-9]+([.][0-9]*)?|[.][0-9]+)(e[+-]?[0-9]+)?${E}`)} THEN ${d.toDouble(nvr)} END`,
  );
  yield;
  const [ndr, nmr] = [st.ref(nd), st.ref(multiplier)];
  // The multiplication is guarded: some engines fail on overflow rather than give infinity.
  const nn = st.define(
    "nn",
    q.id,
    `CASE WHEN ${fr} IS NOT NULL THEN ${ndr} WHEN abs(${ndr}) <= ${MAX_DOUBLE} / ${nmr} THEN ${st.ref(sign)} * ${ndr} * ${nmr} END`,
  );
  yield;
  const nnr = st.ref(nn);
  const finite = `abs(${nnr}) <= ${MAX_DOUBLE}`;
  const range = [
    finite,
    ...(def.min === undefined ? [] : [`${nnr} >= ${num(def.min)}`]),
    ...(def.max === undefined ? [] : [`${nnr} <= ${num(def.max)}`]),
  ];
  const a = st.define(
    "a",
    q.id,
    `CASE WHEN NOT ${st.ref(u)} AND ${range.join(" AND ")} THEN ${nnr} END`,
  );
  const whens = [
    `WHEN ${st.ref(u)} THEN NULL`,
    `WHEN ${nnr} IS NULL OR NOT ${finite} THEN ${message(d, q, xr, "is not a number")}`,
  ];
  // The value as JavaScript prints it: exactly for whole numbers, the dialect's way otherwise.
  const shown = `CASE WHEN ${nnr} = FLOOR(${nnr}) AND abs(${nnr}) < 1e15 THEN CAST(CAST(${nnr} AS ${d.type("int")}) AS ${d.type("text")}) ELSE CAST(${nnr} AS ${d.type("text")}) END`;
  if (def.min !== undefined)
    whens.push(
      `WHEN ${nnr} < ${num(def.min)} THEN ${d.concat([d.string(`${q.id}: `), shown, d.string(` is below the smallest valid answer, ${def.min}`)])}`,
    );
  if (def.max !== undefined)
    whens.push(
      `WHEN ${nnr} > ${num(def.max)} THEN ${d.concat([d.string(`${q.id}: `), shown, d.string(` is above the largest valid answer, ${def.max}`)])}`,
    );
  const w = st.define("w", q.id, `CASE ${whens.join(" ")} END`);
  return { answer: { kind: "scalar", expr: a, constant: false }, warning: w };
}

/** Days from 1970-01-01 (proleptic Gregorian) of year/month/day expressions (integers). */
export function daysFromCivilSql(y: string, m: string, day: string): string {
  // Shifted by 400 years so every division is of positive numbers (floor = truncation).
  const year = `(${y} - CASE WHEN ${m} <= 2 THEN 1 ELSE 0 END + 400)`;
  const mp = `CASE WHEN ${m} > 2 THEN ${m} - 3 ELSE ${m} + 9 END`;
  return `(365 * ${year} + FLOOR(${year} / 4) - FLOOR(${year} / 100) + FLOOR(${year} / 400) + FLOOR((153 * (${mp}) + 2) / 5) + ${day} - 1 - 865565)`;
}

/** Days from 1970-01-01 to an ISO date (`YYYY-MM-DD`). */
export function epochDays(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** parseDate: ISO, MM/DD/YY(YY), `15 Apr, 2021`, `Apr 15, 2021`, each with an optional time. */
function* date(ctx: Context, q: CompiledQuestion, binding: CellBinding): Step {
  const { st, d } = ctx;
  const E = d.end;
  const tail = `([ t][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?${WS}*([ap]m)?${WS}*(z|[+-][0-9]{2}:?[0-9]{2})?)?${E}`;
  const patterns = [
    `^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})${tail}`,
    `^([0-9]{1,2})/([0-9]{1,2})/([0-9]{2}|[0-9]{4})${tail}`,
    `^([0-9]{1,2})[ -]([a-z]{3,9})[.]?,?[ -]([0-9]{4})${tail}`,
    `^([a-z]{3,9})[.]? ([0-9]{1,2}),? ([0-9]{4})${tail}`,
  ];
  // Which group holds the year, the month and the day, per pattern.
  const groups = [
    { y: 1, m: 2, d: 3 },
    { y: 3, m: 1, d: 2 },
    { y: 3, m: 2, d: 1 },
    { y: 3, m: 1, d: 2 },
  ];
  const x = cell(ctx, q, binding);
  yield;
  const l = st.define("l", q.id, `lower(${d.trim(st.ref(x))})`);
  yield;
  const [xr, lr] = [st.ref(x), st.ref(l)];
  const u = st.define("u", q.id, unknownSql(d, xr, lr));
  const kind = st.define(
    "dk",
    q.id,
    `CASE ${patterns.map((p, i) => `WHEN ${d.regexMatch(lr, p)} THEN ${i + 1}`).join(" ")} END`,
  );
  yield;
  const part = (which: "y" | "m" | "d") =>
    `CASE ${st.ref(kind)} ${patterns.map((p, i) => `WHEN ${i + 1} THEN ${d.regexReplace(lr, p, groups[i]![which])}`).join(" ")} END`;
  const ys = st.define("dys", q.id, part("y"));
  const ms = st.define("dms", q.id, part("m"));
  const ds = st.define("dds", q.id, part("d"));
  yield;
  const int = d.type("int");
  const [ysr, msr] = [st.ref(ys), st.ref(ms)];
  const yearInt = `CAST(${ysr} AS ${int})`;
  // Two-digit years: 20YY up to 69, 19YY from 70.
  const dy = st.define(
    "dy",
    q.id,
    `CASE WHEN length(${ysr}) <= 2 THEN CASE WHEN ${yearInt} < 70 THEN 2000 + ${yearInt} ELSE 1900 + ${yearInt} END ELSE ${yearInt} END`,
  );
  const monthByName = `CASE substr(${msr}, 1, 3) ${MONTHS.map((name, i) => `WHEN ${d.string(name)} THEN ${i + 1}`).join(" ")} END`;
  const dm = st.define(
    "dm",
    q.id,
    `CASE WHEN ${st.ref(kind)} <= 2 THEN CAST(${msr} AS ${int}) ELSE ${monthByName} END`,
  );
  const dd = st.define("dd", q.id, `CAST(${st.ref(ds)} AS ${int})`);
  yield;
  const [y, m, day] = [st.ref(dy), st.ref(dm), st.ref(dd)];
  // Date.UTC reads years 0–99 as 1900–1999, so isoDate checks the day of month in those.
  const utcYear = `CASE WHEN ${y} < 100 THEN ${y} + 1900 ELSE ${y} END`;
  const leap = `((${d.mod(utcYear, "4")} = 0 AND ${d.mod(utcYear, "100")} <> 0) OR ${d.mod(utcYear, "400")} = 0)`;
  const monthDays = `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${d.inList(m, ["4", "6", "9", "11"])} THEN 30 ELSE 31 END`;
  const valid = `${m} >= 1 AND ${m} <= 12 AND ${day} >= 1 AND ${day} <= ${monthDays}`;
  const a = st.define(
    "a",
    q.id,
    `CASE WHEN ${valid} THEN CAST(${daysFromCivilSql(y, m, day)} AS ${int}) END`,
  );
  const w = st.define(
    "w",
    q.id,
    `CASE WHEN ${st.ref(u)} THEN NULL WHEN ${valid} THEN NULL ELSE ${message(d, q, xr, "is not a date")} END`,
  );
  return { answer: { kind: "scalar", expr: a, constant: false }, warning: w };
}

/**
 * Items separated by , ; or |: the cell is read when it is a run of options (by value, label
 * or alias, trimmed) and empty items, as coerceAnswer reads it; an option's spelling may hold
 * a separator itself ("Opened, clicked or replied to our emails").
 */
function* multi(ctx: Context, q: CompiledQuestion, binding: CellBinding): Step {
  const { st, d } = ctx;
  const E = d.end;
  const def = q.def as Extract<CompiledQuestion["def"], { type: "multi" }>;
  const spellings = new Map<string, string[]>(def.options.map((o) => [o.value, []]));
  for (const [spelling, value] of q.optionLookup!) {
    if (spelling === "") continue;
    spellings.get(value)!.push(regexLiteral(spelling));
  }
  const any = [...spellings.values()].flat();
  const item = any.length === 0 ? "" : `((${any.join("|")})${WS}*)?`;
  const validPattern = `^${WS}*${item}([;,|]${WS}*${item})*${E}`;
  const x = cell(ctx, q, binding);
  yield;
  const l = st.define("l", q.id, `lower(${d.trim(st.ref(x))})`);
  const lowered = st.define("m", q.id, `lower(${st.ref(x)})`);
  yield;
  const [xr, mr] = [st.ref(x), st.ref(lowered)];
  const u = st.define("u", q.id, unknownSql(d, xr, st.ref(l)));
  const valid = st.define("mv", q.id, d.regexMatch(mr, validPattern));
  const found = new Map<string, string>();
  for (const [value, options] of spellings) {
    found.set(
      value,
      options.length === 0
        ? st.define("mo", `${q.id}_${value}`, "FALSE")
        : st.define(
            "mo",
            `${q.id}_${value}`,
            d.regexMatch(mr, `(^|[;,|])${WS}*(${options.join("|")})${WS}*([;,|]|${E})`),
          ),
    );
  }
  yield;
  // A cell that is one option spelled like an unknown word (`na`) is that option.
  const unknownSpellings = [...q.optionLookup!.keys()].filter(
    (spelling) => spelling !== "" && UNKNOWN_WORDS.includes(spelling),
  );
  const notUnknown =
    unknownSpellings.length === 0
      ? `NOT ${st.ref(u)}`
      : `(NOT ${st.ref(u)} OR ${d.inList(
          st.ref(l),
          unknownSpellings.map((w) => d.string(w)),
        )})`;
  const known = `${notUnknown} AND ${st.ref(valid)}`;
  const flag = st.define("a", q.id, `CASE WHEN ${known} THEN TRUE END`);
  const options = new Map<string, string>();
  for (const [value, alias] of found)
    options.set(
      value,
      st.define("o", `${q.id}_${value}`, `CASE WHEN ${known} THEN ${st.ref(alias)} END`),
    );
  // batch names the first item it cannot read: the cell itself when it is one item.
  const w = st.define(
    "w",
    q.id,
    `CASE WHEN ${st.ref(u)} OR ${st.ref(valid)} THEN NULL WHEN ${d.regexMatch(xr, "[;,|]")} THEN ${message(d, q, xr, "has an item that is not one of the options.")} ELSE ${message(d, q, d.trim(xr), "is not one of the options.")} END`,
  );
  return { answer: { kind: "multi", known: flag, options, constant: false }, warning: w };
}

const PIPELINES = { choice, boolean, text, number, date, multi } as const;

/** A typed NULL answer for a question no column feeds. */
function constantUnknown(d: Dialect, q: CompiledQuestion): Answer {
  if (q.def.type === "multi") {
    return {
      kind: "multi",
      known: `CAST(NULL AS ${d.type("bool")})`,
      options: new Map(q.def.options.map((o) => [o.value, `CAST(NULL AS ${d.type("bool")})`])),
      constant: true,
    };
  }
  const type =
    q.type === "number"
      ? "double"
      : q.type === "boolean"
        ? "bool"
        : q.type === "date"
          ? "int"
          : "text";
  return { kind: "scalar", expr: `CAST(NULL AS ${d.type(type)})`, constant: true };
}

/**
 * Adds the stages that read every bound cell; returns each question's answer (columns of the
 * last stage added, or typed NULLs) and the warning columns. Ends with a fresh stage.
 */
export function buildAnswers(
  st: Stages,
  d: Dialect,
  compiled: CompiledFramework,
  bindings: readonly CellBinding[],
): Answers {
  const ctx: Context = { st, d };
  const answers: Answer[] = compiled.questions.map((q) => constantUnknown(d, q));
  const warnings: Array<string | undefined> = [];
  const running = bindings.map((binding, i) => {
    const q = compiled.questions[binding.question]!;
    return { q, i, step: PIPELINES[q.type](ctx, q, binding) };
  });
  let active = running;
  while (active.length > 0) {
    const still: typeof running = [];
    for (const pipeline of active) {
      const next = pipeline.step.next();
      if (next.done) {
        answers[pipeline.q.index] = next.value.answer;
        warnings[pipeline.i] = next.value.warning;
      } else still.push(pipeline);
    }
    st.next();
    active = still;
  }
  return {
    answers,
    warnings: warnings.filter((w): w is string => w !== undefined),
  };
}
