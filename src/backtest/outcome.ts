/**
 * Reading an outcome cell: positive (won, converted), negative (lost), or left out of the
 * backtest — blank, still open (Engaging, Prospecting, Open), or a value it does not know.
 * Values are compared ignoring case, spaces, dashes and underscores ("Closed - Won" is
 * "closed won"). Pure.
 */

export type OutcomeClass = "positive" | "negative" | "open" | "blank" | "unrecognised";

export const DEFAULT_POSITIVE = [
  "1",
  "true",
  "yes",
  "y",
  "won",
  "win",
  "closed won",
  "converted",
  "closed converted",
];

export const DEFAULT_NEGATIVE = [
  "0",
  "false",
  "no",
  "n",
  "lost",
  "loss",
  "closed lost",
  "not converted",
  "closed not converted",
];

/** Stages of a deal or lead that has no outcome yet: left out, and counted. */
export const OPEN_VALUES = [
  "open",
  "new",
  "engaging",
  "prospecting",
  "working",
  "contacted",
  "working contacted",
  "open not contacted",
  "not contacted",
  "qualifying",
  "qualification",
  "needs analysis",
  "discovery",
  "demo",
  "proposal",
  "negotiation",
  "in progress",
  "pending",
  "nurture",
  // Salesforce's and Zoho's default opportunity stages (normalised).
  "id. decision makers",
  "identify decision makers",
  "value proposition",
  "perception analysis",
  "proposal price quote",
  "negotiation review",
  // HubSpot's and Pipedrive's default deal stages.
  "appointment scheduled",
  "qualified to buy",
  "presentation scheduled",
  "decision maker bought in",
  "contract sent",
  "lead in",
  "contact made",
  "demo scheduled",
  "proposal made",
  "negotiations started",
];

/** How outcome values are compared. */
export function normalizeOutcome(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_\-–—/]+/g, " ")
    .trim();
}

/** A comma-separated list of values from a flag (`--positive 1,Won`). */
export function parseValueList(text: string): string[] {
  return text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

export interface OutcomeRules {
  positive: readonly string[];
  negative: readonly string[];
}

export class OutcomeReader {
  private readonly known = new Map<string, OutcomeClass>();

  constructor(rules: OutcomeRules) {
    for (const value of OPEN_VALUES) this.known.set(value, "open");
    // Negatives first, so a value named in both lists is positive (what the user asked for).
    for (const value of rules.negative) this.known.set(normalizeOutcome(value), "negative");
    for (const value of rules.positive) this.known.set(normalizeOutcome(value), "positive");
  }

  classify(cell: string): OutcomeClass {
    const key = normalizeOutcome(cell);
    if (key === "") return "blank";
    return this.known.get(key) ?? "unrecognised";
  }
}
