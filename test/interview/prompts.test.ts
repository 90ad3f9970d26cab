/**
 * Each question type through the real @inquirer/prompts, driven with @inquirer/testing:
 * keypresses in, the rendered screen out.
 */
import { render } from "@inquirer/testing";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFramework } from "../../src/io/frameworks.js";
import { plain } from "../../src/ui/color.js";
import { inquirerAsker, PromptInterrupted } from "../../src/ui/interview-asker.js";
import {
  askQuestion,
  type Outcome,
  type QuestionContext,
} from "../../src/ui/interview-questions.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = join(ROOT, "test/fixtures/interview-mini.yaml");
const { compiled } = await loadFramework(FIXTURE, { cwd: ROOT, env: {} }, { today: "2026-01-15" });

type Rendered = Awaited<ReturnType<typeof render>>;

/** Polls until the last screen contains `text`; fails with the screen it saw. */
async function screenWith(r: Rendered, text: string, timeout = 3000): Promise<string> {
  const start = Date.now();
  while (!r.getScreen().includes(text)) {
    if (Date.now() - start > timeout)
      throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${r.getScreen()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return r.getScreen();
}

/** Renders one interview question with the production asker on @inquirer/testing's streams. */
async function ask(
  id: string,
  context: Partial<Omit<QuestionContext, "compiled" | "asker">> = {},
): Promise<Rendered & { outcome: Promise<Outcome> }> {
  const question = compiled.questionById.get(id)!;
  const prompt = (
    _props: unknown,
    streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
  ) =>
    Object.assign(
      (async () => {
        const asker = await inquirerAsker(
          streams.input,
          streams.output as unknown as { write(chunk: string): boolean },
          plain,
        );
        return askQuestion(
          { compiled, asker, header: "2/6 · Need", canGoBack: true, ...context },
          question,
        );
      })(),
      { cancel: () => {} },
    );
  const rendered = await render(prompt as never, {});
  await screenWith(rendered, "2/6 · Need");
  return Object.assign(rendered, { outcome: rendered.answer as unknown as Promise<Outcome> });
}

const backspaces = (r: Rendered, n: number) => {
  for (let i = 0; i < n; i++) r.events.keypress("backspace");
};

describe("choice questions", () => {
  it("show progress, question, help, the options, don't know yet and go back", async () => {
    const r = await ask("need");
    expect(r.getScreen()).toBe(
      [
        "? 2/6 · Need",
        "  How badly do they need it?",
        "  Ask what happens if they do nothing.",
        "❯ Critical",
        "  Nice to have",
        "  No need",
        " ──────────────",
        "  Don't know yet",
        "  ← Go back",
        "",
        "↑↓ navigate • ⏎ select • ctrl+c save & stop",
      ].join("\n"),
    );
    r.events.keypress("down");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: "nice" });
    expect(r.getScreen()).toBe("✔ 2/6 · Need › Nice to have");
  });

  it("record don't know yet as unknown, explaining what it means", async () => {
    const r = await ask("need");
    r.events.keypress("up"); // wraps to "Go back"
    r.events.keypress("up");
    expect(await screenWith(r, "❯ Don't know yet")).toContain(
      "Recorded as unknown: it earns no points and is listed under Ask next.",
    );
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: undefined });
    expect(r.getScreen()).toBe("✔ 2/6 · Need › Don't know yet");
  });

  it("go back", async () => {
    const r = await ask("need");
    r.events.keypress("up");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "back" });
  });

  it("cannot go back from the first question", async () => {
    const r = await ask("need", { canGoBack: false });
    expect(r.getScreen()).toContain("← Go back (this is the first question)");
    r.events.keypress("up"); // skips the disabled "Go back"
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: undefined });
  });

  it("start on the answer given before when asked again", async () => {
    const r = await ask("need", { previous: { value: "none" } });
    expect(r.getScreen()).toContain("❯ No need");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: "none" });
  });
});

describe("boolean questions", () => {
  it("offer yes and no, don't know yet and go back", async () => {
    const r = await ask("signs");
    const screen = r.getScreen();
    expect(screen).toContain("❯ Yes\n  No\n");
    expect(screen).toContain("Don't know yet");
    r.events.keypress("down");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: false });
    // The criterion and the answer, as for other types: the question is not repeated.
    expect(r.getScreen()).toBe("✔ 2/6 · Need › No");
  });
});

describe("multi questions", () => {
  it("tick options with space", async () => {
    const r = await ask("areas");
    expect(r.getScreen()).toContain("↑↓ navigate • space select • ⏎ submit • ctrl+c save & stop");
    r.events.keypress("space");
    r.events.keypress("down");
    r.events.keypress("space");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: ["time", "money"] });
    expect(r.getScreen()).toBe("✔ 2/6 · Need › Time saved, Money saved");
  });

  it("refuse an empty answer, and take None of these as a known empty answer", async () => {
    const r = await ask("areas");
    r.events.keypress("enter");
    await screenWith(r, "> Tick at least one with space, or tick None of these or Don't know yet.");
    r.events.keypress("down");
    r.events.keypress("down");
    r.events.keypress("space");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: [] });
  });

  it("keep don't know yet apart from the options", async () => {
    const r = await ask("areas");
    r.events.keypress("space");
    r.events.keypress("up"); // wraps to "Go back"
    r.events.keypress("up");
    r.events.keypress("space");
    r.events.keypress("enter");
    await screenWith(r, "> Don't know yet goes alone: untick the other choices.");
    r.events.keypress("up");
    r.events.keypress("up");
    r.events.keypress("up");
    r.events.keypress("space"); // untick "Time saved"
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: undefined });
  });

  it("go back when Go back is ticked, and start from the answer given before", async () => {
    const r = await ask("areas", { previous: { value: ["money"] } });
    expect(r.getScreen()).toContain("◉ Money saved");
    r.events.keypress("down");
    r.events.keypress("space"); // untick money
    r.events.keypress("up");
    r.events.keypress("up"); // wraps to "Go back"
    r.events.keypress("space");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "back" });
  });
});

