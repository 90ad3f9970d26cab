/**
 * `qualify init --from bant`: a framework file for a team to adapt — a full copy of a
 * built-in (comments and help texts kept), or with --extends a minimal file that changes
 * only what differs. Never overwrites a file without --force.
 */
import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { EXIT, InputError, UsageError } from "../../core/errors.js";
import { BUILTIN_DIR, loadFramework, resolveFrameworkRef } from "../../io/frameworks.js";
import { readDocumentFile } from "../../io/text.js";
import { samePath, writeFileAtomic } from "../../io/atomic.js";
import type { Io } from "../io.js";
import type { GlobalOptions } from "../main.js";
import { colorsOf, frameworkContext } from "../context.js";

export interface InitOptions {
  from: string;
  id?: string;
  output?: string;
  extends?: boolean;
  force?: boolean;
}

const SCHEMA_FILE = "framework.schema.json";
const SCHEMA_LINE = `# yaml-language-server: $schema=./${SCHEMA_FILE}`;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** A readable name for a new id: `our-meddic` from MEDDIC gives "Our MEDDIC". */
function nameFor(id: string, parentId: string, parentName: string): string {
  const words = (text: string) =>
    text
      .split("-")
      .filter(Boolean)
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join(" ");
  if (id === parentId) return parentName;
  if (id.endsWith(`-${parentId}`))
    return `${words(id.slice(0, -parentId.length - 1))} ${parentName}`;
  if (id.startsWith(`${parentId}-`)) return `${parentName} ${words(id.slice(parentId.length + 1))}`;
  return words(id);
}

function minimalFile(id: string, name: string, parent: string, parentName: string): string {
  return `${SCHEMA_LINE}
# ${name} — builds on ${parentName} (${parent}); write only what differs.
# Lists merge by id (options by value): a known id changes that item, a new id adds one,
# and \`remove: true\` takes an item out. See: qualify frameworks show ${parent}
id: ${id}
extends: ${parent}
name: ${name}
version: 1.0.0

# criteria:
#   - id: timeline
#     questions:
#       - id: timeline
#         options:
#           - { value: next_year, label: Next year or later, points: 6 }
#
# verdict:
#   qualified: { minCriteriaMet: 3, minScore: 60 }
`;
}

/**
 * The file's text with some top-level scalars replaced, keeping every comment, fold and
 * line as the author wrote them; through the YAML document model when a key is not on a
 * plain `key: value` line of its own.
 */
function withTopLevel(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key}:[ \\t]*[^\\s>|&*!'"\\[{][^\\n]*$`, "m");
    if (!line.test(out)) {
      const document = parseDocument(out);
      for (const [k, v] of Object.entries(values)) document.set(k, v);
      return document.toString({ lineWidth: 100 });
    }
    out = out.replace(
      line,
      `${key}: ${JSON.stringify(value).slice(1, -1) === value && !/[:#]/.test(value) ? value : JSON.stringify(value)}`,
    );
  }
  return out;
}

export async function runInit(
  options: InitOptions,
  globals: GlobalOptions,
  io: Io,
): Promise<number> {
  const ctx = frameworkContext(io);
  const { compiled: parent, path: source } = await loadFramework(options.from, ctx);
  const parentId = parent.framework.id;
  const id = options.id ?? `our-${parentId}`;
  if (!ID_PATTERN.test(id)) {
    throw new UsageError(`--id '${id}' is not a framework id`, {
      hint: "Use lowercase letters, digits and '-', such as our-bant.",
    });
  }
  const target = options.output ?? join("frameworks", `${id}.yaml`);
  // resolve, not join: an absolute -o is used as given.
  const targetPath = resolve(io.cwd, target);
  if (existsSync(targetPath) && !options.force) {
    throw new InputError(`${target} already exists; not overwriting it`, {
      hint: "Choose another path with -o, or pass --force to replace it.",
    });
  }
  if (options.extends && !/^[a-z0-9][a-z0-9-]*$/.test(options.from)) {
    throw new UsageError("--extends needs a framework id to build on, not a path", {
      hint: `For example: qualify init --from ${parentId} --extends`,
    });
  }

  const name = nameFor(id, parentId, parent.framework.name);
  let text: string;
  if (options.extends) text = minimalFile(id, name, parentId, parent.framework.name);
  else {
    const original = (await readDocumentFile(source, "framework file")).text;
    const body = withTopLevel(original, { id, name, version: "1.0.0" }).replace(
      /^# yaml-language-server:.*\n/,
      "",
    );
    text = `${SCHEMA_LINE}\n${body}`;
  }

  await mkdir(dirname(targetPath), { recursive: true });
  await writeFileAtomic(targetPath, text);
  // The editor schema beside the file, so the first line resolves (never overwritten).
  const schemaPath = join(dirname(targetPath), SCHEMA_FILE);
  if (!existsSync(schemaPath)) await copyFile(join(BUILTIN_DIR, SCHEMA_FILE), schemaPath);

  // What was written must load: check it now rather than on the first call, and leave
  // nothing behind when it does not.
  let compiled;
  try {
    ({ compiled } = await loadFramework(targetPath, ctx));
  } catch (error) {
    await rm(targetPath, { force: true });
    throw error;
  }
  const colors = await colorsOf(io, io.stderr, globals);
  const shown = target;
  // Scored by its id where that finds this file (in ./frameworks), else by its path.
  let ref = shown;
  try {
    if (samePath(await resolveFrameworkRef(compiled.framework.id, ctx), targetPath))
      ref = compiled.framework.id;
  } catch {
    ref = shown;
  }
  io.stderr.write(
    `${colors.green("✓")} wrote ${shown} (${compiled.framework.id}, ${options.extends ? `extends ${parentId}` : `a copy of ${parentId}`}, ${compiled.questions.length} ${compiled.questions.length === 1 ? "question" : "questions"})\n` +
      `  next: edit it, then ${colors.bold(`qualify frameworks lint ${shown}`)} and ${colors.bold(`qualify score -f ${ref} -a lead.yaml`)}\n`,
  );
  await stat(targetPath);
  return EXIT.ok;
}
