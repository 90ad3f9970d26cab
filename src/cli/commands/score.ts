/** `qualify score`: answers file (or stdin) → verdict with reasons, gaps and action. */
import { EXIT, UsageError } from "../../core/errors.js";
import { evaluate, type Result } from "../../core/engine.js";
import type { Verdict } from "../../core/schema.js";
import { answersFor, frameworksNamed, namedFramework, parseAnswers } from "../../io/answers.js";
import { loadFramework } from "../../io/frameworks.js";
import { readDocumentFile, readDocumentStream } from "../../io/text.js";
import { renderResult } from "../../ui/result.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { colorsOf, frameworkContext, scoringDate, terminalWidth, writeJson } from "../context.js";

export interface ScoreOptions {
  framework?: string;
  answers: string;
  json?: boolean;
  failOn?: "nurture" | "disqualified";
  today?: string;
}

const RANK: Record<Verdict, number> = { qualified: 2, nurture: 1, disqualified: 0 };

export async function runScore(
  options: ScoreOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const today = scoringDate(options.today);
  const source =
    options.answers === "-"
      ? await readDocumentStream(io.stdin, "stdin", "answers file")
      : await readDocumentFile(options.answers, "answers file");
  const parsed = await parseAnswers(source);
  const ref = options.framework ?? namedFramework(parsed);
  const named = frameworksNamed(parsed);
  if (ref === undefined && named.length > 1) {
    throw new UsageError(
      `which framework? The answers name ${named.length}: ${named.map((n) => `'${n}'`).join(", ")}`,
      {
        hint: "Score the leads of each framework on their own: one file (or one list) per framework.",
      },
    );
  }
  if (ref === undefined) {
    throw new UsageError("which framework? The answers do not name one", {
      hint: "Pass --framework bant (or another id or path), or add 'framework: bant' to the answers file.",
    });
  }
  const { compiled } = await loadFramework(ref, frameworkContext(io), { today });
  const records = answersFor(parsed, compiled);
  const results: Result[] = records.map((record) =>
    evaluate(compiled, record.values, { lead: record.lead }),
  );

  if (options.json) writeJson(io, parsed.isList ? results : results[0]);
  else {
    const colors = await colorsOf(io, io.stdout, globals);
    const width = terminalWidth(io.stdout);
    io.stdout.write(
      results.map((result) => renderResult(result, compiled, colors, width)).join("\n"),
    );
  }

  if (options.failOn !== undefined) {
    const threshold = RANK[options.failOn];
    const failing = results.filter((r) => RANK[r.verdict] <= threshold);
    if (failing.length > 0) {
      const colors = await colorsOf(io, io.stderr, globals);
      // Name the leads that failed, when there are several to tell apart.
      const named = failing.map((r) => r.lead ?? `lead ${results.indexOf(r) + 1}`);
      const what =
        results.length === 1
          ? `verdict is ${failing[0]!.verdict}`
          : `${failing.length} of ${results.length} leads are ${options.failOn} or worse: ${named.slice(0, 5).join(", ")}${named.length > 5 ? ` … (${named.length - 5} more)` : ""}`;
      io.stderr.write(`${colors.yellow("qualify:")} ${what} (--fail-on ${options.failOn})\n`);
      return EXIT.checkFailed;
    }
  }
  return EXIT.ok;
}
