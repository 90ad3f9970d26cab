#!/usr/bin/env node
/**
 * `npm run bench`: speed and memory, printed as ratios against baselines timed in the same
 * run (this machine is shared and noisy, so absolute times alone mean little).
 *
 * - batch: `qualify batch` with every built-in framework that fits the file (each of its
 *   criteria has a column), on a generated 1,000,000-row CRLF export (BOM, quoted commas,
 *   doubled quotes, multi-byte UTF-8, ~2% quoted newlines; amounts such as `"$22,700.00"` and
 *   `1.2M`, head counts and activity dates in three formats, all unique per row so that no memo
 *   hides the cost of reading them), against python3's csv module reading and writing the same
 *   file (row + 3 columns). Rows/s, peak RSS, and the ratio paired within each round.
 * - sql --run: the same frameworks on embedded DuckDB, against batch's time.
 * - backtest (bant) against batch; calibrate (--dry-run: both passes, the fit and the
 *   bootstrap, nothing written) against batch with the same framework; start-up: `qualify
 *   score` against `node -e 0`.
 *
 * Options: --rows N (default 1000000), --rounds N (default 5), --frameworks a,b (only these),
 * --keep (keep outputs).
 * The generated file is cached in the system temp directory.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/qualify.js");
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = flag("--rows", 1_000_000);
const ROUNDS = flag("--rounds", 5);
const GENERATOR_VERSION = 5;
/** tmpfs when there is one: the benchmark measures the tools, not this machine's disk. */
const DIR = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

/** A small deterministic PRNG (mulberry32), so every run scores the same file. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  "Ana",
  "Bertha",
  "Chen",
  "Dmitri",
  "Émile",
  "Fatma",
  "Günther",
  "Hiroshi",
  "Ines",
  "José",
  "Kemal",
  "Lars",
  "María",
  "Nadia",
  "Óscar",
  "Priya",
];
const LAST = [
  "Boxer",
  "Cotton",
  "Glimpse",
  "Braund",
  "Yılmaz",
  "Müller",
  "O'Brien",
  "Nguyễn",
  "Santos",
  "Kowalski",
  "Tanaka",
  "Dubois",
];
const TITLES = [
  "CEO",
  "CFO",
  "VP, Sales",
  "Director",
  "SVP, Ops",
  "Manager",
  "Analyst",
  "Head of IT",
];
const COMPANIES = [
  "Farmers Coop.",
  "Abbott",
  "Jackson",
  "MetroHealth",
  "Acme, Inc.",
  "Globex",
  "Initech",
  "Umbrella",
];
const CITIES = ["Austin", "São Paulo", "İstanbul", "München", "東京", "Kraków", "Québec", "Zürich"];
const INDUSTRIES = [
  "Agriculture",
  "Banking",
  "Technology",
  "Healthcare",
  "Manufacturing",
  "Retail",
  "Education",
  "Energy",
];
const SOURCES = ["Web", "Phone", "Partner", "List", "Trade Show", "Other"];
const STATUSES = ["Open", "Working", "Converted", "Lost"];
const BUDGET = ["Yes", "Planned", "No Budget", "Can Fund", ""];
const AUTHORITY = ["Decision Maker", "Influencer", "End User", "Approver", ""];
const NEED = ["Critical", "Clear", "Nice to Have", "No Need", ""];
const TIMELINE = ["ASAP", "This Year", "Next Year", "No Timeline", ""];
/** MEDDIC's status scale, as its choice questions take it. */
const STAGES = ["none", "identified", "validated", "leveraged", ""];
const YES_NO = ["Yes", "No", "", "TRUE", "false"];
const HEADER = [
  "Id",
  "FirstName",
  "LastName",
  "Title",
  "Company",
  "Email",
  "Phone",
  "Street",
  "City",
  "Country",
  "Industry",
  "AnnualRevenue",
  "NumberOfEmployees",
  "LeadSource",
  "Status",
  "Budget",
  "Authority",
  "Need",
  "Timeline",
  "Metrics",
  "Economic Buyer",
  "Decision Criteria",
  "Decision Process",
  "Identify Pain",
  "Champion",
  "Demo Requested",
  "Number of Sessions",
  "Page Views",
  "Email Opens",
  "Email Clicks",
  "HasOptedOutOfEmail",
  "LastActivityDate",
  "Description",
];

