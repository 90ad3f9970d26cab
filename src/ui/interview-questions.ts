/**
 * Asking one question: the right prompt for its type, with "Don't know yet" and "Go back"
 * always on offer, typed answers validated as `qualify score` reads them, and the
 * framework's red-flag hint for short free-text answers.
 */
import type { Value } from "../core/conditions.js";
import type { CompiledFramework, CompiledQuestion } from "../core/compile.js";
import { coerceAnswer } from "../core/answers.js";
import { wordCount } from "../core/coerce.js";
import type { Asker, Choice, Frame, Item } from "./interview-asker.js";
import { shortAnswerCheck } from "./interview-flow.js";

/** What the rep did with a question: answered (undefined = don't know yet) or went back. */
export type Outcome = { kind: "answer"; value: Value } | { kind: "back" };

export const UNKNOWN_LABEL = "Don't know yet";
export const BACK_LABEL = "← Go back";
export const NONE_LABEL = "None of these";
const UNKNOWN_HELP = "Recorded as unknown: it earns no points and is listed under Ask next.";
const BACK_HELP = "Re-ask the previous question; the answers after it are kept.";
const FIRST_QUESTION = "(this is the first question)";

/** Typed answers: these words mean "don't know yet" and "go back". */
export const UNKNOWN_WORD = "?";
export const BACK_WORD = "<";

type Pick =
  | { kind: "value"; value: string | boolean }
  | { kind: "unknown" }
  | { kind: "back" }
  | { kind: "none" };

export interface QuestionContext {
  compiled: CompiledFramework;
  asker: Asker;
  /** `4/12 · Economic Buyer`. */
  header: string;
  canGoBack: boolean;
  /** The answer given before, when the question is asked again. */
  previous?: { value: Value };
  /**
   * Saves an answer given while the question still asks something more (the short-answer
   * check), so that Ctrl-C there keeps what was typed.
   */
  keepDraft?: (value: Value) => Promise<void>;
}

function frameFor(question: CompiledQuestion, header: string, hint?: string): Frame {
  return { header, message: question.def.text, help: question.def.help, hint };
}

function specialChoices(ctx: QuestionContext, unknown: Pick, back: Pick): Item<Pick>[] {
  return [
    { separator: "──────────────" },
    { value: unknown, name: UNKNOWN_LABEL, description: UNKNOWN_HELP },
    {
      value: back,
      name: BACK_LABEL,
      description: BACK_HELP,
      ...(ctx.canGoBack ? {} : { disabled: FIRST_QUESTION }),
    },
  ];
}

async function askSelect(ctx: QuestionContext, question: CompiledQuestion): Promise<Outcome> {
  const def = question.def;
  const unknown: Pick = { kind: "unknown" };
  const back: Pick = { kind: "back" };
  const options: Array<{ pick: Pick; name: string; description?: string }> =
    def.type === "choice"
      ? def.options.map((o) => ({
          pick: { kind: "value", value: o.value },
          name: o.label,
          ...(o.help === undefined ? {} : { description: o.help }),
        }))
      : [
          { pick: { kind: "value", value: true }, name: "Yes" },
          { pick: { kind: "value", value: false }, name: "No" },
        ];
  const items: Item<Pick>[] = [
    ...options.map(({ pick, name, description }) => ({ value: pick, name, description })),
    ...specialChoices(ctx, unknown, back),
  ];
  let fallback: Pick | undefined;
  if (ctx.previous !== undefined) {
    const before = ctx.previous.value;
    fallback =
      before === undefined
        ? unknown
        : options.find((o) => o.pick.kind === "value" && o.pick.value === before)?.pick;
  }
  const pick = await ctx.asker.select(frameFor(question, ctx.header), items, {
    default: fallback,
  });
  if (pick.kind === "back") return { kind: "back" };
  if (pick.kind === "value") return { kind: "answer", value: pick.value };
  return { kind: "answer", value: undefined };
}

async function askCheckbox(ctx: QuestionContext, question: CompiledQuestion): Promise<Outcome> {
  const def = question.def;
  if (def.type !== "multi") throw new Error("askCheckbox needs a multi question");
  const before = ctx.previous?.value;
  const had = (value: string) => Array.isArray(before) && before.includes(value);
  const none: Pick = { kind: "none" };
  const unknown: Pick = { kind: "unknown" };
  const back: Pick = { kind: "back" };
  const special = new Map<Pick, string>([
    [none, NONE_LABEL],
    [unknown, UNKNOWN_LABEL],
    [back, BACK_LABEL],
  ]);
  const items: Item<Pick>[] = [
    ...def.options.map((o): Choice<Pick> => ({
      value: { kind: "value", value: o.value },
      name: o.label,
      checked: had(o.value),
      ...(o.help === undefined ? {} : { description: o.help }),
    })),
    { separator: "──────────────" },
    {
      value: none,
      name: NONE_LABEL,
      description: "None of them applies: a known answer worth no points.",
      checked: Array.isArray(before) && before.length === 0,
    },
    {
      value: unknown,
      name: UNKNOWN_LABEL,
      description: UNKNOWN_HELP,
      checked: ctx.previous !== undefined && before === undefined,
    },
    {
      value: back,
      name: BACK_LABEL,
      description: BACK_HELP,
      ...(ctx.canGoBack ? {} : { disabled: FIRST_QUESTION }),
    },
  ];
  const validate = (picks: readonly Pick[]): true | string => {
    if (picks.length === 0)
      return `Tick at least one with space, or tick ${NONE_LABEL} or ${UNKNOWN_LABEL}.`;
    const specials = picks.filter((p) => p.kind !== "value");
    if (specials.length > 0 && picks.length > 1)
      return `${special.get(specials[0]!)} goes alone: untick the other choices.`;
    return true;
  };
  const picks = await ctx.asker.checkbox(frameFor(question, ctx.header), items, { validate });
  const first = picks[0];
  if (first?.kind === "back") return { kind: "back" };
  if (first?.kind === "unknown") return { kind: "answer", value: undefined };
  if (first?.kind === "none") return { kind: "answer", value: [] };
  return {
    kind: "answer",
    value: picks.flatMap((p) => (p.kind === "value" ? [String(p.value)] : [])),
  };
}

