/**
 * The interview: an intro, then every question that applies, grouped by criterion in level
 * order, each with its progress and help. "Go back" re-asks the previous question and keeps
 * the later answers that still apply; after every answer the caller saves a draft.
 * Prompts come from an injected Asker, so the whole flow runs in tests without a terminal.
 */
import type { Value } from "../core/conditions.js";
import type { CompiledFramework } from "../core/compile.js";
import type { AnswerMap } from "../io/answers-file.js";
import type { Asker } from "./interview-asker.js";
import type { Colors } from "./color.js";
import {
  applicableAnswers,
  firstOpen,
  formatProgress,
  nextPosition,
  previousPosition,
  progressAt,
} from "./interview-flow.js";
import {
  askQuestion,
  BACK_LABEL,
  BACK_WORD,
  UNKNOWN_LABEL,
  UNKNOWN_WORD,
} from "./interview-questions.js";
import { wrap } from "./text.js";

export interface InterviewRun {
  compiled: CompiledFramework;
  asker: Asker;
  /** Answers so far (from a draft when resuming); updated as the rep answers. */
  answers: Map<number, Value>;
  /** Called after every answer with the answers that apply, in asking order. */
  onAnswer: (answers: AnswerMap) => Promise<void>;
}

/** Asks every open question until none is left. Throws PromptInterrupted on Ctrl-C. */
export async function conductInterview(run: InterviewRun): Promise<AnswerMap> {
  const { compiled, asker, answers } = run;
  let position = firstOpen(compiled, answers);
  while (position !== undefined) {
    const index = compiled.askOrder[position]!;
    const before = previousPosition(compiled, answers, position);
    const outcome = await askQuestion(
      {
        compiled,
        asker,
        header: formatProgress(progressAt(compiled, answers, position)),
        canGoBack: before !== undefined,
        ...(answers.has(index) ? { previous: { value: answers.get(index) } } : {}),
        keepDraft: async (value) => {
          answers.set(index, value);
          await run.onAnswer(applicableAnswers(compiled, answers));
        },
      },
      compiled.questions[index]!,
    );
    if (outcome.kind === "back") {
      position = before ?? position;
      continue;
    }
    answers.set(index, outcome.value);
    await run.onAnswer(applicableAnswers(compiled, answers));
    position = nextPosition(compiled, answers, position);
  }
  return applicableAnswers(compiled, answers);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Criteria in the order they are asked (by level), as labels. */
export function criteriaInAskingOrder(compiled: CompiledFramework): string[] {
  const labels: string[] = [];
  for (const index of compiled.askOrder) {
    const label = compiled.criteria[compiled.questions[index]!.criterionIndex]!.label;
    if (labels.at(-1) !== label) labels.push(label);
  }
  return labels;
}

export interface IntroOptions {
  /** When resuming: how many questions the draft answers, and its lead. */
  resumed?: { answered: number; lead?: string };
}

/** What the interview is and how to drive it. */
export function renderIntro(
  compiled: CompiledFramework,
  colors: Colors,
  width: number,
  options: IntroOptions = {},
): string {
  const { framework } = compiled;
  const text = Math.max(40, width - 2);
  const conditional = compiled.questions.filter((q) => q.def.when !== undefined).length;
  const title = `${colors.bold(`${framework.name} ${framework.version}`)} ${colors.dim("— qualification interview")}`;
  const keys = colors.dim(
    wrap(
      `↑↓ move · enter chooses · space ticks in a list · every question offers "${UNKNOWN_LABEL}" (recorded as unknown, never as no) and "${BACK_LABEL}". Typed answers: ${UNKNOWN_WORD} for don't know yet, ${BACK_WORD} to go back. Ctrl+C saves a draft you can resume.`,
      text,
      "",
    ),
  );
  if (options.resumed !== undefined) {
    // The rep has seen the intro: say where the call stands, and the keys.
    const { answered, lead } = options.resumed;
    const out = [
      title,
      colors.bold(
        `Resuming${lead ? ` ${lead}` : ""}: ${plural(answered, "answer")} already in the draft.`,
      ),
      keys,
    ];
    return `${out.join("\n")}\n\n`;
  }
  const out = [
    title,
    wrap(framework.summary, text, ""),
    "",
    wrap(
      `${plural(compiled.questions.length, "question")} in ${compiled.criteria.length} ${compiled.criteria.length === 1 ? "criterion" : "criteria"}: ${criteriaInAskingOrder(compiled).join(" → ")}${conditional > 0 ? ` (${conditional} asked only when an earlier answer calls for it)` : ""}.`,
      text,
      "",
    ),
    keys,
  ];
  return `${out.join("\n")}\n\n`;
}
