#!/usr/bin/env node
/**
 * `npm run bench`: speed and memory, printed as ratios against baselines timed in the same
 * run (this machine is shared and noisy, so absolute times alone mean little).
 *
 * - batch: `qualify batch` on a generated 1,000,000-row, ~150 MB CRLF export (BOM, quoted
 *   commas, doubled quotes, multi-byte UTF-8, ~2% quoted newlines) against python3's csv
 *   module reading and writing the same file (row + 3 columns). Peak RSS of each.
 * - start-up: `qualify score` against `node -e 0`.
 *
 * Options: --rows N (default 1000000), --rounds N (default 3), --keep (keep outputs).
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
const ROUNDS = flag("--rounds", 3);
const GENERATOR_VERSION = 4;
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
  "Description",
];

const quote = (text) => `"${text.replaceAll('"', '""')}"`;

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
    const revenue = (next() * 5e6).toFixed(2);
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
        quote(`$${Number(revenue).toLocaleString("en-US", { minimumFractionDigits: 2 })}`),
        String(1 + Math.floor(next() * 20000)),
        pick(SOURCES),
        pick(STATUSES),
        pick(BUDGET),
        pick(AUTHORITY),
        pick(NEED),
        pick(TIMELINE),
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

function main() {
  const file = join(DIR, `qualify-bench-v${GENERATOR_VERSION}-${ROWS}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${ROWS.toLocaleString("en-US")} rows → ${file}\n`);
    generate(file, ROWS);
  }
  const size = statSync(file).size;
  console.log(
    `input: ${ROWS.toLocaleString("en-US")} rows, ${fmt(size / 1e6, 0)} MB (CRLF, BOM, ~2% quoted newlines)`,
  );
  const out = join(DIR, `qualify-bench-out-${process.pid}.csv`);
  const pyOut = join(DIR, `qualify-bench-py-${process.pid}.csv`);

  const batch = [];
  const python = [];
  const backtest = [];
  const sqlRun = [];
  for (let round = 1; round <= ROUNDS; round++) {
    python.push(timed("python3", ["-c", PYTHON, file, pyOut], rssLine));
    batch.push(
      timed(
        process.execPath,
        ["--import", RSS_HOOK, BIN, "batch", file, "-f", "bant", "-o", out, "--quiet"],
        rssLine,
      ),
    );
    backtest.push(
      timed(
        process.execPath,
        [
          "--import",
          RSS_HOOK,
          BIN,
          "backtest",
          file,
          "-f",
          "bant",
          "--outcome",
          "Status",
          "--positive",
          "Converted",
          "--quiet",
        ],
        rssLine,
      ),
    );
    sqlRun.push(
      timed(
        process.execPath,
        ["--import", RSS_HOOK, BIN, "sql", "-f", "bant", "--run", file, "-o", out, "--quiet"],
        rssLine,
      ),
    );
    const ratio = python[round - 1].seconds / batch[round - 1].seconds;
    process.stderr.write(
      `round ${round}: batch ${fmt(batch[round - 1].seconds)} s, python ${fmt(python[round - 1].seconds)} s, ${fmt(ratio)}×\n`,
    );
  }
  const ratios = batch.map((b, i) => python[i].seconds / b.seconds);
  const batchS = median(batch.map((b) => b.seconds));
  const pythonS = median(python.map((p) => p.seconds));
  console.log("");
  console.log("batch (bant, CSV out)");
  console.log(
    `  qualify batch   ${fmt(batchS)} s  ${Math.round(ROWS / batchS).toLocaleString("en-US")} rows/s  peak RSS ${fmt(Math.max(...batch.map((b) => b.rssMb)), 0)} MB`,
  );
  console.log(
    `  python3 csv     ${fmt(pythonS)} s  ${Math.round(ROWS / pythonS).toLocaleString("en-US")} rows/s  peak RSS ${fmt(Math.max(...python.map((p) => p.rssMb)), 0)} MB`,
  );
  console.log(
    `  ratio           ${fmt(median(ratios))}× faster than python (median of ${ROUNDS} paired rounds; bar ≥ 5×, aim 7×)`,
  );

  const backtestS = median(backtest.map((b) => b.seconds));
  console.log("");
  console.log("backtest (bant; outcome Status: Converted vs Lost, Open and Working left out)");
  console.log(
    `  qualify backtest ${fmt(backtestS)} s  ${Math.round(ROWS / backtestS).toLocaleString("en-US")} rows/s  peak RSS ${fmt(Math.max(...backtest.map((b) => b.rssMb)), 0)} MB`,
  );
  console.log(
    `  ratio            ${fmt(median(backtest.map((b, i) => b.seconds / batch[i].seconds)))}× batch's time (median of ${ROUNDS} paired rounds; bar ≤ 2×)`,
  );

  const sqlS = median(sqlRun.map((s) => s.seconds));
  console.log("");
  console.log("sql --run (bant on embedded DuckDB, CSV out)");
  console.log(
    `  qualify sql --run ${fmt(sqlS)} s  ${Math.round(ROWS / sqlS).toLocaleString("en-US")} rows/s  peak RSS ${fmt(Math.max(...sqlRun.map((s) => s.rssMb)), 0)} MB`,
  );
  console.log(
    `  ratio             ${fmt(median(sqlRun.map((s, i) => s.seconds / batch[i].seconds)))}× batch's time (median of ${ROUNDS} paired rounds)`,
  );

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

main();