const CURRENCY = /^(usd|eur|gbp|\$|€|£)$/i;

function inputHint(question: CompiledQuestion, canGoBack: boolean, previous: Value): string {
  const def = question.def;
  let what: string;
  switch (def.type) {
    case "number": {
      const unit = def.unit === undefined ? "" : ` in ${def.unit}`;
      const examples =
        def.unit !== undefined && CURRENCY.test(def.unit.trim())
          ? "e.g. 50000, $50k or 1.2M"
          : "e.g. 12 or 1.5k";
      const range =
        def.min !== undefined && def.max !== undefined
          ? `, from ${def.min} to ${def.max}`
          : def.min !== undefined
            ? `, at least ${def.min}`
            : def.max !== undefined
              ? `, at most ${def.max}`
              : "";
      what = `A number${unit} (${examples}${range}).`;
      break;
    }
    case "date":
      what = "A date: 2026-03-31, 03/31/2026 or 31 Mar 2026.";
      break;
    default:
      what = "Type the answer in their words.";
  }
  const back = canGoBack ? `, ${BACK_WORD} to go back` : "";
  const keep =
    previous === undefined ? "" : " Press Enter to keep the answer given before, Tab to edit it.";
  return `${what} Type ${UNKNOWN_WORD} for don't know yet${back}.${keep}`;
}

/** A previous answer, ready to be typed again. */
function answerText(value: Value): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** How a typed answer reads once given. */
function formatTyped(question: CompiledQuestion, text: string): string {
  const typed = text.trim();
  if (typed === BACK_WORD) return BACK_LABEL;
  const coerced = coerceAnswer(question, typed);
  if (!coerced.ok) return typed;
  if (coerced.value === undefined) return UNKNOWN_LABEL;
  const def = question.def;
  if (def.type === "number") {
    const n = (coerced.value as number).toLocaleString("en-US", { maximumFractionDigits: 6 });
    return def.unit === undefined ? n : `${n} ${def.unit}`;
  }
  return String(coerced.value);
}

async function askInput(
  ctx: QuestionContext,
  question: CompiledQuestion,
  previous: Value,
  editable: boolean,
): Promise<Outcome> {
  const validate = (text: string): true | string => {
    const typed = text.trim();
    if (typed === BACK_WORD)
      return ctx.canGoBack ? true : "This is the first question: there is nothing to go back to.";
    const coerced = coerceAnswer(question, typed);
    if (coerced.ok) return true;
    const expected =
      coerced.allowed === undefined ? "" : ` (expected ${coerced.allowed.join(", ")})`;
    return `${coerced.message}${expected}; or ${UNKNOWN_WORD} for don't know yet`;
  };
  const text = await ctx.asker.input(
    frameFor(
      question,
      ctx.header,
      inputHint(question, ctx.canGoBack, editable ? undefined : previous),
    ),
    {
      default: answerText(previous),
      editable,
      validate,
      format: (typed) => formatTyped(question, typed),
    },
  );
  const typed = text.trim();
  if (typed === BACK_WORD) return { kind: "back" };
  const coerced = coerceAnswer(question, typed);
  // validate() accepted it, so it coerces; an unexpected failure reads as unknown.
  return { kind: "answer", value: coerced.ok ? coerced.value : undefined };
}

/** Text answers: below the framework's red-flag length, show its hint; re-answer or keep. */
async function askText(ctx: QuestionContext, question: CompiledQuestion): Promise<Outcome> {
  const check = shortAnswerCheck(ctx.compiled, question.index);
  const before = ctx.previous?.value;
  let outcome = await askInput(ctx, question, before, false);
  while (check !== undefined && outcome.kind === "answer" && outcome.value !== undefined) {
    const text = outcome.value as string;
    const words = wordCount(text);
    if (!check.isShort(words)) break;
    await ctx.keepDraft?.(text);
    const choice = await ctx.asker.select<"edit" | "keep">(
      {
        header: `${ctx.header} · short answer`,
        message: check.message,
        help: `${words} ${words === 1 ? "word" : "words"}; an answer of ${check.needed} or more words reads as specific.`,
      },
      [
        { value: "edit", name: "Add detail: edit the answer", short: "add detail" },
        { value: "keep", name: "Keep it as it is", short: "kept as it is" },
      ],
      { default: "edit" },
    );
    if (choice === "keep") break;
    outcome = await askInput(ctx, question, text, true);
  }
  return outcome;
}

/** Asks one question and returns what the rep did. */
export async function askQuestion(
  ctx: QuestionContext,
  question: CompiledQuestion,
): Promise<Outcome> {
  switch (question.type) {
    case "choice":
    case "boolean":
      return askSelect(ctx, question);
    case "multi":
      return askCheckbox(ctx, question);
    case "text":
      return askText(ctx, question);
    case "number":
    case "date":
      return askInput(ctx, question, ctx.previous?.value, false);
  }
}
