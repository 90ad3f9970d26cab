/**
 * Finding and loading frameworks. `--framework X` is a path, or an id looked up in
 * ./frameworks/, then each directory of QUALIFY_FRAMEWORKS_PATH, then the built-ins.
 * An id is [a-z0-9-] only, so it can never reach outside those directories.
 */
import { readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, delimiter, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Framework } from "../core/schema.js";
import { compileFramework, type CompiledFramework, type CompileOptions } from "../core/compile.js";
import { FrameworkError, InputError, type Issue } from "../core/errors.js";
import { frameworkIssues } from "../core/compile.js";
import { didYouMean, listOf } from "../core/suggest.js";
import { readDocumentFile } from "./text.js";
import { locateError, parseYaml, type LoadedDocument } from "./yaml.js";
import { cachedBuiltin } from "./builtin-cache.js";

/** The framework files shipped with the package. */
export const BUILTIN_DIR = fileURLToPath(new URL("../../frameworks/", import.meta.url));

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const EXTENSIONS = [".yaml", ".yml", ".json"];

export interface FrameworkContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export type FrameworkOrigin = "project" | "path" | "built-in";

export interface SearchDir {
  dir: string;
  origin: FrameworkOrigin;
}

export function searchDirs(ctx: FrameworkContext): SearchDir[] {
  const dirs: SearchDir[] = [{ dir: resolve(ctx.cwd, "frameworks"), origin: "project" }];
  for (const dir of (ctx.env.QUALIFY_FRAMEWORKS_PATH ?? "").split(delimiter)) {
    if (dir.trim() !== "") dirs.push({ dir: resolve(ctx.cwd, dir), origin: "path" });
  }
  // Inside the package itself, ./frameworks is the built-in directory: say so.
  const builtin = resolve(BUILTIN_DIR);
  return [...dirs.filter((d) => d.dir !== builtin), { dir: builtin, origin: "built-in" }];
}

/** True when `ref` should be read as a file path rather than an id. */
export function looksLikePath(ref: string): boolean {
  return (
    ref.includes("/") ||
    ref.includes("\\") ||
    EXTENSIONS.includes(extname(ref).toLowerCase()) ||
    isAbsolute(ref)
  );
}

export interface FrameworkEntry {
  id: string;
  path: string;
  origin: FrameworkOrigin;
}

/** Every framework file that can be found by id; the first of each id wins, as in lookup. */
export async function listFrameworkFiles(ctx: FrameworkContext): Promise<FrameworkEntry[]> {
  const seen = new Map<string, FrameworkEntry>();
  for (const { dir, origin } of searchDirs(ctx)) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const ext = extname(name).toLowerCase();
      const id = basename(name, extname(name));
      if (!EXTENSIONS.includes(ext) || !ID_PATTERN.test(id) || seen.has(id)) continue;
      seen.set(id, { id, path: join(dir, name), origin });
    }
  }
  return [...seen.values()];
}

/** The file for an id, skipping `exclude` (a file that extends a framework of its own id). */
function findById(
  id: string,
  ctx: FrameworkContext,
  exclude: ReadonlySet<string>,
): string | undefined {
  for (const { dir } of searchDirs(ctx)) {
    for (const ext of EXTENSIONS) {
      const path = join(dir, id + ext);
      if (!exclude.has(path) && existsSync(path)) return path;
    }
  }
  return undefined;
}

async function unknownIdError(
  id: string,
  ctx: FrameworkContext,
  what: string,
): Promise<InputError> {
  const known = (await listFrameworkFiles(ctx)).map((f) => f.id);
  return new InputError(`unknown ${what} '${id}'.${didYouMean(id, known)}`, {
    hint: `Known frameworks: ${listOf(known)}. Run 'qualify frameworks list', or pass a path to a .yaml file.`,
  });
}

