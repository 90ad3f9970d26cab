/**
 * Writing outputs atomically: into a temporary file beside the target, then a rename, so a
 * reader never sees half a file and an error or Ctrl-C never leaves one behind.
 */
import { open, rename, rm } from "node:fs/promises";
import { realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";

/** The temporary name used for `target`: hidden, in the same directory (same filesystem). */
export function tempPathFor(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`,
  );
}

/**
 * Whether `target` must be written in place rather than replaced: it exists and is not a
 * regular file (`/dev/null`, `/dev/stdout`, a named pipe). A rename over it would put a plain
 * file where the device was.
 */
export function writesInPlace(target: string): boolean {
  try {
    return !statSync(target).isFile();
  } catch {
    return false;
  }
}

/** Whether two paths name the same file (through links), or would once created. */
export function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** Refuses to write over a file the command reads; `flag` names the option that chose `target`. */
export function refuseToOverwrite(target: string, inputs: readonly string[], flag = "-o"): void {
  for (const input of inputs) {
    if (samePath(target, input)) {
      throw new InputError(`refusing to write the output over the input file ${input}`, {
        hint: `Choose another output path with ${flag}.`,
      });
    }
  }
}

/** Writes `content` to `target` atomically. */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  const inPlace = writesInPlace(target);
  const temp = inPlace ? target : tempPathFor(target);
  let handle;
  try {
    handle = await open(temp, inPlace ? "w" : "wx");
    await handle.writeFile(content);
    if (!inPlace) await handle.sync();
    await handle.close();
    handle = undefined;
    if (!inPlace) await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => {});
    if (!inPlace) await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code === "ENOENT" ||
      code === "EACCES" ||
      code === "EISDIR" ||
      code === "EROFS" ||
      code === "ENOSPC"
    ) {
      throw new InputError(`cannot write ${target}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
