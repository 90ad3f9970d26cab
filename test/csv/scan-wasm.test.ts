/** The committed WebAssembly module is the one scan.wat assembles to. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { assembledModule, MODULE } from "../helpers/assemble-wasm.js";

it("scan-wasm.ts matches scan.wat (run `npm run wasm` after editing it)", async () => {
  expect(readFileSync(MODULE, "utf8")).toBe(await assembledModule());
});
