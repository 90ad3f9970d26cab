/**
 * `qualify interview`: a rep answers a framework's questions live, on a call. Prompts render
 * on stderr (stdout keeps the result); answers go to an answers file after every answer, so
 * Ctrl-C keeps a draft that `--resume` continues and `qualify score` reads.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Value } from "../../core/conditions.js";
import type { CompiledFramework } from "../../core/compile.js";
import { evaluate } from "../../core/engine.js";
import { EXIT, InterruptedError, UsageError } from "../../core/errors.js";
import { answersFor, namedFramework, parseAnswers } from "../../io/answers.js";
import {
  answersFileText,
  defaultAnswersPath,
  displayPath,
  shellWord,
  writeAnswersFile,
  checkSavePath,
  type AnswerMap,
} from "../../io/answers-file.js";
import { loadFramework } from "../../io/frameworks.js";
import { readDocumentFile } from "../../io/text.js";
import type { Colors } from "../../ui/color.js";
import { renderResult } from "../../ui/result.js";
import { wrap } from "../../ui/text.js";
import { inquirerAsker, PromptInterrupted, type Asker } from "../../ui/interview-asker.js";
import { applicableAnswers, firstOpen, valuesOf } from "../../ui/interview-flow.js";
import { conductInterview, renderIntro } from "../../ui/interview.js";
import { canPrompt, isCi, type Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { colorsOf, frameworkContext, scoringDate, terminalWidth, writeJson } from "../context.js";
import { samePath } from "../../io/atomic.js";

export interface InterviewOptions {
  framework?: string;
  lead?: string;
  save?: string;
  resume?: string;
  json?: boolean;
  today?: string;
}

/** What tests replace: the prompts, and the clock. */
export interface InterviewDeps {
  asker?: Asker;
  now?: () => Date;
}

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function refuseWithoutTerminal(io: Io, options: InterviewOptions): never {
  const why = isCi(io)
    ? "CI is set (nobody is there to answer)"
    : io.stdin.isTTY !== true
      ? "stdin is not one"
      : "stderr, where the questions appear, is not one";
  throw new UsageError(`interview needs a terminal to ask its questions, and ${why}`, {
    hint: `Put the answers in a file and run: qualify score --framework ${options.framework ?? "<id>"} --answers <file>`,
  });
}

interface Draft {
  path: string;
  lead?: string;
  answers: Map<number, Value>;
  frameworkVersion?: string;
}

async function readDraft(
  path: string,
  shown: string,
  options: InterviewOptions,
): Promise<{ ref: string | undefined; load: (compiled: CompiledFramework) => Draft }> {
  const parsed = await parseAnswers(await readDocumentFile(path, "draft answers file"));
  if (parsed.isList) {
    throw new UsageError(`${shown} holds a list of answers records; --resume continues one`, {
      hint: "Resume from a file that 'qualify interview' saved.",
    });
  }
  const record = parsed.records[0]!;
  const source = parsed.document.value as Record<string, unknown>;
  return {
    ref: options.framework ?? namedFramework(parsed),
    load: (compiled) => {
      const values = answersFor(parsed, compiled)[0]!.values;
      const answers = new Map<number, Value>();
      for (const key of Object.keys(record.answers)) {
        const question = compiled.questionById.get(key)!;
        answers.set(question.index, values[question.index]);
      }
      return {
        path,
        lead: record.lead,
        answers,
        frameworkVersion:
          typeof source.frameworkVersion === "string" ? source.frameworkVersion : undefined,
      };
    },
  };
}

