/**
 * The built-in frameworks, parsed, validated and resolved once at build time
 * (scripts/cache-frameworks.js writes dist/frameworks.json), so `qualify score -f bant` needs
 * neither the YAML parser's full pass nor zod. An entry is used only while every file it was
 * built from is unchanged and is still the one its id resolves to; otherwise the file is read
 * as usual.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { Framework } from "../core/schema.js";

export const CACHE_FILE = new URL("../frameworks.json", import.meta.url);
const BUILTIN = resolve(new URL("../../frameworks/", import.meta.url).pathname);

export interface CacheEntry {
  /** The file and every file it extends, by id, with a fingerprint of each one's text. */
  chain: Array<{ id: string; fingerprint: string }>;
  framework: Framework;
  hash: string;
}

export type Cache = Record<string, CacheEntry>;

/** FNV-1a over the text plus its length: enough to notice an edited file. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16)}-${text.length}`;
}

let cache: Promise<Cache | undefined> | undefined;

function loadCache(): Promise<Cache | undefined> {
  cache ??= readFile(CACHE_FILE, "utf8").then(
    (text) => JSON.parse(text) as Cache,
    () => undefined,
  );
  return cache;
}

/**
 * The cached framework for a built-in file, or undefined when there is none or it is stale.
 * `resolveId` finds the file an id resolves to now (a project may shadow a built-in parent).
 */
export async function cachedBuiltin(
  path: string,
  resolveId: (id: string) => string | undefined,
): Promise<CacheEntry | undefined> {
  if (resolve(dirname(path)) !== BUILTIN) return undefined;
  const entry = (await loadCache())?.[basename(path, extname(path))];
  if (entry === undefined) return undefined;
  for (const [i, link] of entry.chain.entries()) {
    const file = i === 0 ? path : resolveId(link.id);
    if (file === undefined || resolve(dirname(file)) !== BUILTIN) return undefined;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      return undefined;
    }
    if (fingerprint(text) !== link.fingerprint) return undefined;
  }
  return entry;
}

export function builtinFile(id: string): string {
  return join(BUILTIN, `${id}.yaml`);
}

/** Builds dist/frameworks.json from the built-in files (run by `npm run build`). */
export async function writeBuiltinCache(): Promise<number> {
  const { readdir, writeFile, rename } = await import("node:fs/promises");
  const { parse } = await import("yaml");
  const { loadFrameworkFile } = await import("./frameworks.js");
  cache = Promise.resolve(undefined); // never read a stale cache while building a new one
  const ctx = { cwd: BUILTIN, env: {} };
  const result: Cache = {};
  for (const name of (await readdir(BUILTIN)).sort()) {
    if (extname(name) !== ".yaml") continue;
    const id = basename(name, ".yaml");
    const chain: CacheEntry["chain"] = [];
    for (let current: string | undefined = id; current !== undefined;) {
      const text: string = await readFile(builtinFile(current), "utf8");
      chain.push({ id: current, fingerprint: fingerprint(text) });
      const parent: unknown = (parse(text) as { extends?: unknown }).extends;
      current =
        typeof parent === "string" && !chain.some((c) => c.id === parent) ? parent : undefined;
    }
    try {
      const { compiled } = await loadFrameworkFile(builtinFile(id), ctx);
      result[id] = { chain, framework: compiled.framework, hash: compiled.hash };
    } catch (error) {
      // An invalid built-in is not cached; `frameworks validate` and the tests report it.
      process.stderr.write(`not cached: ${name}: ${(error as Error).message}
`);
    }
  }
  const target = new URL("../frameworks.json", import.meta.url);
  const temp = new URL(`../frameworks.json.${process.pid}.tmp`, import.meta.url);
  await writeFile(temp, JSON.stringify(result));
  await rename(temp, target);
  return Object.keys(result).length;
}
