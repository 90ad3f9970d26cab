/**
 * qualify as a library: the same engine the CLI uses. Nothing here prints or exits;
 * problems are thrown as typed errors (QualifyError and its subclasses).
 */
export {
  loadFramework,
  loadFrameworkFile,
  resolveFrameworkRef,
  listFrameworkFiles,
  type FrameworkContext,
  type LoadedFramework,
} from "./io/frameworks.js";
export {
  compileFramework,
  frameworkHash,
  type CompiledFramework,
  type CompileOptions,
} from "./core/compile.js";
export {
  evaluate,
  RESULT_SCHEMA_VERSION,
  type Result,
  type CriterionResult,
  type Gap,
  type FiredRule,
  type FiredFlag,
  type GateResult,
  type EvaluateOptions,
} from "./core/engine.js";
export { readAnswers, coerceAnswer } from "./core/answers.js";
export { scoreStream, OUTPUT_COLUMNS, type BatchOptions, type BatchSummary } from "./io/batch.js";
export type { Value } from "./core/conditions.js";
export type { Framework, Question, Criterion, Rule, Flag, Verdict, Level } from "./core/schema.js";
export {
  QualifyError,
  InputError,
  FrameworkError,
  AnswersError,
  UsageError,
  CheckFailedError,
  InterruptedError,
  EXIT,
} from "./core/errors.js";

import type { CompiledFramework } from "./core/compile.js";
import { readAnswers } from "./core/answers.js";
import { evaluate, type Result } from "./core/engine.js";

/** Scores one lead from an answers map (question id → answer as a person would write it). */
export function score(
  compiled: CompiledFramework,
  answers: Record<string, unknown>,
  lead?: string,
): Result {
  return evaluate(compiled, readAnswers(compiled, answers), { lead });
}
