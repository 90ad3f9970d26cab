/**
 * From answers to features and from fitted weights back to points. Each answer that earns
 * points of its own — an option, a band, yes or no, a text answered — is a feature of the
 * questions being learned. Unknown earns nothing by the framework's semantics, so it is the
 * reference every weight is measured from; "outside every band" and "none chosen" earn
 * nothing too and stay so. Weights become points on one scale for the whole framework: the
 * learned questions together keep the maximum points they had, so the score keeps its
 * meaning next to the questions that were not learned. Pure.
 */
import type { CompiledFramework } from "../core/compile.js";
import type { Framework, Question } from "../core/schema.js";
import type { AnswerLayout, QuestionBuckets } from "../backtest/answers.js";

/** The largest points the schema allows. */
const POINTS_LIMIT = 1000;

export interface Feature {
  /** Compiled question index. */
  question: number;
  layout: QuestionBuckets;
  /** The bucket's index within its question's layout. */
  bucket: number;
}

export class FeatureSpace {
  readonly features: Feature[] = [];
  /** Layout cell → feature index, or −1 for answers that are not learned. */
  private readonly featureOfCell: Int32Array;

  constructor(layout: AnswerLayout, questions: ReadonlySet<number>) {
    this.featureOfCell = new Int32Array(layout.size).fill(-1);
    for (const q of layout.questions) {
      if (!questions.has(q.question)) continue;
      q.buckets.forEach((bucket, i) => {
        if (bucket.kind !== "option" && bucket.kind !== "band") return;
        this.featureOfCell[q.offset + i] = this.features.length;
        this.features.push({ question: q.question, layout: q, bucket: i });
      });
    }
  }

  /** The features of a row's layout cells, ascending. */
  featuresOf(cells: readonly number[]): Int32Array {
    let n = 0;
    for (const cell of cells) if (this.featureOfCell[cell]! >= 0) n++;
    const out = new Int32Array(n);
    let k = 0;
    for (const cell of cells) {
      const f = this.featureOfCell[cell]!;
      if (f >= 0) out[k++] = f;
    }
    return out.sort();
  }
}

/** New points per learned question: one per layout bucket (null where it is not learned). */
export interface ProposedPoints {
  byQuestion: Map<number, Array<number | null>>;
  /** Points per unit of log-odds. */
  scale: number;
}

/** The most a question's answers can earn under `points` (per layout bucket). */
function maxOf(question: Question, points: ReadonlyArray<number | null>): number {
  let max = 0;
  if (question.type === "multi") {
    for (const p of points) if (p !== null && p > 0) max += p;
    return max;
  }
  for (const p of points) if (p !== null && p > max) max = p;
  return max;
}

/**
 * Below this share of training rows at a question's zero — unknown, or an answer that earns
 * nothing whatever the points (outside every band, none chosen) — its answers start at zero.
 */
export const RARELY_UNKNOWN = 0.05;

/**
 * Integer points from weights (log-odds per feature). Null when no learned answer has a
 * positive weight: then there is nothing to scale the points by.
 *
 * Weights are measured from the answers that earn nothing by the framework's semantics:
 * unknown, outside every band, none chosen. When a question's rows almost never fall there,
 * the data cannot say where that zero stands among its answers, and the fit splits the
 * difference (yes +9, no −9). Such a question's answers are shifted so the lowest earns zero
 * (yes 18, no 0): the same ranking of every row that answers it, unknown no better than the
 * worst answer, and no negative points nobody asked for. A question with many rows at its
 * zero keeps it as the reference, negative points and all, so that an answer that cannot earn
 * points (0 site visits, outside every band) keeps its place among the others. Multi
 * questions are not shifted: their points add up per option. An answer no training row
 * gives keeps its points: the history says nothing about it.
 */
