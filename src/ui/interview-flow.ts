/**
 * Where the interview is: which questions apply given the answers so far, which comes next
 * or before, and the progress shown with each question. Pure functions over the compiled
 * framework; positions are indexes into `compiled.askOrder`.
 */
import { T, U, type EvalState, type Tri, type Value } from "../core/conditions.js";
import type { CompiledFramework } from "../core/compile.js";
import type { AnswerMap } from "../io/answers-file.js";

/**
 * Whether each question applies (T), does not (F) or cannot tell yet (U), as the engine
 * decides it: `when` in dependency order, over answers of questions that apply.
 */
export function applicability(compiled: CompiledFramework, answers: AnswerMap): Tri[] {
  const values: Value[] = new Array<Value>(compiled.questions.length);
  const result: Tri[] = new Array<Tri>(compiled.questions.length);
  const state: EvalState = { values, criteria: [], scoreLow: 0, scoreHigh: 0 };
  for (const index of compiled.whenOrder) {
    const question = compiled.questions[index]!;
    const applies = question.when === undefined ? T : question.when(state);
    result[index] = applies;
    values[index] = applies === T ? answers.get(index) : undefined;
  }
  return result;
}

/** The answers that apply: what is saved and scored (hidden questions are left out). */
export function applicableAnswers(compiled: CompiledFramework, answers: AnswerMap): AnswerMap {
  const applies = applicability(compiled, answers);
  const kept = new Map<number, Value>();
  for (const index of compiled.askOrder) {
    if (applies[index] === T && answers.has(index)) kept.set(index, answers.get(index));
  }
  return kept;
}

/** Answers as the engine reads them: a value per question index. */
export function valuesOf(compiled: CompiledFramework, answers: AnswerMap): Value[] {
  const values = new Array<Value>(compiled.questions.length).fill(undefined);
  for (const [index, value] of answers) values[index] = value;
  return values;
}

/** The first question in asking order that applies and has no answer yet. */
export function firstOpen(compiled: CompiledFramework, answers: AnswerMap): number | undefined {
  const applies = applicability(compiled, answers);
  const position = compiled.askOrder.findIndex(
    (index) => applies[index] === T && !answers.has(index),
  );
  return position === -1 ? undefined : position;
}

/**
 * The position after `position`: the next question in asking order that applies, or, past
 * the end, any applicable question still unanswered (one whose `when` reads a later answer).
 */
export function nextPosition(
  compiled: CompiledFramework,
  answers: AnswerMap,
  position: number,
): number | undefined {
  const applies = applicability(compiled, answers);
  for (let p = position + 1; p < compiled.askOrder.length; p++) {
    if (applies[compiled.askOrder[p]!] === T) return p;
  }
  return firstOpen(compiled, answers);
}

/** The previous question in asking order that applies, if any. */
export function previousPosition(
  compiled: CompiledFramework,
  answers: AnswerMap,
  position: number,
): number | undefined {
  const applies = applicability(compiled, answers);
  for (let p = position - 1; p >= 0; p--) {
    if (applies[compiled.askOrder[p]!] === T) return p;
  }
  return undefined;
}

export interface Progress {
  /** 1-based number of this question among those that apply or may still apply. */
  current: number;
  total: number;
  criterion: string;
}

/**
 * `4/12 · Economic Buyer`: counts the questions that apply, plus those whose `when` still
 * waits on a question not asked yet; a question hidden by the answers given is not counted.
 */
export function progressAt(
  compiled: CompiledFramework,
  answers: AnswerMap,
  position: number,
): Progress {
  const applies = applicability(compiled, answers);
  let current = 0;
  let total = 0;
  compiled.askOrder.forEach((index, p) => {
    const question = compiled.questions[index]!;
    const counted =
      applies[index] === T ||
      p === position ||
      (applies[index] === U && question.whenReads.some((read) => !answers.has(read)));
    if (!counted) return;
    total++;
    if (p <= position) current++;
  });
  const question = compiled.questions[compiled.askOrder[position]!]!;
  return { current, total, criterion: compiled.criteria[question.criterionIndex]!.label };
}

export function formatProgress(progress: Progress): string {
  return `${progress.current}/${progress.total} · ${progress.criterion}`;
}

export interface ShortAnswerCheck {
  /** The flag's message: what to do about a short answer. */
  message: string;
  /** True when a text answer with this many words is too short. */
  isShort: (words: number) => boolean;
  /** Words needed not to be short. */
  needed: number;
}

/**
 * The framework's red-flag test for short answers to a text question: a flag whose
 * condition is `{ <question>: { words: { lt: N } } }` (or `lte`).
 */
export function shortAnswerCheck(
  compiled: CompiledFramework,
  questionIndex: number,
): ShortAnswerCheck | undefined {
  const question = compiled.questions[questionIndex]!;
  if (question.type !== "text") return undefined;
  for (const { flag } of compiled.flags) {
    const keys = Object.keys(flag.when);
    if (keys.length !== 1 || keys[0] !== question.id) continue;
    const spec = flag.when[question.id];
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) continue;
    const words = (spec as Record<string, unknown>).words;
    if (words === null || typeof words !== "object" || Array.isArray(words)) continue;
    const { lt, lte } = words as Record<string, unknown>;
    if (typeof lt === "number")
      return { message: flag.message, isShort: (n) => n < lt, needed: Math.ceil(lt) };
    if (typeof lte === "number")
      return { message: flag.message, isShort: (n) => n <= lte, needed: Math.floor(lte) + 1 };
  }
  return undefined;
}