const quote = (text) => `"${text.replaceAll('"', '""')}"`;
const MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
const two = (n) => String(n).padStart(2, "0");

/**
 * Amounts and head counts unique per row, so no memo can hide the cost of reading them:
 * `"$22,700.00"`, `1.234567M` and plain `1234567.89` in turn; counts as `1234` or `"12,345"`.
 * (`i * prime mod a larger prime` is a permutation, so counts never repeat below 1,000,003.)
 */
function revenueCell(i) {
  const cents = 100_000_00 + ((i * 7_919) % 1_000_003) * 1_337;
  switch (i % 3) {
    case 0:
      return quote(
        `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
      );
    case 1:
      return `${(cents / 1e8).toFixed(6)}M`;
    default:
      return (cents / 100).toFixed(2);
  }
}

function employeesCell(i) {
  const count = 1 + ((i * 104_729) % 1_000_003);
  return i % 4 === 0 ? quote(count.toLocaleString("en-US")) : String(count);
}

/** A timestamp unique per row, about a year around 2026, in ISO, US and Zoho formats in turn. */
function activityCell(i) {
  const at = new Date(Date.UTC(2025, 9, 1) + i * 37_000);
  const [y, mo, d, h, mi, s] = [
    at.getUTCFullYear(),
    at.getUTCMonth(),
    at.getUTCDate(),
    at.getUTCHours(),
    at.getUTCMinutes(),
    at.getUTCSeconds(),
  ];
  switch (i % 3) {
    case 0:
      return `${y}-${two(mo + 1)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`;
    case 1:
      return `${two(mo + 1)}/${two(d)}/${y} ${h % 12 || 12}:${two(mi)} ${h < 12 ? "AM" : "PM"}`;
    default:
      return quote(`${two(d)} ${MONTH_NAMES[mo]}, ${y} ${two(h)}:${two(mi)}:${two(s)}`);
  }
}

function generate(path, rows) {
  const next = random(20261124);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  let block = "\uFEFF" + HEADER.join(",") + "\r\n";
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const street =
      next() < 0.02
        ? quote(`${100 + (i % 900)} Main St\r\nSuite ${i % 50}`)
        : `${100 + (i % 900)} Main`;
    const description =
      next() < 0.1 ? quote(`Said "call in Q${1 + (i % 4)}", met at ${pick(CITIES)}`) : "";
    block +=
      [
        `00Q${i.toString(36).padStart(8, "0")}`,
        first,
        quote(last),
        quote(pick(TITLES)),
        quote(pick(COMPANIES)),
        `l${i}@acme.io`,
        `555-${String(i % 10000).padStart(4, "0")}`,
        street,
        pick(CITIES),
        "US",
        pick(INDUSTRIES),
        revenueCell(i),
        employeesCell(i),
        pick(SOURCES),
        pick(STATUSES),
        pick(BUDGET),
        pick(AUTHORITY),
        pick(NEED),
        pick(TIMELINE),
        pick(STAGES),
        pick(STAGES),
        pick(STAGES),
        pick(STAGES),
        pick(STAGES),
        pick(STAGES),
        pick(YES_NO),
        String(Math.floor(next() * 40)),
        String(Math.floor(next() * 200)),
        String(Math.floor(next() * 30)),
        String(Math.floor(next() * 12)),
        pick(YES_NO),
        activityCell(i),
        description,
      ].join(",") + "\r\n";
    if (block.length > 1 << 20) {
      writeSync(fd, block);
      block = "";
    }
  }
  writeSync(fd, block);
  closeSync(fd);
  renameSync(temp, path);
}

const PYTHON = `
import csv, sys, resource
src, dst = sys.argv[1], sys.argv[2]
with open(src, newline="", encoding="utf-8-sig") as f, open(dst, "w", newline="", encoding="utf-8") as out:
    reader = csv.reader(f)
    writer = csv.writer(out)
    header = next(reader)
    writer.writerow(header + ["verdict", "score", "reasons"])
    b, a, n, t = (header.index(c) for c in ("Budget", "Authority", "Need", "Timeline"))
    for row in reader:
        met = (row[b] in ("Yes", "Can Fund")) + (row[a] in ("Decision Maker", "Approver")) + (row[n] in ("Critical", "Clear")) + (row[t] in ("ASAP", "This Year"))
        writer.writerow(row + ["qualified" if met >= 3 else "nurture", str(met * 25), "%d of 4 criteria met" % met])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
`;

/** Runs a command, returning wall seconds and peak RSS in MB (reported by the child itself). */
function timed(command, commandArgs, rssFrom) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`${command} ${commandArgs.join(" ")} exited ${result.status}`);
  }
  return { seconds, rssMb: rssFrom(result.stderr) };
}

const rssLine = (stderr) => Number(/(\d+)\s*$/.exec(stderr.trim())?.[1] ?? NaN) / 1024;
const RSS_HOOK =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('\\n'+process.resourceUsage().maxRSS+'\\n'))";
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 2) => n.toFixed(digits);

/**
 * The built-in frameworks this file can score: every criterion has at least one question
 * with a column in the header (mapped as batch maps them).
 */
async function fittingFrameworks(headers) {
  const { listFrameworkFiles, loadFrameworkFile } = await import(
    join(ROOT, "dist/io/frameworks.js")
  );
  const { mapColumns } = await import(join(ROOT, "dist/io/mapping.js"));
  const ctx = { cwd: DIR, env: {} };
  const fitting = [];
  for (const entry of await listFrameworkFiles(ctx)) {
    if (entry.origin !== "built-in") continue;
    const { compiled } = await loadFrameworkFile(entry.path, ctx);
    const mapped = new Set(mapColumns(compiled, headers).bindings.map((b) => b.question));
    if (compiled.criteria.every((c) => c.questions.some((q) => mapped.has(q))))
      fitting.push({ id: entry.id, mapped: mapped.size, questions: compiled.questions.length });
  }
  return fitting;
}

const rowsPerSecond = (seconds) => Math.round(ROWS / seconds).toLocaleString("en-US");
const peak = (runs) => fmt(Math.max(...runs.map((r) => r.rssMb)), 0);
const qualify = (commandArgs) =>
  timed(process.execPath, ["--import", RSS_HOOK, BIN, ...commandArgs], rssLine);

async function main() {
  const file = join(DIR, `qualify-bench-v${GENERATOR_VERSION}-${ROWS}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${ROWS.toLocaleString("en-US")} rows → ${file}\n`);
    generate(file, ROWS);
  }
  const size = statSync(file).size;
  console.log(
    `input: ${ROWS.toLocaleString("en-US")} rows, ${HEADER.length} columns, ${fmt(size / 1e6, 0)} MB (CRLF, BOM, ~2% quoted newlines; amounts, head counts and dates unique per row)`,
  );
  const only = args.includes("--frameworks")
    ? args[args.indexOf("--frameworks") + 1].split(",")
    : undefined;
  const frameworks = (await fittingFrameworks(HEADER)).filter(
    (f) => only === undefined || only.includes(f.id),
  );
  console.log(
    `frameworks that fit the file: ${frameworks.map((f) => `${f.id} (${f.mapped} of ${f.questions} questions)`).join(", ")}`,
  );
  const out = join(DIR, `qualify-bench-out-${process.pid}.csv`);
  const pyOut = join(DIR, `qualify-bench-py-${process.pid}.csv`);

  const python = [];
  const batch = new Map(frameworks.map((f) => [f.id, []]));
  const sqlRun = new Map(frameworks.map((f) => [f.id, []]));
  const backtest = [];
  const calibrateIds = frameworks
    .map((f) => f.id)
    .filter((id) => id === "bant" || id === "lead-score");
  const calibrateRuns = new Map(calibrateIds.map((id) => [id, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    python.push(timed("python3", ["-c", PYTHON, file, pyOut], rssLine));
    const line = [`round ${round}: python ${fmt(python[round - 1].seconds)} s`];
    for (const { id } of frameworks) {
      const run = qualify(["batch", file, "-f", id, "-o", out, "--quiet"]);
      batch.get(id).push(run);
      sqlRun.get(id).push(qualify(["sql", "-f", id, "--run", file, "-o", out, "--quiet"]));
      line.push(`${id} ${fmt(run.seconds)} s (${fmt(python[round - 1].seconds / run.seconds)}×)`);
    }
    backtest.push(
      qualify([
        "backtest",
        file,
        "-f",
        "bant",
        "--outcome",
        "Status",
        "--positive",
        "Converted",
        "--quiet",
      ]),
    );
    for (const id of calibrateIds)
      calibrateRuns
        .get(id)
        .push(
          qualify([
            "calibrate",
            file,
            "-f",
            id,
            "--outcome",
            "Status",
            "--positive",
            "Converted",
            "--dry-run",
            "--quiet",
          ]),
        );
    process.stderr.write(`${line.join(", ")}\n`);
  }
  const pythonS = median(python.map((p) => p.seconds));
  const paired = (runs, against, f) => fmt(median(runs.map((r, i) => f(r, against[i]))));
  console.log("");
  console.log(
    `batch, CSV out (median of ${ROUNDS} rounds; ratio paired within each round; bar ≥ 7×)`,
  );
  console.log(
    `  python3 csv        ${fmt(pythonS)} s  ${rowsPerSecond(pythonS).padStart(9)} rows/s  peak RSS ${peak(python)} MB`,
  );
  for (const { id } of frameworks) {
    const runs = batch.get(id);
    const s = median(runs.map((r) => r.seconds));
    console.log(
      `  ${id.padEnd(18)} ${fmt(s)} s  ${rowsPerSecond(s).padStart(9)} rows/s  peak RSS ${peak(runs)} MB  ${paired(runs, python, (r, p) => p.seconds / r.seconds)}× python`,
    );
  }

  console.log("");
  console.log(`sql --run on embedded DuckDB, CSV out (ratio to batch's time, paired)`);
  for (const { id } of frameworks) {
    const runs = sqlRun.get(id);
    const s = median(runs.map((r) => r.seconds));
    console.log(
      `  ${id.padEnd(18)} ${fmt(s)} s  ${rowsPerSecond(s).padStart(9)} rows/s  peak RSS ${peak(runs)} MB  ${paired(runs, batch.get(id), (r, b) => r.seconds / b.seconds)}× batch`,
    );
  }

  const backtestS = median(backtest.map((b) => b.seconds));
  const bantBatch = batch.get("bant");
  console.log("");
  console.log("backtest (bant; outcome Status: Converted vs Lost, Open and Working left out)");
  console.log(
    `  qualify backtest   ${fmt(backtestS)} s  ${rowsPerSecond(backtestS).padStart(9)} rows/s  peak RSS ${peak(backtest)} MB` +
      (bantBatch
        ? `  ${paired(backtest, bantBatch, (r, b) => r.seconds / b.seconds)}× batch's time (bar ≤ 2×)`
        : ""),
  );

  if (calibrateIds.length > 0) {
    console.log("");
    console.log(
      "calibrate (outcome Status: Converted vs Lost; two reads, fit, bootstrap; --dry-run)",
    );
    for (const id of calibrateIds) {
      const runs = calibrateRuns.get(id);
      const s = median(runs.map((r) => r.seconds));
      console.log(
        `  ${id.padEnd(18)} ${fmt(s)} s  ${rowsPerSecond(s).padStart(9)} rows/s  peak RSS ${peak(runs)} MB  ${paired(runs, batch.get(id), (r, b) => r.seconds / b.seconds)}× batch's time (bar ≤ 3×)`,
      );
    }
  }

  const startup = [];
  const baseline = [];
  for (let i = 0; i < 15; i++) {
    baseline.push(timed(process.execPath, ["-e", "0"], () => 0).seconds);
    startup.push(
      timed(
        process.execPath,
        [BIN, "score", "-f", "bant", "-a", join(ROOT, "examples/bant-acme.yaml")],
        () => 0,
      ).seconds,
    );
  }
  const nodeMs = Math.min(...baseline) * 1000;
  const scoreMs = Math.min(...startup) * 1000;
  console.log("");
  console.log("start-up (best of 15)");
  console.log(`  qualify score   ${fmt(scoreMs, 0)} ms`);
  console.log(`  node -e 0       ${fmt(nodeMs, 0)} ms`);
  console.log(`  ratio           ${fmt(scoreMs / nodeMs)}× node's own start (bar ≤ 2×)`);

  if (!args.includes("--keep")) {
    rmSync(out, { force: true });
    rmSync(pyOut, { force: true });
  }
}

await main();
