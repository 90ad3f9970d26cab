/** Types for assemble-wasm.js (a plain script, so that `npm run wasm` needs no build). */
export const MODULE: string;
export function assembledModule(): Promise<string>;
