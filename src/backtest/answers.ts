/**
 * Where each answer falls for the "which answers separate" table: the option of a choice,
 * multi or boolean question, the band of a number or date question, answered or not for
 * text; unknown last. Buckets of all questions share one index space, so a history is a
 * pair of flat count arrays. Pure.
 */
import type { CompiledFramework, CompiledQuestion } from "../core/compile.js";
import type { Value } from "../core/conditions.js";
import { daysBetween } from "../core/coerce.js";
import { bandLabel, dateBandLabel } from "../core/bands.js";

export interface BucketInfo {
  /** The option value, band, or `unknown`. */
  value: string;
  label: string;
  kind: "option" | "band" | "other" | "unknown";
  /** Points the framework gives this answer (null for unknown: it earns nothing). */
  points: number | null;
}

export interface QuestionBuckets {
  question: number;
  id: string;
  text: string;
  type: CompiledQuestion["type"];
  criterion: string;
  /** Index of this question's first bucket in the shared space. */
  offset: number;
  buckets: BucketInfo[];
}

function bucketsOf(question: CompiledQuestion): BucketInfo[] {
  const def = question.def;
  const unknown: BucketInfo = { value: "unknown", label: "unknown", kind: "unknown", points: null };
  switch (def.type) {
    case "choice":
      return [
        ...def.options.map((o) => ({
          value: o.value,
          label: o.label,
          kind: "option" as const,
          points: o.points,
        })),
        unknown,
      ];
    case "multi":
      return [
        ...def.options.map((o) => ({
          value: o.value,
          label: o.label,
          kind: "option" as const,
          points: o.points,
        })),
        { value: "none", label: "none chosen", kind: "other", points: 0 },
        unknown,
      ];
    case "boolean":
      return [
        { value: "yes", label: "yes", kind: "option", points: def.points.yes },
        { value: "no", label: "no", kind: "option", points: def.points.no },
        unknown,
      ];
    case "number":
      return [
        ...def.bands.map((b, i) => ({
          value: `band${i + 1}`,
          label: bandLabel(b, def.unit),
          kind: "band" as const,
          points: b.points,
        })),
        { value: "other", label: "outside every band", kind: "other", points: 0 },
        unknown,
      ];
    case "date":
      return [
        ...def.bands.map((b, i) => ({
          value: `band${i + 1}`,
          label: dateBandLabel(b),
          kind: "band" as const,
          points: b.points,
        })),
        { value: "other", label: "outside every band", kind: "other", points: 0 },
        unknown,
      ];
    case "text":
      return [
        { value: "answered", label: "answered", kind: "option", points: def.points },
        unknown,
      ];
  }
}

export class AnswerLayout {
  readonly questions: QuestionBuckets[];
  readonly size: number;
  private readonly byIndex: (QuestionBuckets | undefined)[];

  constructor(private readonly compiled: CompiledFramework) {
    let offset = 0;
    this.questions = compiled.askOrder.map((index) => {
      const question = compiled.questions[index]!;
      const buckets = bucketsOf(question);
      const entry: QuestionBuckets = {
        question: index,
        id: question.id,
        text: question.def.text,
        type: question.type,
        criterion: compiled.criteria[question.criterionIndex]!.id,
        offset,
        buckets,
      };
      offset += buckets.length;
      return entry;
    });
    this.size = offset;
    this.byIndex = new Array<QuestionBuckets | undefined>(compiled.questions.length);
    for (const q of this.questions) this.byIndex[q.question] = q;
  }

  /** The shared bucket indexes an answer set falls in (one per question; multi: per option). */
  cellsOf(values: readonly Value[]): number[] {
    const cells: number[] = [];
    for (const q of this.questions) {
      const value = values[q.question];
      const unknown = q.offset + q.buckets.length - 1;
      if (value === undefined) {
        cells.push(unknown);
        continue;
      }
      const def = this.compiled.questions[q.question]!.def;
      switch (def.type) {
        case "choice": {
          const i = def.options.findIndex((o) => o.value === value);
          cells.push(i >= 0 ? q.offset + i : unknown);
          break;
        }
        case "multi": {
          const chosen = value as readonly string[];
          if (chosen.length === 0) cells.push(q.offset + def.options.length);
          for (const item of chosen) {
            const i = def.options.findIndex((o) => o.value === item);
            if (i >= 0) cells.push(q.offset + i);
          }
          break;
        }
        case "boolean":
          cells.push(q.offset + (value === true ? 0 : 1));
          break;
        case "number": {
          const n = value as number;
          const i = def.bands.findIndex(
            (b) => (b.min === undefined || n >= b.min) && (b.max === undefined || n < b.max),
          );
          cells.push(q.offset + (i >= 0 ? i : def.bands.length));
          break;
        }
        case "date": {
          const days = daysBetween(this.compiled.today, value as string);
          const i = def.bands.findIndex(
            (b) =>
              (b.withinDays === undefined || days <= b.withinDays) &&
              (b.withinDaysAgo === undefined || days >= -b.withinDaysAgo),
          );
          cells.push(q.offset + (i >= 0 ? i : def.bands.length));
          break;
        }
        case "text":
          cells.push(q.offset);
          break;
      }
    }
    return cells;
  }

  /** The layout of question `index`. */
  of(index: number): QuestionBuckets | undefined {
    return this.byIndex[index];
  }
}
