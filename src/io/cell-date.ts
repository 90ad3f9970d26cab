/**
 * The common date cells read straight from the CSV bytes, with no regex run: ISO
 * (`2026-03-31`, `2026-03-31T14:05:00Z`), US (`03/31/2026 2:05 PM`) and Zoho
 * (`"31 Mar, 2026 14:05:00"`). Each gives the `YYYY-MM-DD` that `parseDate` gives; a cell in
 * any other shape (or with anything this reader is unsure of) returns undefined, and the
 * caller falls back to `parseDate`, which stays the reference.
 */

import {
  COLON,
  COMMA,
  DASH,
  DOT,
  QUOTE,
  SLASH,
  SPACE,
  ZERO,
  lowerByte as lower,
} from "./cell-bytes.js";

/** Three lowercase letters packed into a number → month. */
const MONTHS = new Map(
  ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map(
    (name, i) => [
      name.charCodeAt(0) * 65536 + name.charCodeAt(1) * 256 + name.charCodeAt(2),
      i + 1,
    ],
  ),
);

/** Days seen, as `YYYY-MM-DD`, per y·10⁴ + m·10² + d: a year of timestamps has 365 days. */
const MAX_DAYS = 100_000;

const isDigit = (byte: number | undefined): boolean =>
  byte !== undefined && byte >= ZERO && byte <= ZERO + 9;
const isLetter = (byte: number | undefined): boolean =>
  byte !== undefined && lower(byte) >= 0x61 && lower(byte) <= 0x7a;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export class DateCells {
  private readonly days = new Map<number, string>();
  /** The day the last `read` that gave a date gave, as y·10⁴ + m·10² + d. */
  lastDay = 0;
  /** Parse position, shared by the helpers below while one cell is read. */
  private at = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private end = 0;

  /** The date in `bytes[start..end)` as `YYYY-MM-DD`, or undefined to let parseDate decide. */
  read(bytes: Uint8Array, start: number, end: number): string | undefined {
    if (end - start >= 2 && bytes[start] === QUOTE && bytes[end - 1] === QUOTE) {
      start++;
      end--;
    }
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    let year: number;
    let month: number;
    let day: number;
    const first = this.digits(1, 4);
    if (first < 0) return undefined;
    const width = this.at - start;
    const separator = bytes[this.at];
    if (width === 4 && separator === DASH) {
      // ISO: YYYY-M-D
      this.at++;
      year = first;
      month = this.digits(1, 2);
      if (month < 0 || bytes[this.at++] !== DASH) return undefined;
      day = this.digits(1, 2);
    } else if (width <= 2 && separator === SLASH) {
      // US: M/D/YY or M/D/YYYY
      this.at++;
      month = first;
      day = this.digits(1, 2);
      if (day < 0 || bytes[this.at++] !== SLASH) return undefined;
      const yearStart = this.at;
      year = this.digits(2, 4);
      const yearWidth = this.at - yearStart;
      if (yearWidth === 3) return undefined;
      if (yearWidth === 2) year = year < 70 ? 2000 + year : 1900 + year;
    } else if (width <= 2 && (separator === SPACE || separator === DASH)) {
      // Zoho: D Mon, YYYY (a month name of 3–9 letters, read by its first three)
      this.at++;
      day = first;
      const nameStart = this.at;
      while (this.at < end && isLetter(bytes[this.at])) this.at++;
      const nameLength = this.at - nameStart;
      if (nameLength < 3 || nameLength > 9) return undefined;
      const packed =
        lower(bytes[nameStart]!) * 65536 +
        lower(bytes[nameStart + 1]!) * 256 +
        lower(bytes[nameStart + 2]!);
      const found = MONTHS.get(packed);
      if (found === undefined) return undefined;
      month = found;
      if (bytes[this.at] === DOT) this.at++;
      if (bytes[this.at] === COMMA) this.at++;
      if (bytes[this.at] !== SPACE && bytes[this.at] !== DASH) return undefined;
      this.at++;
      const yearStart = this.at;
      year = this.digits(4, 4);
      if (this.at - yearStart !== 4) return undefined;
    } else return undefined;
    if (day < 0 || year < 0 || !this.timeTail()) return undefined;
    // Years before 1000 are left to parseDate (Date.UTC reads 0–99 as 1900–1999).
    if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
      return undefined;
    const key = year * 10_000 + month * 100 + day;
    this.lastDay = key;
    let text = this.days.get(key);
    if (text === undefined) {
      text = `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
      if (this.days.size < MAX_DAYS) this.days.set(key, text);
    }
    return text;
  }

  /** Reads min–max digits at the position; -1 when fewer than min. */
  private digits(min: number, max: number): number {
    let value = 0;
    let count = 0;
    while (count < max && this.at < this.end && isDigit(this.bytes[this.at])) {
      value = value * 10 + this.bytes[this.at]! - ZERO;
      this.at++;
      count++;
    }
    return count < min ? -1 : value;
  }

  /**
   * parseDate's optional time: `[ T]H:MM[:SS[.f…]]`, then optional spaces, `am`/`pm`,
   * spaces, and `Z` or an offset, to the end of the cell. True when the cell ends here.
   */
  private timeTail(): boolean {
    const bytes = this.bytes;
    const end = this.end;
    if (this.at === end) return true;
    const lead = bytes[this.at];
    if (lead !== SPACE && lead !== 0x54 && lead !== 0x74) return false;
    this.at++;
    if (this.digits(1, 2) < 0 || bytes[this.at++] !== COLON) return false;
    const minuteStart = this.at;
    if (this.digits(2, 2) < 0 || this.at - minuteStart !== 2) return false;
    if (bytes[this.at] === COLON) {
      this.at++;
      const secondStart = this.at;
      if (this.digits(2, 2) < 0 || this.at - secondStart !== 2) return false;
      if (bytes[this.at] === DOT) {
        this.at++;
        if (!isDigit(bytes[this.at])) return false;
        while (this.at < end && isDigit(bytes[this.at])) this.at++;
      }
    }
    while (this.at < end && bytes[this.at] === SPACE) this.at++;
    if (this.at + 1 < end) {
      const a = lower(bytes[this.at]!);
      if ((a === 0x61 || a === 0x70) && lower(bytes[this.at + 1]!) === 0x6d) this.at += 2;
    }
    while (this.at < end && bytes[this.at] === SPACE) this.at++;
    if (this.at < end && lower(bytes[this.at]!) === 0x7a) this.at++;
    return this.at === end;
  }
}
