/**
 * The calibrated framework as YAML a person reads as a diff: an `extends:` file with only the
 * points that changed, each marked with what it was (`# was 8`), and the new minScore; or,
 * when the original cannot be found by id (a framework given by path outside the search
 * directories), a full copy marked the same way. Pure.
 */
import { Document, isCollection, isNode, type Node } from "yaml";
import type { CompiledFramework } from "../core/compile.js";
import type { Question } from "../core/schema.js";
import type { Calibration } from "./calibrate.js";

type Path = Array<string | number>;
interface Mark {
  path: Path;
  comment: string;
  flow?: boolean;
}

const listOf = (points: ReadonlyArray<{ points: number }>): number[] => points.map((p) => p.points);

/** The part of a learned question that changed, and the marks on it (paths from the question). */
function questionChange(
  before: Question,
  after: Question,
  full: boolean,
): { patch: Record<string, unknown> | null; marks: Mark[] } {
  const marks: Mark[] = [];
  const was = (old: number, now: number): string => (old === now ? " unchanged" : ` was ${old}`);
  switch (after.type) {
    case "choice":
    case "multi": {
      const old = listOf((before as typeof after).options);
      const changed = after.options.flatMap((o, i) => (o.points === old[i] ? [] : [i]));
      const cap =
        after.type === "multi" && (before as typeof after).maxPoints !== after.maxPoints
          ? { maxPoints: after.maxPoints }
          : {};
      if (changed.length === 0 && Object.keys(cap).length === 0) return { patch: null, marks };
      const shown = full ? after.options.map((_, i) => i) : changed;
      shown.forEach((i, k) =>
        marks.push(
          full
            ? { path: ["options", k, "points"], comment: was(old[i]!, after.options[i]!.points) }
            : { path: ["options", k], comment: was(old[i]!, after.options[i]!.points), flow: true },
        ),
      );
      if ("maxPoints" in cap)
        marks.push({
          path: ["maxPoints"],
          comment: ` was ${(before as { maxPoints?: number }).maxPoints}`,
        });
      return {
        patch: {
          options: shown.map((i) => ({
            value: after.options[i]!.value,
            points: after.options[i]!.points,
          })),
          ...cap,
        },
        marks,
      };
    }
    case "boolean": {
      const old = (before as typeof after).points;
      if (old.yes === after.points.yes && old.no === after.points.no) return { patch: null, marks };
      marks.push({ path: ["points"], comment: ` was yes ${old.yes}, no ${old.no}`, flow: true });
      return { patch: { points: after.points }, marks };
    }
    case "number":
    case "date": {
      const old = listOf((before as typeof after).bands);
      if (after.bands.every((b, i) => b.points === old[i])) return { patch: null, marks };
      after.bands.forEach((b, i) =>
        marks.push({ path: ["bands", i], comment: was(old[i]!, b.points), flow: true }),
      );
      // A patch replaces the whole list of bands, so every band is written in full.
      return { patch: { bands: after.bands }, marks };
    }
    case "text": {
      const old = (before as typeof after).points;
      if (old === after.points) return { patch: null, marks };
      marks.push({ path: ["points"], comment: ` was ${old}` });
      return { patch: { points: after.points }, marks };
    }
  }
}

export interface YamlMeta {
  /** The history file, as the user named it. */
  file: string;
  /** The parent's id for an `extends:` file; undefined for a full copy. */
  extends?: string;
}

const count = (n: number): string => n.toLocaleString("en-US");
const signed = (x: number): string => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;

export function calibratedYaml(
  original: CompiledFramework,
  calibration: Calibration,
  meta: YamlMeta,
): string {
  const framework = calibration.framework!;
  const full = meta.extends === undefined;
  const marks: Mark[] = [];
  const criteria: Array<Record<string, unknown>> = [];
  framework.criteria.forEach((criterion, ci) => {
    const questions: Array<Record<string, unknown>> = [];
    criterion.questions.forEach((question, qi) => {
      const before = original.framework.criteria[ci]!.questions[qi]!;
      const { patch, marks: own } = questionChange(before, question, full);
      if (patch === null) {
        if (full) questions.push(question as unknown as Record<string, unknown>);
        return;
      }
      const at = questions.length;
      // A full copy holds the question as calibrated; a patch only what changed.
      questions.push(
        full ? (question as unknown as Record<string, unknown>) : { id: question.id, ...patch },
      );
      for (const mark of own)
        marks.push({ ...mark, path: ["criteria", criteria.length, "questions", at, ...mark.path] });
    });
    if (full) criteria.push({ ...criterion, questions });
    else if (questions.length > 0) criteria.push({ id: criterion.id, questions });
  });

  const oldMin = calibration.minScore.before;
  const newMin = calibration.minScore.after;
  const { $schema: _schema, extends: _extends, ...rest } = framework;
  const body: Record<string, unknown> = full
    ? { ...rest, criteria }
    : {
        id: framework.id,
        name: framework.name,
        extends: meta.extends,
        criteria,
        ...(newMin !== oldMin && newMin !== null
          ? { verdict: { qualified: { minScore: newMin } } }
          : {}),
      };
  if (newMin !== null && newMin !== oldMin)
    marks.push({
      path: ["verdict", "qualified", "minScore"],
      comment: oldMin === null ? " was not set" : ` was ${oldMin}`,
    });

  const doc = new Document(body);
  for (const mark of marks) {
    const node: unknown = doc.getIn(mark.path, true);
    if (!isNode(node)) continue;
    (node as Node).comment = mark.comment;
    if (mark.flow === true && isCollection(node)) node.flow = true;
  }
  const { train, auc } = calibration;
  const interval = auc?.interval;
  doc.commentBefore = [
    ` ${framework.name}: points learned from ${meta.file} by 'qualify calibrate'.`,
    ` ${count(train.positives + train.negatives)} training rows (${count(train.positives)} positive, ${count(train.negatives)} negative);`,
    ` L2-regularised logistic regression on the answers, rounded to whole points.`,
    auc?.before !== null && auc?.after !== null && auc !== null
      ? ` Held-out AUC ${auc.before.toFixed(3)} → ${auc.after.toFixed(3)}${interval ? ` (${signed(auc.change!)}; 95% interval ${signed(interval[0])} to ${signed(interval[1])})` : ""}.`
      : "",
    full
      ? ` A full copy of ${original.framework.id}: each learned answer says what it was.`
      : ` Only what changed is here, each with what it was; the rest comes from ${meta.extends}.`,
  ]
    .filter((line) => line !== "")
    .join("\n");
  return doc.toString({ lineWidth: 100 });
}
