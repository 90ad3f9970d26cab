/**
 * A CSV input as records: detects what the file is (UTF-8 with or without BOM, not UTF-16
 * or binary, `,` `;` tab or `|`, CRLF or LF) from its first line, then streams records to the
 * caller. Shared by `batch` and `backtest`.
 */
import { InputError } from "../../core/errors.js";
import { notTextReason } from "../text.js";
import { CsvReader, RecordTooLongError, UnclosedQuoteError, type CsvRecord } from "./reader.js";

const DELIMITERS = [",", ";", "\t", "|"];

export interface CsvShape {
  delimiter: string;
  eol: "\n" | "\r\n";
  /** The input began with a UTF-8 byte order mark (skipped; a writer may repeat it). */
  bom: boolean;
  /**
   * Excel's delimiter line (`sep=;`) before the header, with its line ending, when the file
   * has one: read as the delimiter, and repeated by a writer so Excel opens its output too.
   */
  separatorLine?: string;
}

/** Excel's `sep=;` first line (quoted, in some exports): the delimiter it names. */
const SEPARATOR_LINE = /^"?sep=([^"\r\n])"?$/i;

export interface CsvHandlers {
  /** Forces the delimiter instead of detecting it. */
  delimiter?: string;
  /** The header row. Return false to stop before any data row. */
  onHeader(record: CsvRecord, shape: CsvShape): boolean | void;
  onRow(record: CsvRecord): void;
  /**
   * The bytes of the data records just passed to onRow, whole (`line` is the first one's),
   * for handing them on to another reader. Valid only during the call.
   */
  onRecords?(bytes: Buffer, start: number, end: number, line: number): void;
  /** Called after each chunk with the bytes read so far; awaited (backpressure). */
  afterChunk?(bytes: number): Promise<void> | void;
  /** False: find records with the byte loop only, without the SIMD scan's memory. */
  simd?: boolean;
}

export interface CsvReadSummary {
  bytes: number;
  stopped: boolean;
}

function detectDelimiter(header: string): string {
  let best = ",";
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of header) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && char === candidate) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** The first line of the input (up to its line break), for detection. */
function firstLine(head: Buffer): { text: string; crlf: boolean } {
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === 0x22) quoted = !quoted;
    else if (!quoted && (byte === 0x0a || byte === 0x0d)) {
      return { text: head.toString("utf8", 0, i), crlf: byte === 0x0d && head[i + 1] === 0x0a };
    }
  }
  return { text: head.toString("utf8"), crlf: false };
}

/** The error for a quoted field, in the record starting on `line`, that is never closed. */
export function unclosedQuote(line: number): InputError {
  return new InputError(
    `${new UnclosedQuoteError(line).message}: the rest of the file would be one cell`,
    {
      hint: `Check the quotes on line ${line}: a field that starts with " ends with ", and a quote inside it is doubled ("").`,
    },
  );
}

const EMPTY = "the input is empty; expected a CSV file with a header row";

export async function readCsv(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  handlers: CsvHandlers,
): Promise<CsvReadSummary> {
  let reader: CsvReader | undefined;
  let head: Buffer | undefined;
  let sawHeader = false;
  let stopped = false;
  let bytes = 0;
  /** Where the data records of the current push begin, and their first line; -1: none yet. */
  let recordsStart = -1;
  let recordsLine = 0;
  const onRecords = handlers.onRecords;
  const onConsumed =
    onRecords === undefined
      ? undefined
      : (buffer: Buffer, end: number): void => {
          if (recordsStart >= 0 && !stopped) onRecords(buffer, recordsStart, end, recordsLine);
          recordsStart = -1;
        };

  const start = (data: Buffer): void => {
    const reason = notTextReason(data);
    if (reason !== undefined)
      throw new InputError(`the input ${reason}`, { hint: "Export the file as CSV in UTF-8." });
    const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
    let body = bom ? data.subarray(3) : data;
    let line = firstLine(body);
    const separator = SEPARATOR_LINE.exec(line.text)?.[1];
    let separatorLine: string | undefined;
    if (separator !== undefined) {
      const length = Buffer.byteLength(line.text) + (line.crlf ? 2 : 1);
      separatorLine = body.toString("utf8", 0, length);
      body = body.subarray(length);
      // Its line ending is the file's (the header may not be read yet).
      line = { text: "", crlf: line.crlf };
    }
    const shape: CsvShape = {
      delimiter: handlers.delimiter ?? separator ?? detectDelimiter(line.text),
      eol: line.crlf ? "\r\n" : "\n",
      bom,
      ...(separatorLine === undefined ? {} : { separatorLine }),
    };
    reader = new CsvReader(
      shape.delimiter.charCodeAt(0),
      (record) => {
        if (stopped) return;
        if (sawHeader) {
          if (recordsStart < 0) {
            recordsStart = record.start;
            recordsLine = record.line;
          }
          handlers.onRow(record);
          return;
        }
        sawHeader = true;
        if (record.blank)
          throw new InputError("the first line is empty; expected a header row with column names");
        if (handlers.onHeader(record, shape) === false) stopped = true;
      },
      { onConsumed, simd: handlers.simd },
    );
    if (separatorLine !== undefined) reader.restart(2);
    reader.push(body);
  };

  try {
    for await (const piece of input) {
      const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
      bytes += chunk.length;
      if (reader === undefined) {
        // Detection needs the whole first line (and a few bytes to tell encodings apart).
        // Copied: a file source reuses its chunk buffer for the next read.
        head = head === undefined ? Buffer.from(chunk) : Buffer.concat([head, chunk]);
        if (
          !/[\r\n]/.test(head.toString("latin1", 0, Math.min(head.length, 1 << 20))) &&
          head.length < 1 << 20
        )
          continue;
        start(head);
        head = undefined;
      } else reader.push(chunk);
      if (stopped) break;
      await handlers.afterChunk?.(bytes);
      // Let the event loop run between chunks (a file source reads synchronously): Ctrl-C
      // and other signals are handled there.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!stopped) {
      if (reader === undefined) {
        if (head === undefined || head.length === 0) throw new InputError(EMPTY);
        start(head);
      }
      reader!.end();
    }
  } catch (error) {
    if (error instanceof UnclosedQuoteError) throw unclosedQuote(error.line);
    if (error instanceof RecordTooLongError) {
      throw new InputError(`${error.message}: probably a quote (") that is never closed`, {
        hint: "Check the quotes on that line of the file.",
      });
    }
    throw error;
  }
  if (!sawHeader) throw new InputError(EMPTY);
  return { bytes, stopped };
}

/** Lines that are not data rows: how many, and the first few with why. */
export interface SkippedRows {
  count: number;
  lines: Array<{ line: number; reason: string }>;
}

/** Lines a summary lists by number; the rest are only counted. */
export const MAX_LISTED = 20;

/** Counts a record whose field count does not match the header's (a footer, a blank line). */
export function skipRecord(skipped: SkippedRows, record: CsvRecord, headerCount: number): void {
  skipped.count++;
  if (skipped.lines.length >= MAX_LISTED) return;
  const reason =
    record.blank || (record.count === 1 && record.field(0).trim() === "")
      ? "blank line"
      : `${record.count} field${record.count === 1 ? "" : "s"} where the header has ${headerCount}`;
  skipped.lines.push({ line: record.line, reason });
}
