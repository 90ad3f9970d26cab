/**
 * The prompts the interview asks through. `Asker` is what the interview needs (a list to
 * choose from, a list to tick, a line to type); `inquirerAsker` implements it with
 * @inquirer/prompts, loaded only here so other commands never pay for it. Tests drive the
 * real prompts with @inquirer/testing, or pass a scripted Asker.
 *
 * Prompts render on the given output (stderr), never on stdout.
 */
import { Writable } from "node:stream";
import type { OutStream } from "../cli/io.js";
import type { Colors } from "./color.js";
import { wrap } from "./text.js";

/** What a prompt shows above its choices or input line. */
export interface Frame {
  /** `4/12 · Economic Buyer`. */
  header: string;
  /** The question. */
  message: string;
  /** What to listen for. */
  help?: string;
  /** How to answer a typed question. */
  hint?: string;
}

export interface Choice<V> {
  value: V;
  name: string;
  /** Shown once answered (default: name). */
  short?: string;
  description?: string;
  /** A reason shown when the choice cannot be taken now. */
  disabled?: string;
  checked?: boolean;
}

export type Item<V> = Choice<V> | { separator: string };

export interface InputOptions {
  default?: string;
  /** Put the default on the line, ready to edit, rather than showing it in brackets. */
  editable?: boolean;
  validate?: (text: string) => true | string;
  /** How the answer reads once given. */
  format?: (text: string) => string;
}

export interface Asker {
  select<V>(frame: Frame, items: readonly Item<V>[], options?: { default?: V }): Promise<V>;
  checkbox<V>(
    frame: Frame,
    items: readonly Item<V>[],
    options?: { validate?: (values: readonly V[]) => true | string },
  ): Promise<V[]>;
  input(frame: Frame, options?: InputOptions): Promise<string>;
}

/** The rep pressed Ctrl-C (or the terminal went away) while a prompt was open. */
export class PromptInterrupted extends Error {
  override name = "PromptInterrupted";
}

export function isSeparator<V>(item: Item<V>): item is { separator: string } {
  return "separator" in item;
}

/** Forwards a prompt's output to `target` without ever ending it (a prompt ends its output). */
class PromptOutput extends Writable {
  constructor(private readonly target: OutStream) {
    super();
  }
  get columns(): number | undefined {
    return this.target.columns;
  }
  get rows(): number | undefined {
    return (this.target as { rows?: number }).rows;
  }
  get isTTY(): boolean {
    return this.target.isTTY === true;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.target.write(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    callback();
  }
}

/** The text above the choices: progress, the question in bold, help and hint dimmed. */
export function renderFrame(frame: Frame, colors: Colors, width: number, cursor = false): string {
  const text = Math.max(30, width - 4);
  const lines = [colors.cyan(frame.header), `  ${colors.bold(wrap(frame.message, text, "  "))}`];
  if (frame.help !== undefined && frame.help.trim() !== "")
    lines.push(`  ${colors.dim(wrap(frame.help, text, "  "))}`);
  if (frame.hint !== undefined) lines.push(`  ${colors.dim(wrap(frame.hint, text, "  "))}`);
  if (cursor) lines.push(`  ${colors.cyan("›")}`);
  return lines.join("\n");
}

/** Prompts from @inquirer/prompts on `input`/`output` (the Io's stdin and stderr). */
export async function inquirerAsker(
  input: NodeJS.ReadableStream,
  output: OutStream,
  colors: Colors,
): Promise<Asker> {
  const prompts = await import("@inquirer/prompts");
  const width = () => Math.max(40, Math.min(output.columns ?? 80, 110));
  // On Ctrl-C the open prompt is wiped (the answers given stay on screen); inquirer reads
  // `clearPromptOnDone` only once the prompt has settled, after this listener has run.
  let interrupted = false;
  input.on("keypress", (_text: unknown, key?: { name?: string; ctrl?: boolean }) => {
    if (key?.ctrl === true && key.name === "c") interrupted = true;
  });
  const context = () => ({
    input,
    output: new PromptOutput(output),
    get clearPromptOnDone() {
      return interrupted;
    },
  });

  const keysTip = (keys: [string, string][]) =>
    [...keys, ["ctrl+c", "save & stop"] as [string, string]]
      .map(([key, action]) => `${colors.bold(key)} ${colors.dim(action)}`)
      .join(colors.dim(" • "));

  const theme = (frame: Frame, cursor = false) => ({
    prefix: { idle: colors.cyan("?"), done: colors.green("✔") },
    icon: { cursor: "❯", checked: colors.green("◉"), unchecked: "◯" },
    style: {
      // While open: the whole frame. Once answered: the progress and criterion, then the answer.
      message: (_text: string, status: string) =>
        status === "done"
          ? `${colors.dim(frame.header)} ${colors.dim("›")}`
          : renderFrame(frame, colors, width(), cursor),
      answer: (text: string) => colors.cyan(text),
      error: (text: string) => colors.red(`> ${text}`),
      help: (text: string) => colors.dim(text),
      highlight: (text: string) => colors.cyan(text),
      defaultAnswer: (text: string) => colors.dim(`(${text})`),
      description: (text: string) => colors.dim(`  ${wrap(text, width() - 4, "  ")}`),
      disabled: (text: string) => colors.dim(`  ${text}`),
      disabledChoice: (text: string) => colors.dim(`  ${text}`),
      keysHelpTip: keysTip,
    },
  });

  const separator = (item: { separator: string }) =>
    new prompts.Separator(colors.dim(item.separator));

  /** Runs one prompt, turning inquirer's Ctrl-C error into PromptInterrupted. */
  const run = async <T>(prompt: () => Promise<T>): Promise<T> => {
    try {
      return await prompt();
    } catch (error) {
      if (error instanceof Error && error.name === "ExitPromptError")
        throw new PromptInterrupted("interrupted", { cause: error });
      throw error;
    }
  };

  return {
    select: <V>(frame: Frame, items: readonly Item<V>[], options: { default?: V } = {}) =>
      run(() =>
        prompts.select<V>(
          {
            message: frame.message,
            choices: items.map((item) => (isSeparator(item) ? separator(item) : item)),
            ...(options.default === undefined ? {} : { default: options.default }),
            pageSize: Math.max(7, items.length),
            loop: true,
            theme: theme(frame),
          },
          context(),
        ),
      ),
    checkbox: <V>(
      frame: Frame,
      items: readonly Item<V>[],
      options: { validate?: (values: readonly V[]) => true | string } = {},
    ) =>
      run(() =>
        prompts.checkbox<V>(
          {
            message: frame.message,
            choices: items.map((item) => (isSeparator(item) ? separator(item) : item)),
            pageSize: Math.max(7, items.length),
            loop: true,
            shortcuts: { all: null, invert: null },
            validate: (chosen) => options.validate?.(chosen.map((c) => c.value)) ?? true,
            theme: {
              ...theme(frame),
              style: {
                ...theme(frame).style,
                renderSelectedChoices: (chosen: ReadonlyArray<{ short: string }>) =>
                  chosen.map((c) => c.short).join(", "),
              },
            },
          },
          context(),
        ),
      ),
    input: (frame: Frame, options: InputOptions = {}) =>
      run(() =>
        prompts.input(
          {
            message: frame.message,
            ...(options.default === undefined ? {} : { default: options.default }),
            prefill: options.editable ? "editable" : "tab",
            validate: options.validate,
            transformer: (text: string, { isFinal }: { isFinal: boolean }) =>
              isFinal ? colors.cyan(options.format ? options.format(text) : text) : text,
            theme: theme(frame, true),
          },
          context(),
        ),
      ),
  };
}
