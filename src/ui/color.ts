/**
 * Colour only on a terminal; NO_COLOR, FORCE_COLOR and --no-color are honoured.
 * Every renderer takes a Colors instance rather than reaching for a global. Without colour
 * no styling library is loaded at all, which keeps piped runs quick to start.
 */
import type { ChalkInstance } from "chalk";
import type { Io, OutStream } from "../cli/io.js";

export type Colors = ChalkInstance;

export function colorLevel(stream: OutStream, env: Io["env"], flag?: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (force === "2") return 2;
    if (force === "3") return 3;
    return 1;
  }
  if (stream.isTTY !== true || env.TERM === "dumb") return 0;
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return 3;
  return env.TERM?.includes("256") ? 2 : 1;
}

/** Styles that leave text as it is, for any chain such as `colors.bold.red(text)`. */
export const plain: Colors = new Proxy((text: unknown) => String(text), {
  // Not a thenable: `await` must not mistake it for a promise.
  get: (_target, key) => (key === "then" ? undefined : key === "level" ? 0 : plain),
  apply: (_target, _this, args: unknown[]) => args.map(String).join(" "),
}) as unknown as Colors;

export async function colorsFor(
  stream: OutStream,
  env: Io["env"],
  flag?: boolean,
): Promise<Colors> {
  const level = colorLevel(stream, env, flag);
  if (level === 0) return plain;
  const { Chalk } = await import("chalk");
  return new Chalk({ level });
}
