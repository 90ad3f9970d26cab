/** Byte codes and tests shared by the readers that parse cells from their bytes. */
export const QUOTE = 0x22;
export const DOLLAR = 0x24;
export const COMMA = 0x2c;
export const DASH = 0x2d;
export const DOT = 0x2e;
export const SLASH = 0x2f;
export const ZERO = 0x30;
export const COLON = 0x3a;
export const SPACE = 0x20;

/** An ASCII letter in lower case (other bytes as they are; past the end, 0). */
export const lowerByte = (byte: number | undefined): number =>
  byte === undefined ? 0 : byte >= 0x41 && byte <= 0x5a ? byte + 32 : byte;