export function pointsFromWeights(
  compiled: CompiledFramework,
  space: FeatureSpace,
  weights: Float64Array,
  /** Training rows per layout cell. */
  rows: (cell: number) => number,
): ProposedPoints | null {
  const raw = new Map<number, Array<number | null>>();
  const layouts = new Map<number, QuestionBuckets>();
  for (let f = 0; f < space.features.length; f++) {
    const { question, layout, bucket } = space.features[f]!;
    let list = raw.get(question);
    if (list === undefined) {
      list = layout.buckets.map(() => null);
      raw.set(question, list);
      layouts.set(question, layout);
    }
    if (rows(layout.offset + bucket) > 0) list[bucket] = weights[f]!;
  }
  for (const [question, list] of raw) {
    if (list.every((w) => w === null)) {
      raw.delete(question);
      continue;
    }
    if (compiled.questions[question]!.type === "multi") continue;
    const layout = layouts.get(question)!;
    let atZero = 0;
    let all = 0;
    layout.buckets.forEach((bucket, i) => {
      const n = rows(layout.offset + i);
      all += n;
      if (bucket.kind === "other" || bucket.kind === "unknown") atZero += n;
    });
    if (all === 0 || atZero / all >= RARELY_UNKNOWN) continue;
    const low = Math.min(...list.filter((w): w is number => w !== null));
    if (low < 0)
      raw.set(
        question,
        list.map((w) => (w === null ? null : w - low)),
      );
  }
  let oldMax = 0;
  let newMax = 0;
  for (const [question, list] of raw) {
    oldMax += compiled.questions[question]!.maxPoints;
    newMax += maxOf(compiled.questions[question]!.def, list);
  }
  if (!(newMax > 0)) return null;
  // The learned questions keep their maximum (at least 10 points, so rounding stays fine).
  const scale = Math.max(oldMax, 10) / newMax;
  const byQuestion = new Map<number, Array<number | null>>();
  for (const [question, list] of raw)
    byQuestion.set(
      question,
      list.map((w) => {
        if (w === null) return null;
        const p = Math.round(w * scale);
        return Math.max(-POINTS_LIMIT, Math.min(POINTS_LIMIT, p)) + 0; // + 0: no −0
      }),
    );
  return { byQuestion, scale };
}

/** A copy of `question` with the proposed points (layout bucket order). */
function withQuestionPoints(question: Question, points: ReadonlyArray<number | null>): Question {
  const at = (i: number, old: number): number => points[i] ?? old;
  switch (question.type) {
    case "choice":
      return {
        ...question,
        options: question.options.map((o, i) => ({ ...o, points: at(i, o.points) })),
      };
    case "multi": {
      const options = question.options.map((o, i) => ({ ...o, points: at(i, o.points) }));
      if (question.maxPoints === undefined) return { ...question, options };
      // The fit adds the options up, so the cap is raised to what they can add up to.
      const maxPoints = options.reduce((sum, o) => sum + Math.max(0, o.points), 0);
      return { ...question, options, maxPoints };
    }
    case "boolean":
      return {
        ...question,
        points: { yes: at(0, question.points.yes), no: at(1, question.points.no) },
      };
    case "number":
      return {
        ...question,
        bands: question.bands.map((b, i) => ({ ...b, points: at(i, b.points) })),
      };
    case "date":
      return {
        ...question,
        bands: question.bands.map((b, i) => ({ ...b, points: at(i, b.points) })),
      };
    case "text":
      return { ...question, points: at(0, question.points) };
  }
}

export interface CalibratedIdentity {
  id: string;
  name: string;
  /** The new minScore; undefined leaves the framework without one. */
  minScore: number | undefined;
}

/** The framework with the proposed points and minScore: same questions, rules and gates. */
export function calibratedFramework(
  compiled: CompiledFramework,
  proposal: ProposedPoints,
  identity: CalibratedIdentity,
): Framework {
  const framework = compiled.framework;
  const byId = new Map<string, ReadonlyArray<number | null>>();
  for (const [question, points] of proposal.byQuestion)
    byId.set(compiled.questions[question]!.id, points);
  const { minScore: _old, ...qualified } = framework.verdict.qualified;
  return {
    ...framework,
    id: identity.id,
    name: identity.name,
    extends: undefined,
    criteria: framework.criteria.map((criterion) => ({
      ...criterion,
      questions: criterion.questions.map((q) => {
        const points = byId.get(q.id);
        return points === undefined ? q : withQuestionPoints(q, points);
      }),
    })),
    verdict: {
      ...framework.verdict,
      qualified:
        identity.minScore === undefined ? qualified : { ...qualified, minScore: identity.minScore },
    },
  };
}
