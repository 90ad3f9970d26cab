/**
 * The common number cells read straight from the CSV bytes, with no string built and no
 * regex run: `1234`, `-12.5`, `$22,700.00`, `"12,345"`, `1.2M`, `$850k`. Anything else
 * (percent signs, parentheses, spaces, European decimals, exponents, long digit runs) returns
 * NaN, and the caller falls back to `parseNumber`, which stays the reference.
 */

import {
  COMMA,
  DASH as MINUS,
  DOLLAR,
  DOT,
  QUOTE,
  ZERO,
  lowerByte as lower,
} from "./cell-bytes.js";

/** Exact powers of ten: an integer over one of these rounds as `Number(text)` does. */
const POWERS = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Up to 15 significant digits the integer is exact in a double (below 2^53). */
const MAX_DIGITS = 15;

/** The multiplier of the suffix in `bytes[at..end)`, or 0 when it is not exactly one. */
function suffixMultiplier(bytes: Uint8Array, at: number, end: number): number {
  const first = lower(bytes[at]);
  const second = end - at === 2 ? lower(bytes[at + 1]) : 0;
  if (end - at === 1) return first === 0x6b ? 1e3 : first === 0x6d ? 1e6 : first === 0x62 ? 1e9 : 0;
  if (end - at !== 2) return 0;
  if (first === 0x6d && second === 0x6d) return 1e6;
  if (first === 0x62 && second === 0x6e) return 1e9;
  return 0;
}

/**
 * The number in `bytes[start..end)` (a quoted field's quotes included), or NaN when it is not
 * in one of the shapes above. Agrees with `parseNumber` on every cell it accepts: thousands
 * groups must be whole (`1,234`, not `12,34`), as `parseNumber` requires.
 */
export function numberFromBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start >= 2 && bytes[start] === QUOTE && bytes[end - 1] === QUOTE) {
    start++;
    end--;
  }
  let i = start;
  let sign = 1;
  if (i < end && bytes[i] === MINUS) {
    sign = -1;
    i++;
  }
  const dollar = i < end && bytes[i] === DOLLAR;
  if (dollar) i++;
  let value = 0;
  let digits = 0;
  /** Digits since the last comma; -1 while no comma has been seen. */
  let group = -1;
  let leading = 0;
  for (; i < end; i++) {
    const byte = bytes[i]!;
    const digit = byte - ZERO;
    if (digit >= 0 && digit <= 9) {
      value = value * 10 + digit;
      digits++;
      if (group >= 0) group++;
      else leading++;
    } else if (byte === COMMA) {
      // A comma closes a group of three (or the leading one to three digits).
      if (group >= 0 ? group !== 3 : leading < 1 || leading > 3) return NaN;
      group = 0;
    } else break;
  }
  if (digits === 0 || (group >= 0 && group !== 3)) return NaN;
  // `$` and commas are read only where parseNumber's currency shape allows them.
  let decimals = 0;
  if (i < end && bytes[i] === DOT) {
    i++;
    for (; i < end; i++) {
      const digit = bytes[i]! - ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      digits++;
      decimals++;
    }
    if (decimals === 0) return NaN;
  }
  if (digits > MAX_DIGITS) return NaN;
  if (i === end) return (sign * value) / POWERS[decimals]!;
  // A k/M/B suffix (parseNumber's `k`, `m`, `mm`, `b`, `bn`, any case) right after the digits.
  const multiplier = suffixMultiplier(bytes, i, end);
  // parseNumber multiplies the number it read, so this rounds exactly as it does.
  return multiplier === 0 ? NaN : ((sign * value) / POWERS[decimals]!) * multiplier;
}
