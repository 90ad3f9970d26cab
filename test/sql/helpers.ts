/**
 * Shared by the SQL tests: leads as CSV cells (with unknowns and odd spellings), the engine's
 * result for the same cells read the batch way (RowAnswers), and a DuckDB table to run the
 * generated SQL on.
 */
import fc from "fast-check";
import type { CompiledFramework, CompiledQuestion } from "../../src/core/compile.js";
import { evaluate } from "../../src/core/engine.js";
import { CsvReader, type CsvRecord } from "../../src/io/csv/reader.js";
import { csvField } from "../../src/io/csv/writer.js";
import { RowAnswers } from "../../src/io/row-answers.js";
import type { Mapping } from "../../src/io/mapping.js";

/** What the comparison looks at, per row. */
export interface Scored {
  verdict: string;
  score: number;
  reasons: string[];
  gaps: string[];
  /** Question ids whose cell could not be read. */
  warned: string[];
  coverage: number;
}

/** A record holding `cells` as the CSV reader gives it for a line that quotes them as needed. */
export function recordOf(cells: readonly string[]): CsvRecord {
  let read: CsvRecord | undefined;
  // The byte loop reads a buffer of its own, so the record stays valid after the callback.
  const reader = new CsvReader(0x2c, (record) => (read = record), { simd: false });
  reader.push(Buffer.from(cells.map((cell) => csvField(cell, ",")).join(",")));
  reader.end();
  read!.line = 2;
  return read!;
}

/** The engine's result for a row of cells, read through batch's RowAnswers. */
export function engineScores(
  compiled: CompiledFramework,
  mapping: Mapping,
  rows: readonly (readonly string[])[],
): Scored[] {
  const answers = new RowAnswers(compiled, mapping);
  return rows.map((cells) => {
    const warnings = answers.read(recordOf(cells));
    const result = evaluate(compiled, answers.values);
    return {
      verdict: result.verdict,
      score: result.score,
      reasons: result.reasons,
      gaps: result.gaps.map((g) => g.question),
      warned: warnings.map((w) => w.slice(0, w.indexOf(":"))),
      coverage: result.coverage,
    };
  });
}

const SPACES = ["", " ", "  ", "\t", "\u00a0", " \u3000"];
const UNKNOWNS = [
  "",
  " ",
  "unknown",
  "Unknown",
  "N/A",
  " na ",
  "NULL",
  "?",
  "-",
  "TBD",
  "Don't know",
  "  tbd\t",
];

const pad = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.constantFrom(...SPACES), text, fc.constantFrom(...SPACES))
    .map(([a, t, b]) => a + t + b);

/** Random upper and lower case of ASCII letters. */
const recase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((flips) =>
      [...text].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join(""),
    );

function spellings(question: CompiledQuestion): string[] {
  const def = question.def;
  if (def.type !== "choice" && def.type !== "multi") return [];
  return def.options.flatMap((o) => [o.value, o.label, ...(o.aliases ?? [])]);
}

