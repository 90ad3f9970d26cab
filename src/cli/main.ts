/**
 * The commander program. Options are declared here (cheap); each command's code is
 * imported only when that command runs, so `qualify score` does not pay for the interview
 * or the CSV stack. main() never exits: it returns the exit code.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { EXIT, UsageError } from "../core/errors.js";
import type { Io } from "./io.js";
import { reportError } from "./errors.js";
import { colorsFor } from "../ui/color.js";

export interface GlobalOptions {
  debug?: boolean;
  color?: boolean;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

const examples = (lines: string[]): string =>
  `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

export function buildProgram(io: Io, run: (task: () => Promise<number>) => Promise<void>): Command {
  const program = new Command("qualify")
    .description(
      "Sales qualification from the command line: score leads with BANT, MEDDIC and other frameworks and get a verdict — qualified, nurture or disqualified — with reasons and what to ask next.",
    )
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--debug", "show stack traces of unexpected errors")
    .option("--no-color", "never colour the output")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's own errors are reported by reportError like every other error.
      outputError: () => {},
    })
    .addHelpText(
      "after",
      examples([
        "qualify score --framework bant --answers examples/bant-acme.yaml",
        'qualify interview --framework meddic --lead "Acme Corp"',
        "qualify batch leads.csv --framework bant -o scored.csv",
        "qualify backtest history.csv --framework bant --outcome Converted",
        "qualify calibrate history.csv --framework bant --outcome Converted",
        "qualify sql --framework bant --dialect bigquery --table crm.leads",
        "qualify frameworks list",
        "qualify init --from bant",
      ]) +
        "\nExit codes: 0 done · 2 usage or input error · 3 a requested check failed (--fail-on) · 1 unexpected · 130 interrupted\n",
    );

  const globals = (command: Command): GlobalOptions => command.optsWithGlobals<GlobalOptions>();

  program
    .command("score")
    .description("score one lead (or a list of leads) from an answers file")
    .option(
      "-f, --framework <id|path>",
      "framework id (bant, meddic, …) or path to a framework file",
    )
    .requiredOption("-a, --answers <file|->", "answers file (YAML or JSON), or - for stdin")
    .option("--json", "print the full result as JSON")
    .addOption(
      new Option("--fail-on <verdict>", "exit 3 when the verdict is this or worse").choices([
        "nurture",
        "disqualified",
      ]),
    )
    .option("--today <date>", "scoring date for date questions (default: today)")
    .addHelpText(
      "after",
      examples([
        "qualify score --framework bant --answers examples/bant-acme.yaml",
        "cat lead.json | qualify score --framework bant --answers - --json",
        "qualify score -f meddic -a deal.yaml --fail-on nurture && echo qualified",
      ]),
    )
    .action(async (options, command: Command) => {
      await run(async () =>
        (await import("./commands/score.js")).runScore(options, globals(command), io),
      );
    });

  program
    .command("batch")
    .description(
      "score every row of a CSV export (Salesforce, HubSpot, Zoho, Pipedrive, spreadsheets)",
    )
    .argument("<file|->", "CSV file, or - for stdin")
    .requiredOption(
      "-f, --framework <id|path>",
      "framework id (bant, meddic, …) or path to a framework file",
    )
    .option("-m, --map <file>", "YAML map: question id → column name, or {column, values}")
    .option("-o, --output <file>", "write here (atomically) instead of stdout")
    .option(
      "--format <format>",
      "csv (input columns + qualify_ columns) or jsonl (a repeated or empty column name gets a key of its own: Notes_2, column_5)",
      "csv",
    )
    .option("--only <verdicts>", "write only these verdicts, e.g. qualified,nurture")
    .option("--strict", "exit 3 when any value could not be read")
    .option("--delimiter <char>", "',' ';' '|' or tab (default: detected from the header)")
    .option("--explain-mapping", "print which column feeds which question, then stop")
    .option("--verbose", "print the column mapping before scoring")
    .option("-q, --quiet", "no summary on stderr")
    .option("--today <date>", "scoring date for date questions (default: today)")
    .option("--threads <n>", "threads that score rows (default 1); more use more memory")
    .addHelpText(
      "after",
      examples([
        "qualify batch leads.csv --framework bant -o scored.csv",
        "qualify batch Lead.csv -f lead-score --explain-mapping",
        "qualify batch export.csv -f bant --map map.yaml --only qualified --format jsonl",
        "cat leads.csv | qualify batch - -f bant | head",
      ]),
    )
    .action(async (file: string, options, command: Command) => {
      await run(async () =>
        (await import("./commands/batch.js")).runBatch(file, options, globals(command), io),
      );
    });

  program
    .command("sql")
    .description(
      "compile a framework to one SQL query (DuckDB, Postgres, BigQuery, Snowflake, Spark) that scores every row of a table, or run it on a CSV or Parquet file with DuckDB",
    )
    .requiredOption(
      "-f, --framework <id|path>",
      "framework id (bant, meddic, …) or path to a framework file",
    )
    .option("-d, --dialect <dialect>", "duckdb, postgres, bigquery, snowflake or spark")
    .option("-t, --table <name>", "the table to score (dotted: project.dataset.leads)", "leads")
    .option("-m, --map <file>", "YAML map: question id → column name, or {column, values}")
    .option(
      "--columns <names>",
      "the table's columns, comma-separated: mapped as batch maps a header",
    )
    .option(
      "--columns-from <file>",
      "read the table's columns from this CSV's header (an export of the table)",
    )
    .option("--view <name>", "print CREATE OR REPLACE VIEW <name> AS … instead of a query")
    .option("--today <date>", "scoring date for date questions (default: the date the query runs)")
    .option(
      "--run <file>",
      "run the query on a CSV or Parquet file with DuckDB; writes what batch writes",
    )
    .option("--delimiter <char>", "with --run: ',' ';' '|' or tab (default: detected)")
    .option("-o, --output <file>", "write here (atomically) instead of stdout")
    .option("-q, --quiet", "with --run: no summary on stderr")
    .addHelpText(
      "after",
      examples([
        "qualify sql --framework bant --dialect bigquery --table crm.leads > bant.sql",
        "qualify sql -f bant -d postgres --map map.yaml --view scored_leads | psql",
        'qualify sql -f bant -d snowflake --columns "Id,Budget,Decision Role,Need,Timeline"',
        "qualify sql -f bant -d duckdb --columns-from leads.csv > bant.sql",
        "qualify sql -f bant --run leads.csv -o scored.csv",
      ]),
    )
    .action(async (options, command: Command) => {
      await run(async () =>
        (await import("./commands/sql.js")).runSqlCommand(options, globals(command), io),
      );
    });

  program
    .command("backtest")
    .description(
      "score won/lost history and see how well the framework predicted it: lift, AUC, gates",
    )
    .argument("<file|->", "CSV file of history, or - for stdin")
    .requiredOption(
      "-f, --framework <id|path>",
      "framework id (bant, meddic, …) or path to a framework file",
    )
    .requiredOption("--outcome <column>", "the column that holds the outcome (won/lost)")
    .option(
      "--positive <values>",
      "outcome values that count as positive (default: 1,true,yes,won,closed won,converted)",
    )
    .option(
      "--negative <values>",
      "outcome values that count as negative (default: 0,false,no,lost,closed lost,not converted)",
    )
    .option("-m, --map <file>", "YAML map: question id → column name, or {column, values}")
    .option("--json", "print every figure as JSON")
    .option("--html <file>", "also write a self-contained HTML report with charts (atomically)")
    .option("--delimiter <char>", "',' ';' '|' or tab (default: detected from the header)")
    .option("-q, --quiet", "no summary line on stderr")
    .option("--today <date>", "scoring date for date questions (default: today)")
    .addHelpText(
      "after",
      examples([
        "qualify backtest history.csv --framework bant --outcome Converted",
        "qualify backtest deals.csv -f meddic --outcome Stage --positive 'Closed Won' --html report.html",
        "qualify backtest examples/maven-history.csv -f examples/maven-fit.yaml --map examples/maven-map.yaml --outcome deal_stage",
        "qualify backtest Lead.csv -f lead-score --outcome IsConverted --json",
      ]) +
        "\nRows whose outcome is blank or still open (Open, Engaging, Prospecting, …) are left out and counted.\nThe suggested minScore is shown, never applied.\n",
    )
    .action(async (file: string, options, command: Command) => {
      await run(async () =>
        (await import("./commands/backtest.js")).runBacktest(file, options, globals(command), io),
      );
    });

  program
    .command("calibrate")
    .description(
      "learn points and a minScore from won/lost history, judged on held-out rows; writes an extends: file",
    )
    .argument("<file>", "CSV file of history (read twice, so not stdin)")
    .requiredOption(
      "-f, --framework <id|path>",
      "framework id (bant, meddic, …) or path to a framework file",
    )
    .requiredOption("--outcome <column>", "the column that holds the outcome (won/lost)")
    .option(
      "--positive <values>",
      "outcome values that count as positive (default: 1,true,yes,won,closed won,converted)",
    )
    .option(
      "--negative <values>",
      "outcome values that count as negative (default: 0,false,no,lost,closed lost,not converted)",
    )
    .option("-m, --map <file>", "YAML map: question id → column name, or {column, values}")
    .option(
      "-o, --output <file>",
      "where to write the calibrated framework (default: frameworks/<id>-calibrated.yaml)",
    )
    .option(
      "--holdout <share>",
      "share of each outcome held out to judge the points (default: 0.3)",
    )
    .option("--seed <n>", "seed of the train/held-out split (default: 1)")
    .option(
      "--exclude <ids>",
      "questions not to learn, comma-separated (their points stay); repeatable",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--force", "replace the output file if it exists")
    .option("--dry-run", "show what would change; write no framework")
    .option("--json", "print every figure as JSON")
    .option("--html <file>", "also write a self-contained HTML report (atomically)")
    .option("--delimiter <char>", "',' ';' '|' or tab (default: detected from the header)")
    .option("-q, --quiet", "no summary line on stderr")
    .option("--today <date>", "scoring date for date questions (default: today)")
    .addHelpText(
      "after",
      examples([
        "qualify calibrate history.csv --framework lead-score --outcome Converted",
        "qualify calibrate examples/maven-history.csv -f examples/maven-fit.yaml --map examples/maven-map.yaml --outcome deal_stage",
        "qualify calibrate deals.csv -f bant --outcome Stage --positive 'Closed Won' --exclude timeline --html calibration.html",
      ]) +
        "\nPoints are learned from (1 − holdout) of the rows with an outcome and judged on the rest.\nA change is proposed only with 40+ positive and 40+ negative outcomes and a held-out AUC gain\nwhose 95% bootstrap interval lies above zero. The original framework is never modified.\n",
    )
    .action(async (file: string, options, command: Command) => {
      await run(async () =>
        (await import("./commands/calibrate.js")).runCalibrate(file, options, globals(command), io),
      );
    });

  program
    .command("interview")
    .description("ask a framework's questions live, on a call, and give the verdict")
    .option(
      "-f, --framework <id|path>",
      "framework id (bant, meddic, …) or path to a framework file",
    )
    .option("-l, --lead <name>", "who the call is with; names the record and its answers file")
    .option(
      "-s, --save <file>",
      "where to save the answers (default: ./qualify-answers/<lead>-<date>.yaml, never overwritten)",
    )
    .option("-r, --resume <file>", "continue an interview from the draft it saved (after Ctrl-C)")
    .option("--json", "print the result as JSON on stdout (the end screen goes to stderr)")
    .option("--today <date>", "scoring date for date questions (default: today)")
    .addHelpText(
      "after",
      examples([
        'qualify interview --framework meddic --lead "Acme Corp"',
        "qualify interview --framework bant --save calls/acme.yaml",
        "qualify interview --framework meddic --resume qualify-answers/acme-corp-2026-03-31.yaml",
        "qualify score --answers qualify-answers/acme-corp-2026-03-31.yaml   # score it again later",
      ]) +
        '\nEvery question offers "Don\'t know yet" and "Go back"; answers are saved after each one.\nNeeds a terminal: without one, put the answers in a file and use \'qualify score --answers\'.\n',
    )
    .action(async (options, command: Command) => {
      await run(async () =>
        (await import("./commands/interview.js")).runInterview(options, globals(command), io),
      );
    });

  program
    .command("init")
    .description("write a framework file to adapt, from a built-in")
    .requiredOption("--from <id>", "the framework to start from (bant, meddic, …)")
    .option("--id <id>", "id of the new framework (default: our-<from>)")
    .option("-o, --output <file>", "where to write it (default: frameworks/<id>.yaml)")
    .option("--extends", "write a minimal file that extends the original instead of a full copy")
    .option("--force", "overwrite the file if it exists")
    .addHelpText(
      "after",
      examples([
        "qualify init --from bant",
        "qualify init --from meddic --id our-meddic --extends",
        "qualify init --from bant --id team-bant -o frameworks/team-bant.yaml",
      ]),
    )
    .action(async (options, command: Command) => {
      await run(async () =>
        (await import("./commands/init.js")).runInit(options, globals(command), io),
      );
    });

  const frameworks = program
    .command("frameworks")
    .description("list, show, validate and lint frameworks, and print their JSON Schema")
    .addHelpText(
      "after",
      examples([
        "qualify frameworks list",
        "qualify frameworks show meddic",
        "qualify frameworks validate frameworks/our-bant.yaml",
      ]),
    );

  frameworks
    .command("list")
    .description("list the frameworks that --framework can name")
    .option("--json", "print as JSON")
    .action(async (options, command: Command) => {
      await run(async () =>
        (await import("./commands/frameworks.js")).runList(options, globals(command), io),
      );
    });

  frameworks
    .command("show")
    .description("show a framework's questions, points, rules and gates")
    .argument("<id|path>", "framework id or path")
    .option("--format <format>", "text (default), markdown (a cheat sheet for a wiki) or json")
    .option("--json", "print the resolved framework as JSON (same as --format json)")
    .action(async (ref: string, options, command: Command) => {
      await run(async () =>
        (await import("./commands/frameworks.js")).runShow(ref, options, globals(command), io),
      );
    });

  frameworks
    .command("validate")
    .description("check framework files against the format (all known frameworks when none given)")
    .argument("[files...]", "framework files or ids")
    .option("--json", "print the findings as JSON")
    .action(async (files: string[], options, command: Command) => {
      await run(async () =>
        (await import("./commands/frameworks.js")).runValidate(
          files,
          options,
          globals(command),
          io,
        ),
      );
    });

  frameworks
    .command("schema")
    .description("print the JSON Schema of the framework format (for editors)")
    .addHelpText(
      "after",
      examples([
        "qualify frameworks schema > frameworks/framework.schema.json",
        "# then start a framework file with:",
        "# yaml-language-server: $schema=./framework.schema.json",
      ]),
    )
    .action(async () => {
      await run(async () => (await import("./commands/frameworks.js")).runSchema(io));
    });

  frameworks
    .command("lint")
    .description(
      "semantic checks beyond the format: gates no lead can pass, rules that never fire, …",
    )
    .argument("[files...]", "framework files or ids (all known frameworks when none given)")
    .option("--json", "print the findings as JSON")
    .action(async (files: string[], options, command: Command) => {
      await run(async () =>
        (await import("./commands/lint.js")).runLint(files, options, globals(command), io),
      );
    });

  return program;
}

function isDebug(argv: readonly string[], io: Io): boolean {
  const flag = io.env.QUALIFY_DEBUG;
  return argv.includes("--debug") || (flag !== undefined && flag !== "" && flag !== "0");
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const debug = isDebug(argv, io);
  const colors = () =>
    colorsFor(io.stderr, io.env, argv.includes("--no-color") ? false : undefined);
  const run = async (task: () => Promise<number>): Promise<void> => {
    exitCode = await task();
  };
  const program = buildProgram(io, run);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      ) {
        return EXIT.ok;
      }
      if (error.code === "commander.executeSubCommandAsync" || error.exitCode === 0) return EXIT.ok;
      const message = error.message.replace(/^error: /, "");
      const usage = new UsageError(message, {
        hint: "Run 'qualify --help' or 'qualify <command> --help' for usage.",
      });
      return reportError(usage, io, await colors(), debug);
    }
    return reportError(error, io, await colors(), debug);
  }
  return exitCode;
}
