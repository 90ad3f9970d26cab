/**
 * Colour only on a terminal; NO_COLOR, FORCE_COLOR and --no-color are honoured.
 * Every renderer takes a Colors instance rather than reaching for a global.
 */
import { Chalk, type ChalkInstance } from "chalk";
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

export function colorsFor(stream: OutStream, env: Io["env"], flag?: boolean): Colors {
  return new Chalk({ level: colorLevel(stream, env, flag) });
}
