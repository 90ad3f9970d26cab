/** `qualify frameworks list | show | validate`. */
import { relative } from "node:path";
import { EXIT, QualifyError, UsageError } from "../../core/errors.js";
import {
  listFrameworkFiles,
  loadFramework,
  loadFrameworkFile,
  refuseMisnamedFile,
  resolveFrameworkRef,
} from "../../io/frameworks.js";
import { renderFramework, renderFrameworkMarkdown } from "../../ui/framework.js";
import { table } from "../../ui/table.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { colorsOf, frameworkContext, terminalWidth, writeJson } from "../context.js";
import { describeError } from "../errors.js";

interface JsonOption {
  json?: boolean;
}

export async function runList(
  options: JsonOption,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const ctx = frameworkContext(io);
  const entries = await listFrameworkFiles(ctx);
  const rows = await Promise.all(
    entries.map(async (entry) => {
      try {
        const { compiled } = await loadFrameworkFile(entry.path, ctx);
        const fw = compiled.framework;
        return {
          ...entry,
          ok: true as const,
          name: fw.name,
          version: fw.version,
          summary: fw.summary,
          questions: compiled.questions.length,
          hash: compiled.hash,
        };
      } catch (error) {
        if (!(error instanceof QualifyError)) throw error;
        return { ...entry, ok: false as const, error: describeError(error).message };
      }
    }),
  );
  if (options.json) {
    writeJson(io, { schemaVersion: 1, frameworks: rows });
    return EXIT.ok;
  }
  const colors = await colorsOf(io, io.stdout, globals);
  const shown = rows.map((r) => [
    colors.bold(r.id),
    r.ok ? r.name : colors.red("invalid"),
    r.ok ? r.version : "",
    r.ok ? String(r.questions) : "",
    r.origin === "built-in" ? colors.dim("built-in") : relative(io.cwd, r.path),
    r.ok ? r.summary : r.error,
  ]);
  io.stdout.write(
    table(["ID", "NAME", "VERSION", "QUESTIONS", "FROM", "SUMMARY"], shown, colors.dim),
  );
  return EXIT.ok;
}

export async function runShow(
  ref: string,
  options: JsonOption & { format?: string },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const format = (options.json ? "json" : (options.format ?? "text")).toLowerCase();
  if (!["text", "json", "markdown", "md"].includes(format)) {
    throw new UsageError(`--format '${options.format}' is not supported`, {
      hint: "Use text, markdown or json.",
    });
  }
  const { compiled, path } = await loadFramework(ref, frameworkContext(io));
  if (format === "json") {
    writeJson(io, { schemaVersion: 1, path, hash: compiled.hash, framework: compiled.framework });
    return EXIT.ok;
  }
  if (format === "markdown" || format === "md") {
    io.stdout.write(renderFrameworkMarkdown(compiled));
    return EXIT.ok;
  }
  io.stdout.write(
    renderFramework(compiled, await colorsOf(io, io.stdout, globals), terminalWidth(io.stdout)),
  );
  return EXIT.ok;
}

interface Finding {
  file: string;
  ok: boolean;
  id?: string;
  version?: string;
  questions?: number;
  error?: string;
  details?: string[];
}

export async function runValidate(
  files: string[],
  options: JsonOption,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const ctx = frameworkContext(io);
  const targets = files.length > 0 ? files : (await listFrameworkFiles(ctx)).map((f) => f.path);
  const findings: Finding[] = [];
  for (const target of targets) {
    try {
      const path = await resolveFrameworkRef(target, ctx);
      const { compiled } = await loadFrameworkFile(path, ctx);
      refuseMisnamedFile(path, compiled.framework.id, ctx);
      findings.push({
        file: relative(io.cwd, path) || path,
        ok: true,
        id: compiled.framework.id,
        version: compiled.framework.version,
        questions: compiled.questions.length,
      });
    } catch (error) {
      if (!(error instanceof QualifyError)) throw error;
      const { message, details } = describeError(error);
      findings.push({ file: target, ok: false, error: message, details });
    }
  }
  const failed = findings.filter((f) => !f.ok).length;
  if (options.json) writeJson(io, { schemaVersion: 1, valid: failed === 0, files: findings });
  else {
    // The report is diagnostics, as a compiler's are: stderr, so stdout stays for --json.
    const colors = await colorsOf(io, io.stderr, globals);
    for (const f of findings) {
      if (f.ok)
        io.stderr.write(
          `${colors.green("✓")} ${f.file}  ${colors.dim(`${f.id} ${f.version} · ${f.questions} ${f.questions === 1 ? "question" : "questions"}`)}\n`,
        );
      else {
        io.stderr.write(`${colors.red("✗")} ${f.error}\n`);
        for (const line of f.details ?? []) io.stderr.write(`    ${colors.dim(line)}\n`);
      }
    }
    const summary = `${findings.length - failed} valid, ${failed} invalid`;
    io.stderr.write(`${failed > 0 ? colors.red(summary) : colors.green(summary)}\n`);
  }
  return failed > 0 ? EXIT.input : EXIT.ok;
}

export async function runSchema(io: Io): Promise<number> {
  const { frameworkJsonSchema } = await import("../../core/json-schema.js");
  writeJson(io, frameworkJsonSchema());
  return EXIT.ok;
}