export async function runInterview(
  options: InterviewOptions,
  globals: GlobalOptions,
  io: Io,
  deps: InterviewDeps = {},
): Promise<number> {
  if (!canPrompt(io)) refuseWithoutTerminal(io, options);
  const now = deps.now ?? (() => new Date());

  const today = scoringDate(options.today);

  const resumePath = options.resume === undefined ? undefined : resolve(io.cwd, options.resume);
  const draftSource =
    resumePath === undefined ? undefined : await readDraft(resumePath, options.resume!, options);
  const ref = options.framework ?? draftSource?.ref;
  if (ref === undefined || ref === "") {
    throw new UsageError("which framework? Pass --framework", {
      hint: "For example: qualify interview --framework meddic ('qualify frameworks list' shows them all).",
    });
  }

  let savePath: string | undefined;
  if (options.save !== undefined) {
    savePath = resolve(io.cwd, options.save);
    if (existsSync(savePath) && (resumePath === undefined || !samePath(savePath, resumePath))) {
      throw new UsageError(
        `${options.save} already exists, and the interview never writes over a file`,
        {
          hint: `Continue it with --resume ${options.save}, or choose another --save path.`,
        },
      );
    }
    checkSavePath(savePath, options.save);
  }

  const { compiled } = await loadFramework(ref, frameworkContext(io), { today });
  const framework = shellWord(ref);
  const draft = draftSource?.load(compiled);
  const colors = await colorsOf(io, io.stderr, globals);
  const width = terminalWidth(io.stderr);
  const asker = deps.asker ?? (await inquirerAsker(io.stdin, io.stderr, colors));

  io.stderr.write(
    renderIntro(compiled, colors, width, {
      ...(draft === undefined
        ? {}
        : { resumed: { answered: draft.answers.size, lead: options.lead ?? draft.lead } }),
    }),
  );
  if (
    draft?.frameworkVersion !== undefined &&
    draft.frameworkVersion !== compiled.framework.version
  ) {
    io.stderr.write(
      `${colors.yellow("!")} The draft was saved with ${compiled.framework.name} ${draft.frameworkVersion}; this is ${compiled.framework.version}.\n\n`,
    );
  }

  const answers = draft?.answers ?? new Map<number, Value>();
  let lead = options.lead ?? draft?.lead;
  let path = savePath ?? draft?.path;
  let savedCount: number | undefined;

  const save = async (kept: AnswerMap, final: boolean) => {
    const shown = displayPath(path!, io.cwd);
    const comment = final
      ? `Answers from 'qualify interview'. Score again: qualify score --framework ${framework} --answers ${shown}`
      : `Draft from 'qualify interview'. Continue: qualify interview --framework ${framework} --resume ${shown}`;
    await writeAnswersFile(
      path!,
      answersFileText(compiled, kept, { lead, savedAt: now().toISOString(), comment }),
    );
    savedCount = kept.size;
  };

  /** Ctrl-C: keep the draft (every answer is saved already) and say how to go on. */
  const interrupted = async (): Promise<InterruptedError> => {
    if (path !== undefined && savedCount === undefined && answers.size > 0)
      await save(applicableAnswers(compiled, answers), false);
    if (path === undefined || savedCount === undefined)
      return new InterruptedError("interview stopped before the first answer; nothing was saved");
    const shown = displayPath(path, io.cwd);
    return new InterruptedError(
      `interview paused; ${savedCount} ${savedCount === 1 ? "answer" : "answers"} saved to ${shown}`,
      { hint: `Resume with: qualify interview --framework ${framework} --resume ${shown}` },
    );
  };

  let final: AnswerMap;
  let finished = false;
  try {
    if (lead === undefined && draft === undefined) {
      const typed = await asker.input(
        {
          header: "Lead",
          message: "Who is the call with?",
          hint: "A company or contact name: it names the record and its answers file. Enter to skip.",
        },
        { format: (text) => (text.trim() === "" ? "(no name)" : text.trim()) },
      );
      lead = typed.trim() === "" ? undefined : typed.trim();
    }
    path ??= defaultAnswersPath(io.cwd, lead, today ?? localDate(now()));
    io.stderr.write(
      `${colors.dim(wrap(`Answers are saved to ${displayPath(path, io.cwd)} after every answer.`, width - 2))}\n\n`,
    );
    finished = draft !== undefined && firstOpen(compiled, answers) === undefined;
    if (finished) io.stderr.write(`Every question that applies is answered already.\n`);
    final = await conductInterview({
      compiled,
      asker,
      answers,
      onAnswer: (kept) => save(kept, false),
    });
  } catch (error) {
    if (error instanceof PromptInterrupted) throw await interrupted();
    throw error;
  }
  // A finished file resumed asks nothing: left as it is (its comments and layout too).
  const unchanged = finished && samePath(path, draft!.path);
  if (!unchanged) await save(final, true);
  const shown = displayPath(path, io.cwd);

  const result = evaluate(compiled, valuesOf(compiled, final), lead === undefined ? {} : { lead });
  io.stderr.write("\n");
  if (options.json) {
    writeJson(io, result);
    io.stderr.write(renderResult(result, compiled, colors, width));
  } else {
    const out: Colors = await colorsOf(io, io.stdout, globals);
    io.stdout.write(renderResult(result, compiled, out, terminalWidth(io.stdout)));
  }
  io.stderr.write(
    `\n${colors.green("✔")} ${unchanged ? "Answers unchanged in" : "Answers saved to"} ${colors.bold(shown)}\n  ${colors.dim(`Score again: qualify score --framework ${framework} --answers ${shown}`)}\n`,
  );
  return EXIT.ok;
}
