/**
 * A query as a chain of stages: each stage computes named helper columns from the table's
 * columns and from earlier stages, the way the engine computes answers, then applicability,
 * points, criteria, rules and the verdict. The dialect decides how the chain is written
 * (CTEs, lateral joins or lateral views); the names are generated here, never taken from a
 * framework, so they need no quoting.
 */
import type { Dialect } from "./dialect.js";

interface Column {
  alias: string;
  expr: string;
}

/** Helper names start with this; a table column that does too is refused (see columns.ts). */
export const HELPER_PREFIX = "_q_";

/** Longest helper name: Postgres cuts identifiers at 63 bytes. */
const MAX_NAME = 60;

export class Stages {
  private readonly stages: Column[][] = [[]];
  private readonly stageOf = new Map<string, number>();

  constructor(
    private readonly dialect: Dialect,
    /** The table (or table function) the first stage reads, already quoted. */
    private readonly source: string,
  ) {}

  /** A new helper name: `_q_<kind>_<id>`, unique, short enough for every dialect. */
  name(kind: string, id = ""): string {
    const clean = id.replace(/[^a-z0-9_]/g, "_");
    let name = `${HELPER_PREFIX}${kind}${clean === "" ? "" : `_${clean}`}`;
    if (name.length > MAX_NAME) name = `${HELPER_PREFIX}${kind}`;
    let candidate = name;
    for (let i = 2; this.stageOf.has(candidate); i++) candidate = `${name}_${i}`;
    this.stageOf.set(candidate, -1);
    return candidate;
  }

  /** Adds a column to the current stage; returns its name. */
  add(alias: string, expr: string): string {
    const current = this.stages.length - 1;
    this.stages[current]!.push({ alias, expr });
    this.stageOf.set(alias, current);
    return alias;
  }

  /** Adds a column under a new helper name. */
  define(kind: string, id: string, expr: string): string {
    return this.add(this.name(kind, id), expr);
  }

  /** Starts the next stage (when the current one has columns). */
  next(): void {
    if (this.stages.at(-1)!.length > 0) this.stages.push([]);
  }

  /** Every stage's columns, in order (for tests and tools). */
  columns(): Array<Array<{ alias: string; expr: string }>> {
    return this.stages.filter((s) => s.length > 0).map((s) => s.map((c) => ({ ...c })));
  }

  /** How a later stage refers to a column of an earlier one. */
  ref(alias: string): string {
    const stage = this.stageOf.get(alias);
    if (stage === undefined || stage < 0) throw new Error(`no column ${alias} yet`);
    if (stage === this.stages.length - 1)
      throw new Error(`${alias} is read in the stage that defines it`);
    return this.dialect.layout === "cte" ? `s.${alias}` : `s${stage + 1}.${alias}`;
  }

  /** How the first stage refers to a column of the table. */
  column(name: string): string {
    return `t.${this.dialect.ident(name)}`;
  }

  /**
   * The query: every column of the table, then `outputs` (columns of the last stage, in
   * order), and none of the helpers.
   */
  render(outputs: string[]): string {
    const stages = this.stages.filter((s) => s.length > 0);
    const last = stages.at(-1) ?? [];
    const missing = outputs.filter((o) => !last.some((c) => c.alias === o));
    if (missing.length > 0) throw new Error(`outputs not in the last stage: ${missing.join(", ")}`);
    const list = (columns: Column[], indent: string) =>
      columns.map((c) => `${indent}${c.expr} AS ${c.alias}`).join(`,\n`);
    const d = this.dialect;
    switch (d.layout) {
      case "cte": {
        const ctes = stages.map((columns, i) => {
          const from = i === 0 ? `${this.source} AS t` : `_q_s${i} AS s`;
          return `_q_s${i + 1} AS (\n  SELECT\n    ${i === 0 ? "t" : "s"}.*,\n${list(columns, "    ")}\n  FROM ${from}\n)`;
        });
        const helpers = stages
          .flatMap((s) => s.map((c) => c.alias))
          .filter((a) => !outputs.includes(a));
        return `WITH\n${ctes.join(",\n")}\nSELECT ${d.starExcept(helpers)}\nFROM _q_s${stages.length}`;
      }
      case "lateral": {
        // OFFSET 0 keeps Postgres from pulling each subquery up into the next: that would copy
        // every stage's expressions into every one that reads them, exponentially.
        const joins = stages.map(
          (columns, i) =>
            `CROSS JOIN LATERAL (\n  SELECT\n${list(columns, "    ")}\n  OFFSET 0\n) AS s${i + 1}`,
        );
        const n = stages.length;
        return `SELECT\n  t.*,\n${outputs.map((o) => `  s${n}.${o} AS ${o}`).join(",\n")}\nFROM ${this.source} AS t\n${joins.join("\n")}`;
      }
      case "lateral-view": {
        const views = stages.map((columns, i) => {
          const fields = columns.map((c) => `    ${d.string(c.alias)}, ${c.expr}`).join(",\n");
          return `LATERAL VIEW inline(array(named_struct(\n${fields}\n))) s${i + 1} AS ${columns.map((c) => c.alias).join(", ")}`;
        });
        const n = stages.length;
        return `SELECT\n  t.*,\n${outputs.map((o) => `  s${n}.${o} AS ${o}`).join(",\n")}\nFROM ${this.source} AS t\n${views.join("\n")}`;
      }
    }
  }
}
