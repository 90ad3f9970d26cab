#!/usr/bin/env node
/**
 * `npm run wasm`: assembles src/io/csv/scan.wat (with wabt, a dev dependency) into the
 * base64 module src/io/csv/scan-wasm.ts, which is committed so that installing and running
 * the tool needs no assembler. A test checks that the committed module matches the source.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const SOURCE = fileURLToPath(new URL("../../src/io/csv/scan.wat", import.meta.url));
export const MODULE = fileURLToPath(new URL("../../src/io/csv/scan-wasm.ts", import.meta.url));

/** The TypeScript module's text for the current scan.wat. */
export async function assembledModule() {
  const tools = await wabt();
  const parsed = tools.parseWat("scan.wat", readFileSync(SOURCE, "utf8"), { simd: true });
  try {
    parsed.validate();
    const { buffer } = parsed.toBinary({});
    const base64 = Buffer.from(buffer).toString("base64");
    return [
      "// Generated from scan.wat by `npm run wasm`; do not edit.",
      "/** The SIMD record scanner (scan.wat), assembled. */",
      `export const SCAN_WASM =`,
      `  "${base64}";`,
      "",
    ].join("\n");
  } finally {
    parsed.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(MODULE, await assembledModule());
  console.log(`wrote ${MODULE}`);
}