const numberCells = (question: CompiledQuestion): fc.Arbitrary<string> => {
  const def = question.def as Extract<CompiledQuestion["def"], { type: "number" }>;
  const edges = def.bands
    .flatMap((b) => [b.min, b.max])
    .filter((n): n is number => n !== undefined);
  const plain = fc.oneof(
    fc.constantFrom(0, ...edges, ...edges.map((e) => e - 1), ...edges.map((e) => e - 0.5)),
    fc.integer({ min: -5, max: 2_000_000_000 }),
    fc.double({ min: -10, max: 1e7, noNaN: true, noDefaultInfinity: true }),
  );
  const formatted = plain.chain((n) =>
    fc.constantFrom(
      String(n),
      n.toLocaleString("en-US"),
      `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
      `${n}%`,
      `(${n.toLocaleString("en-US")})`,
      `USD ${n}`,
      `${n} eur`,
      `€${n}`,
      `+${n}`,
      `${n / 1000}k`,
      `${n / 1e6}M`,
      `${n / 1e6} mm`,
      `${n / 1e9}bn`,
      `${n / 1e9} B`,
      n.toLocaleString("en-US").replaceAll(",", " "),
      n.toLocaleString("en-US").replaceAll(",", "_"),
      n.toExponential(),
      `${n}.`,
    ),
  );
  const odd = fc.constantFrom(
    "1.2M",
    "$22,700.00",
    "1,200",
    "12%",
    "-$1,200",
    "$-5",
    "1,2,3",
    "abc",
    "5 k",
    "5kk",
    "1e400",
    "1e-400",
    ".5",
    "5.",
    "()",
    "(-7)",
    "- 3",
    "$ 1,200.50 USD",
    "1 000 000",
    "12,34",
    "0x1F",
    "1.2.3",
    "Infinity",
    "NaN",
    "--5",
    "5%%",
    "£ 3.5m",
    "¥1200",
  );
  return fc.oneof(
    { weight: 4, arbitrary: pad(formatted) },
    { weight: 2, arbitrary: pad(odd) },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWNS) },
  );
};

const dateCells = (today: string): fc.Arbitrary<string> => {
  const base = Date.parse(`${today}T00:00:00Z`);
  const day = fc
    .oneof(
      fc.constantFrom(0, 29, 30, 31, -29, -30, -31, 89, 90, 91, -89, -90, -91),
      fc.integer({ min: -3000, max: 3000 }),
    )
    .map((offset) => new Date(base + offset * 86_400_000));
  const months = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ];
  const formatted = day.chain((date) => {
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    const iso = date.toISOString().slice(0, 10);
    const mm = String(m).padStart(2, "0");
    const dd = String(d).padStart(2, "0");
    return fc.constantFrom(
      iso,
      `${iso}T10:30:00Z`,
      `${iso} 10:30`,
      `${iso} 9:05:00 pm +0200`,
      `${mm}/${dd}/${String(y).slice(2)}`,
      `${m}/${d}/${y}`,
      `${d} ${months[m - 1]}, ${y} 00:03:00`,
      `${d}-${months[m - 1]!.toUpperCase()}-${y}`,
      `${months[m - 1]} ${d}, ${y}`,
      `${months[m - 1]}uary ${d} ${y}`,
    );
  });
  const odd = fc.constantFrom(
    "2026-02-30",
    "2024-02-29",
    "2023-02-29",
    "0024-02-29",
    "1900-02-29",
    "13/01/2026",
    "02/24/26",
    "1/1/70",
    "12/31/69",
    "2026-1-5",
    "2026/01/05",
    "15 Foo, 2021",
    "Apr 31, 2021",
    "tomorrow",
    "2026-01-05T25:00",
  );
  return fc.oneof(
    { weight: 4, arbitrary: pad(formatted) },
    { weight: 1, arbitrary: pad(odd) },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWNS) },
  );
};

const WORDS = ["we", "lose", "two", "days", "every", "month", "invoices", "by", "hand", "é"];

/** Cells for one question: valid spellings in odd cases and spacing, unknowns, and junk. */
export function cellArbitrary(question: CompiledQuestion, today: string): fc.Arbitrary<string> {
  const def = question.def;
  const junk = fc.oneof(
    fc.constantFrom("maybe", "yes please", "n / a", "0.5", "×", "unknown unknown"),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: "grapheme", maxLength: 4 }),
  );
  const unknown = fc.constantFrom(...UNKNOWNS);
  switch (def.type) {
    case "choice": {
      const spelled = fc.constantFrom(...spellings(question)).chain(recase);
      return fc.oneof(
        { weight: 6, arbitrary: pad(spelled) },
        { weight: 2, arbitrary: unknown },
        { weight: 1, arbitrary: junk },
      );
    }
    case "multi": {
      const spelled = fc.constantFrom(...spellings(question)).chain(recase);
      const items = fc.array(
        fc.oneof(
          { weight: 8, arbitrary: pad(spelled) },
          { weight: 1, arbitrary: fc.constantFrom("", " ", "junk") },
        ),
        { maxLength: 4 },
      );
      const separators = fc.array(fc.constantFrom(",", ";", "|", " , ", "; "), {
        minLength: 4,
        maxLength: 4,
      });
      const joined = fc
        .tuple(items, separators)
        .map(([parts, seps]) => parts.map((p, i) => (i === 0 ? p : seps[i - 1] + p)).join(""));
      return fc.oneof(
        { weight: 6, arbitrary: joined },
        { weight: 2, arbitrary: unknown },
        { weight: 1, arbitrary: junk },
      );
    }
    case "boolean": {
      const words = ["true", "false", "yes", "no", "y", "n", "1", "0", "t", "f", "x", "✓"];
      return fc.oneof(
        { weight: 6, arbitrary: pad(fc.constantFrom(...words).chain(recase)) },
        { weight: 2, arbitrary: unknown },
        { weight: 1, arbitrary: fc.oneof(junk, fc.constantFrom("2", "yess", "on", "off")) },
      );
    }
    case "number":
      return fc.oneof(
        { weight: 8, arbitrary: numberCells(question) },
        { weight: 1, arbitrary: junk },
      );
    case "date":
      return fc.oneof({ weight: 8, arbitrary: dateCells(today) }, { weight: 1, arbitrary: junk });
    case "text": {
      const separators = fc.constantFrom(" ", "  ", "\t", "\n", "\u00a0", " \u2003 ");
      const sentence = fc
        .array(fc.tuple(fc.constantFrom(...WORDS), separators), { minLength: 1, maxLength: 14 })
        .map((parts) => parts.map(([w, s]) => w + s).join(""));
      return fc.oneof(
        { weight: 6, arbitrary: pad(sentence) },
        { weight: 2, arbitrary: unknown },
        {
          weight: 1,
          arbitrary: fc.oneof(
            junk,
            fc.constantFrom(" ".repeat(30), `${" ".repeat(20)}n/a${" ".repeat(5)}`),
          ),
        },
      );
    }
  }
}

/** A header for a framework's questions: an id column, then each question's first alias (or id). */
export function headerFor(compiled: CompiledFramework): string[] {
  return ["Lead Id", ...compiled.questions.map((q) => q.def.columns?.[0] ?? q.id)];
}

/** Generated rows for `headerFor(compiled)`: the id cell, then one cell per question. */
export function rowsArbitrary(
  compiled: CompiledFramework,
  options: { minLength?: number; maxLength: number },
): fc.Arbitrary<string[][]> {
  const row = fc.tuple(...compiled.questions.map((q) => cellArbitrary(q, compiled.today)));
  return fc
    .array(row, { minLength: options.minLength ?? 1, maxLength: options.maxLength })
    .map((rows) => rows.map((cells, i) => [String(i + 1), ...cells]));
}

/** The first row where SQL and engine differ, with the cells, for a readable failure. */
export function firstDifference(
  rows: readonly (readonly string[])[],
  headers: readonly string[],
  sql: Scored[],
  engine: Scored[],
): string | undefined {
  if (sql.length !== engine.length)
    return `${sql.length} rows from SQL, ${engine.length} from the engine`;
  for (let i = 0; i < rows.length; i++) {
    if (JSON.stringify(sql[i]) !== JSON.stringify(engine[i])) {
      const cells = Object.fromEntries(headers.map((h, j) => [h, rows[i]![j]]));
      return `row ${i + 1}: ${JSON.stringify(cells)}\n  sql:    ${JSON.stringify(sql[i])}\n  engine: ${JSON.stringify(engine[i])}`;
    }
  }
  return undefined;
}

/**
 * Runs `compare` on a few generated batches of rows; fails with the first row that differs
 * (fast-check's own report would print the whole batch).
 */
export async function checkBatches(
  rows: fc.Arbitrary<string[][]>,
  compare: (rows: string[][]) => Promise<string | undefined>,
  numRuns = 4,
): Promise<void> {
  let difference: string | undefined;
  const result = await fc.check(
    fc.asyncProperty(rows, async (batch) => {
      difference = await compare(batch);
      return difference === undefined;
    }),
    { numRuns, seed: 20260115, endOnFailure: true },
  );
  if (result.failed) throw new Error(difference ?? String(result.errorInstance));
}