/** Resolves `--framework` to a file path. */
export async function resolveFrameworkRef(ref: string, ctx: FrameworkContext): Promise<string> {
  if (looksLikePath(ref)) return resolve(ctx.cwd, ref);
  if (!ID_PATTERN.test(ref)) {
    // Ids are lowercase: `-f BANT` means bant when that exists.
    const lower = ref.toLowerCase();
    const known = ID_PATTERN.test(lower) && findById(lower, ctx, new Set()) !== undefined;
    throw new InputError(
      `'${ref}' is not a framework id or a path.${known ? ` Did you mean '${lower}'?` : ""}`,
      {
        hint: "An id is lowercase letters, digits and '-' (such as bant); a path ends in .yaml.",
      },
    );
  }
  const path = findById(ref, ctx, new Set());
  if (path === undefined) throw await unknownIdError(ref, ctx, "framework");
  return path;
}

export interface LoadedFramework {
  compiled: CompiledFramework;
  path: string;
}

/** An error in a merged framework has no line of its own: name the child file and the path. */
function mergedError(error: FrameworkError, file: string, parentId: string): FrameworkError {
  error.message = `after merging with '${parentId}': ${error.message}`;
  error.location = { file };
  return error;
}

function located(document: LoadedDocument, issues: Issue[]): FrameworkError {
  return locateError(document, frameworkIssues(issues)) as FrameworkError;
}

/** Reads a framework file and everything it extends, merged, but not yet compiled. */
async function readResolved(
  path: string,
  ctx: FrameworkContext,
  chain: string[],
): Promise<{ framework: Framework; document: LoadedDocument; parentId?: string }> {
  // zod is loaded only here, not when a built-in comes from the build's cache: `score` starts fast.
  const [{ FrameworkSchema }, { applyPatch, FrameworkPatchSchema }, { schemaIssues }] =
    await Promise.all([
      import("../core/schema.js"),
      import("../core/merge.js"),
      import("./schema-errors.js"),
    ]);
  const document = parseYaml(await readDocumentFile(path, "framework file"));
  const value = document.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw locateError(
      document,
      new FrameworkError("a framework file must be a YAML map with id, name, criteria, verdict …", {
        path: [],
      }),
    );
  }
  const parentId = (value as Record<string, unknown>).extends;
  if (parentId === undefined || parentId === null) {
    const parsed = FrameworkSchema.safeParse(value);
    if (!parsed.success)
      throw located(document, schemaIssues(parsed.error, FrameworkSchema, value));
    return { framework: parsed.data, document };
  }

  const patch = FrameworkPatchSchema.safeParse(value);
  if (!patch.success)
    throw located(document, schemaIssues(patch.error, FrameworkPatchSchema, value));
  const parentPath =
    typeof parentId === "string" && ID_PATTERN.test(parentId)
      ? findById(parentId, ctx, new Set([...chain, path]))
      : undefined;
  if (parentPath === undefined) {
    // The id may resolve only to a file already in the chain: that is a cycle, not a typo.
    const inChain = typeof parentId === "string" ? findById(parentId, ctx, new Set()) : undefined;
    const cycle = inChain !== undefined && [...chain, path].includes(inChain);
    const error = cycle
      ? new FrameworkError(
          `'extends' forms a cycle: ${[...chain, path, inChain].map((file) => basename(file, extname(file))).join(" → ")}`,
          { hint: "A framework cannot build on itself; make one of them stand alone." },
        )
      : typeof parentId === "string" && ID_PATTERN.test(parentId)
        ? await unknownIdError(parentId, ctx, "parent framework")
        : new InputError(`'extends' must be a framework id, not ${JSON.stringify(parentId)}`);
    error.path = ["extends"];
    throw locateError(document, error);
  }
  if (chain.length > 16)
    throw locateError(
      document,
      new FrameworkError("'extends' chain is too deep (over 16 frameworks)", { path: ["extends"] }),
    );
  const parent = await readResolved(parentPath, ctx, [...chain, path]);
  refuseOtherId(parent.framework.id, parentId as string, parentPath, parent.document);
  const { merged, issues } = applyPatch(parent.framework, patch.data);
  if (issues.length > 0) throw located(document, issues);
  const parsed = FrameworkSchema.safeParse(merged);
  if (!parsed.success) {
    throw mergedError(
      frameworkIssues(schemaIssues(parsed.error, FrameworkSchema, merged)),
      path,
      parentId as string,
    );
  }
  return { framework: parsed.data, document, parentId: parentId as string };
}

