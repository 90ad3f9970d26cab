/** `qualify frameworks lint`: semantic checks, each at file:line:col. */
import { relative } from "node:path";
import { EXIT, InputError, QualifyError } from "../../core/errors.js";
import { lintFramework, type Finding } from "../../core/lint.js";
import {
  listFrameworkFiles,
  loadFrameworkFile,
  refuseMisnamedFile,
  pathInPatch,
  resolveFrameworkRef,
} from "../../io/frameworks.js";
import { readDocumentFile } from "../../io/text.js";
import { parseYaml } from "../../io/yaml.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { colorsOf, frameworkContext, writeJson } from "../context.js";
import { describeError } from "../errors.js";

interface Located extends Finding {
  file: string;
  line?: number;
  col?: number;
}

async function lintFile(target: string, io: Io): Promise<Located[]> {
  const ctx = frameworkContext(io);
  let file = target;
  try {
    const path = await resolveFrameworkRef(target, ctx);
    file = relative(io.cwd, path) || path;
    const { compiled } = await loadFrameworkFile(path, ctx);
    refuseMisnamedFile(path, compiled.framework.id, ctx);
    const document = parseYaml(await readDocumentFile(path, "framework file"));
    const patch = (document.value as { extends?: unknown }).extends;
    return lintFramework(compiled).map((finding) => {
      const at =
        typeof patch === "string"
          ? pathInPatch(compiled.framework, document.value, finding.path)
          : finding.path;
      const pos = document.locate(at);
      return { ...finding, file, line: pos?.line, col: pos?.col };
    });
  } catch (error) {
    if (!(error instanceof QualifyError)) throw error;
    const { message } = describeError(error);
    const invalid: Located[] = [
      { severity: "error", check: "invalid", path: [], message, file: "" },
    ];
    // Every problem found, as validate lists them (each message starts with line:col).
    if (error instanceof InputError) {
      const file = error.location?.file;
      for (const issue of error.issues)
        invalid.push({
          severity: "error",
          check: "invalid",
          path: issue.path,
          message: file === undefined ? issue.message : `${file}:${issue.message}`,
          file: "",
        });
    }
    return invalid;
  }
}

export async function runLint(
  files: string[],
  options: { json?: boolean },
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const targets =
    files.length > 0 ? files : (await listFrameworkFiles(frameworkContext(io))).map((f) => f.path);
  const findings: Located[] = [];
  for (const target of targets) findings.push(...(await lintFile(target, io)));
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  if (options.json) {
    writeJson(io, {
      schemaVersion: 1,
      errors,
      warnings,
      findings: findings.map(({ path: _path, ...f }) => f),
    });
  } else {
    const colors = await colorsOf(io, io.stdout, globals);
    for (const f of findings) {
      const where =
        f.file === "" ? "" : `${f.file}${f.line !== undefined ? `:${f.line}:${f.col}` : ""}: `;
      const severity = f.severity === "error" ? colors.red("error") : colors.yellow("warning");
      io.stdout.write(`${where}${severity}: ${f.message} ${colors.dim(`[${f.check}]`)}\n`);
    }
    const summary = `${targets.length} framework${targets.length === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    const stderrColors = await colorsOf(io, io.stderr, globals);
    io.stderr.write(
      `${errors > 0 ? stderrColors.red(summary) : warnings > 0 ? stderrColors.yellow(summary) : stderrColors.green(summary)}\n`,
    );
  }
  return errors > 0 ? EXIT.input : EXIT.ok;
}
