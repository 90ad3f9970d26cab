/**
 * Verdicts as a function of minScore. A row's verdict is its rule's when a rule fires;
 * otherwise it is qualified when it passes every other gate and scores at least minScore, and
 * else what the framework falls back to (disqualified at or below maxScore, else nurture),
 * which does not depend on minScore. Counting rows by (score, eligible, fallback) therefore
 * gives the verdicts, precision and recall at every minScore from one pass, so calibrate
 * can pick a minScore for new points it has only just learned. Pure.
 */
import type { CompiledFramework } from "../core/compile.js";
import { assess, Assessment, explain } from "../core/engine.js";
import type { Value } from "../core/conditions.js";
import { OutcomeMemo } from "../io/outcome-memo.js";
import { VERDICTS, type Verdict } from "../core/constants.js";
import { Counts } from "../backtest/history.js";
import {
  auc,
  cell,
  pointAt,
  rate,
  rocCurve,
  ScoreTally,
  sweep,
  type Cell,
  type ScoreGroup,
  type SweepPoint,
  type Totals,
} from "../backtest/metrics.js";

const QUALIFIED = VERDICTS.indexOf("qualified");
const NURTURE = VERDICTS.indexOf("nurture");
const DISQUALIFIED = VERDICTS.indexOf("disqualified");

/** What a lead's verdict at any minScore depends on. */
export interface ScoredOutcome {
  score: number;
  /** No rule fired and every gate but minScore passed. */
  eligible: boolean;
  /** The verdict (VERDICTS index) when not qualified. */
  otherwise: number;
}

/** Distinct outcomes (engine.ts `outcomeKey`) whose scoring is remembered. */
const MAX_REMEMBERED_OUTCOMES = 100_000;

/**
 * Scores leads with one framework into what their verdict at any minScore depends on. Leads
 * with the same outcome key are explained once: explaining every row would make garbage
 * enough to grow the heap with the file.
 */
export class OutcomeScorer {
  private readonly assessment: Assessment;
  private readonly maxScore: number | undefined;
  private readonly memo: OutcomeMemo<ScoredOutcome>;

  constructor(private readonly compiled: CompiledFramework) {
    this.assessment = new Assessment(compiled);
    this.maxScore = compiled.framework.verdict.disqualified.maxScore;
    this.memo = new OutcomeMemo(compiled, MAX_REMEMBERED_OUTCOMES);
  }

  score(values: readonly Value[]): ScoredOutcome {
    const assessment = assess(this.compiled, values, this.assessment);
    const known = this.memo.lookup(assessment);
    if (known !== undefined) return known;
    const outcome = this.explained(assessment);
    this.memo.remember(outcome);
    return outcome;
  }

  private explained(assessment: Assessment): ScoredOutcome {
    const result = explain(this.compiled, assessment);
    if (result.rules.length > 0)
      return { score: result.score, eligible: false, otherwise: VERDICTS.indexOf(result.verdict) };
    const eligible = result.gates.every((g) => g.gate === "minScore" || g.passed);
    // As the engine falls back when a qualified gate fails (engine.ts).
    const otherwise =
      this.maxScore !== undefined && assessment.state.scoreHigh <= this.maxScore
        ? DISQUALIFIED
        : NURTURE;
    return { score: result.score, eligible, otherwise };
  }
}

export interface VerdictFigures {
  minScore: number;
  auc: number | null;
  roc: Array<{ fpr: number; tpr: number }>;
  qualified: { n: number; positives: number; precision: number | null; recall: number | null };
  verdicts: Array<{ verdict: Verdict } & Cell>;
}

export class VerdictTally {
  readonly scores = new ScoreTally();
  /** Eligible rows' scores, per fallback verdict. */
  private readonly eligible = VERDICTS.map(() => new ScoreTally());
  /** Rows that are never qualified, per verdict. */
  private readonly settled = new Counts(VERDICTS.length);
  positives = 0;
  negatives = 0;

  add(outcome: ScoredOutcome, positive: boolean): void {
    const p = positive ? 1 : 0;
    if (positive) this.positives++;
    else this.negatives++;
    this.scores.add(outcome.score, p, 1 - p);
    if (outcome.eligible) this.eligible[outcome.otherwise]!.add(outcome.score, p, 1 - p);
    else this.settled.add(outcome.otherwise, positive);
  }

  get totals(): Totals {
    return { positives: this.positives, negatives: this.negatives };
  }

  /** Scores of the eligible rows, whatever they fall back to. */
  eligibleGroups(): ScoreGroup[] {
    const all = new ScoreTally();
    for (const tally of this.eligible)
      for (const g of tally.groups()) all.add(g.score, g.positives, g.negatives);
    return all.groups();
  }

  /** The qualified gate at every minScore, other gates and rules as they are. */
  sweep(): SweepPoint[] {
    return sweep(this.eligibleGroups(), this.totals);
  }

  figuresAt(minScore: number): VerdictFigures {
    const positives = new Float64Array(VERDICTS.length);
    const rows = new Float64Array(VERDICTS.length);
    for (let v = 0; v < VERDICTS.length; v++) {
      positives[v] = this.settled.positives[v]!;
      rows[v] = this.settled.positives[v]! + this.settled.negatives[v]!;
    }
    this.eligible.forEach((tally, fallback) => {
      for (const g of tally.groups()) {
        const v = g.score >= minScore ? QUALIFIED : fallback;
        positives[v]! += g.positives;
        rows[v]! += g.positives + g.negatives;
      }
    });
    const base = rate(this.positives, this.positives + this.negatives);
    const groups = this.scores.groups();
    const gate = pointAt(this.eligibleGroups(), minScore, this.totals);
    return {
      minScore,
      auc: auc(groups),
      roc: rocCurve(groups),
      qualified: {
        n: gate.qualified,
        positives: gate.positives,
        precision: gate.precision,
        recall: gate.recall,
      },
      verdicts: VERDICTS.map((verdict, v) => ({ verdict, ...cell(rows[v]!, positives[v]!, base) })),
    };
  }
}