/** Loads, resolves and compiles a framework given by id or path. */
export async function loadFramework(
  ref: string,
  ctx: FrameworkContext,
  options: CompileOptions = {},
): Promise<LoadedFramework> {
  const path = await resolveFrameworkRef(ref, ctx);
  const loaded = await loadFrameworkFile(path, ctx, options);
  if (!looksLikePath(ref)) refuseOtherId(loaded.compiled.framework.id, ref, path);
  return loaded;
}

/**
 * Refuses a file in a frameworks directory whose name is not its id (validate and lint read
 * such files by path, and would otherwise pass them).
 */
export function refuseMisnamedFile(path: string, id: string, ctx: FrameworkContext): void {
  const dir = dirname(resolve(path));
  if (searchDirs(ctx).some((d) => d.dir === dir))
    refuseOtherId(id, basename(path, extname(path)), path);
}

/**
 * A file found by an id must declare that id: `frameworks/foo.yaml` with `id: bar` would be
 * listed as foo, scored as bar, and answers naming either would not fit the other.
 */
function refuseOtherId(declared: string, foundAs: string, path: string, document?: LoadedDocument) {
  if (declared === foundAs) return;
  const error = new FrameworkError(
    `the file is named '${foundAs}' but declares id '${declared}': a framework's file is named after its id`,
    {
      path: ["id"],
      hint: `Rename the file to ${declared}${extname(path)}, or set id: ${foundAs} in it.`,
    },
  );
  if (document !== undefined) throw locateError(document, error);
  error.location = { file: path };
  throw error;
}

export async function loadFrameworkFile(
  path: string,
  ctx: FrameworkContext,
  options: CompileOptions = {},
): Promise<LoadedFramework> {
  const cached = await cachedBuiltin(path, (id) => findById(id, ctx, new Set([path])));
  if (cached !== undefined) {
    return {
      compiled: compileFramework(cached.framework, { ...options, hash: cached.hash }),
      path,
    };
  }
  const { framework, document, parentId } = await readResolved(path, ctx, []);
  try {
    return { compiled: compileFramework(framework, options), path };
  } catch (error) {
    if (!(error instanceof FrameworkError)) throw error;
    throw parentId === undefined
      ? locateError(document, error)
      : mergedError(error, path, parentId);
  }
}

/**
 * The path in a file with `extends:` that corresponds to a path in the merged framework:
 * list items are matched by id (options by value). Stops at the deepest part the file
 * itself has, so a finding points at the nearest thing the owner wrote.
 */
export function pathInPatch(
  merged: unknown,
  patch: unknown,
  path: readonly (string | number)[],
): (string | number)[] {
  const out: (string | number)[] = [];
  let m = merged as Record<string | number, unknown> | undefined;
  let c = patch as Record<string | number, unknown> | undefined;
  for (const part of path) {
    if (m === null || typeof m !== "object" || c === null || typeof c !== "object") break;
    if (typeof part === "number") {
      if (!Array.isArray(m) || !Array.isArray(c)) break;
      const item = m[part] as Record<string, unknown> | undefined;
      const key = item?.id !== undefined ? "id" : item?.value !== undefined ? "value" : undefined;
      if (key === undefined) break;
      const index = c.findIndex((x: Record<string, unknown> | null) => x?.[key] === item![key]);
      if (index < 0) break;
      out.push(index);
      m = item;
      c = c[index];
    } else {
      if (!(part in c)) break;
      out.push(part);
      m = m[part] as Record<string, unknown>;
      c = c[part] as Record<string, unknown>;
    }
  }
  return out;
}