describe("number questions", () => {
  it("say the unit and the accepted forms, validate, and read $1.2M", async () => {
    const r = await ask("deal_size");
    expect(r.getScreen().replace(/\s+/g, " ")).toContain(
      "A number in USD (e.g. 50000, $50k or 1.2M, at least 0). Type ? for don't know yet, < to go back.",
    );
    r.events.type("lots");
    r.events.keypress("enter");
    await screenWith(
      r,
      "> 'lots' is not a number (expected a number (USD)); or ? for don't know yet",
    );
    backspaces(r, 4);
    r.events.type("-5");
    r.events.keypress("enter");
    await screenWith(r, "> -5 is below the smallest valid answer, 0");
    backspaces(r, 2);
    r.events.type("$1.2M");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: 1_200_000 });
    expect(r.getScreen()).toBe("✔ 2/6 · Need › 1,200,000 USD");
  });

  it("take ? as don't know yet and < as go back", async () => {
    const unknown = await ask("deal_size");
    unknown.events.type("?");
    unknown.events.keypress("enter");
    await expect(unknown.outcome).resolves.toEqual({ kind: "answer", value: undefined });
    expect(unknown.getScreen()).toBe("✔ 2/6 · Need › Don't know yet");

    const back = await ask("deal_size");
    back.events.type("<");
    back.events.keypress("enter");
    await expect(back.outcome).resolves.toEqual({ kind: "back" });
  });

  it("offer the answer given before: enter keeps it, tab edits it", async () => {
    const keep = await ask("deal_size", { previous: { value: 50000 } });
    expect(keep.getScreen().replace(/\s+/g, " ")).toContain(
      "Press Enter to keep the answer given before, Tab to edit it. › (50000)",
    );
    keep.events.keypress("enter");
    await expect(keep.outcome).resolves.toEqual({ kind: "answer", value: 50000 });

    const edit = await ask("deal_size", { previous: { value: 50000 } });
    edit.events.keypress("tab");
    await screenWith(edit, "› 50000");
    edit.events.type("0");
    edit.events.keypress("enter");
    await expect(edit.outcome).resolves.toEqual({ kind: "answer", value: 500000 });
  });

  it("refuse to go back from the first question", async () => {
    const r = await ask("deal_size", { canGoBack: false });
    expect(r.getScreen()).not.toContain("< to go back");
    r.events.type("<");
    r.events.keypress("enter");
    await screenWith(r, "> This is the first question: there is nothing to go back to.");
    // Close the prompt, so nothing is left waiting when the test process exits.
    r.events.keypress({ name: "c", ctrl: true });
    await expect(r.outcome).rejects.toBeInstanceOf(PromptInterrupted);
  });
});

describe("date questions", () => {
  it("read the usual spellings of a date and refuse others", async () => {
    const r = await ask("go_live");
    expect(r.getScreen()).toContain("A date: 2026-03-31, 03/31/2026 or 31 Mar 2026.");
    r.events.type("soon");
    r.events.keypress("enter");
    await screenWith(r, "> 'soon' is not a date");
    backspaces(r, 4);
    r.events.type("31 Jan 2026");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: "2026-01-31" });
    expect(r.getScreen()).toBe("✔ 2/6 · Need › 2026-01-31");
  });
});

describe("text questions", () => {
  it("show the red-flag hint for a short answer, and let the rep add detail", async () => {
    const r = await ask("pain_story");
    r.events.type("It hurts");
    r.events.keypress("enter");
    const hint = await screenWith(r, "short answer");
    expect(hint).toContain("? 2/6 · Need · short answer");
    expect(hint).toContain("Short answer about the pain. Probe for specifics.");
    expect(hint).toContain("2 words; an answer of 5 or more words reads as specific.");
    expect(hint).toContain("❯ Add detail: edit the answer\n  Keep it as it is");
    r.events.keypress("enter");
    expect(await screenWith(r, "› It hurts")).toContain("Tell me about the pain.");
    r.events.type(" at every month-end close");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({
      kind: "answer",
      value: "It hurts at every month-end close",
    });
  });

  it("keep a short answer when the rep says so", async () => {
    const r = await ask("pain_story");
    r.events.type("Costly");
    r.events.keypress("enter");
    await screenWith(r, "1 word; an answer of 5 or more words");
    r.events.keypress("down");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({ kind: "answer", value: "Costly" });
  });

  it("ask nothing more of an answer long enough", async () => {
    const r = await ask("pain_story");
    r.events.type("Month-end close takes four days by hand");
    r.events.keypress("enter");
    await expect(r.outcome).resolves.toEqual({
      kind: "answer",
      value: "Month-end close takes four days by hand",
    });
  });
});

describe("Ctrl-C", () => {
  it("stops the prompt with PromptInterrupted", async () => {
    const r = await ask("need");
    r.events.keypress({ name: "c", ctrl: true });
    await expect(r.outcome).rejects.toBeInstanceOf(PromptInterrupted);
  });
});
