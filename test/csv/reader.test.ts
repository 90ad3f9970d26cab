/**
 * The byte-level CSV reader against csv-parse (the reference) on edge cases and on generated
 * input cut into chunks at every kind of boundary: inside quotes, between CR and LF, inside
 * a multi-byte character.
 */
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  CsvReader,
  MAX_RECORD_BYTES,
  RecordTooLongError,
  UnclosedQuoteError,
} from "../../src/io/csv/reader.js";
import { ByteWriter, csvField } from "../../src/io/csv/writer.js";
import { PassThrough } from "node:stream";

interface Parsed {
  fields: string[];
  line: number;
  raw: string;
}

function read(chunks: Buffer[], delimiter = ","): Parsed[] {
  const out: Parsed[] = [];
  const reader = new CsvReader(delimiter.charCodeAt(0), (record) => {
    out.push({
      fields: record.fields(),
      line: record.line,
      raw: record.buffer.toString("utf8", record.start, record.end),
    });
  });
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return out;
}

function splitAt(buffer: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buffer.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const point of points) {
    chunks.push(buffer.subarray(last, point));
    last = point;
  }
  chunks.push(buffer.subarray(last));
  return chunks;
}

const reference = (text: string, delimiter = ","): string[][] =>
  parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
  }) as string[][];

describe("CsvReader", () => {
  const cases: Array<[string, string, string[][]]> = [
    [
      "plain LF",
      "a,b\n1,2\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "CRLF",
      "a,b\r\n1,2\r\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "no final line break",
      "a,b\n1,2",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "quoted comma and doubled quotes",
      'a,b\n"x, y","say ""hi"""\n',
      [
        ["a", "b"],
        ["x, y", 'say "hi"'],
      ],
    ],
    [
      "quoted newline",
      'a,b\n"line 1\nline 2",z\n',
      [
        ["a", "b"],
        ["line 1\nline 2", "z"],
      ],
    ],
    [
      "quoted CRLF",
      'a,b\r\n"l1\r\nl2",z\r\n',
      [
        ["a", "b"],
        ["l1\r\nl2", "z"],
      ],
    ],
    [
      "empty fields",
      "a,b,c\n,,\n",
      [
        ["a", "b", "c"],
        ["", "", ""],
      ],
    ],
    [
      "empty quoted field",
      'a,b\n"",x\n',
      [
        ["a", "b"],
        ["", "x"],
      ],
    ],
    [
      "multi-byte UTF-8",
      "名前,都市\nJosé,İstanbul\n",
      [
        ["名前", "都市"],
        ["José", "İstanbul"],
      ],
    ],
    ["blank line", "a\n\nb\n", [["a"], [""], ["b"]]],
    ["one column", "a\n1\n2\n", [["a"], ["1"], ["2"]]],
    [
      "lone CR line endings",
      "a,b\r1,2\r",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(`reads ${name}`, () => {
      expect(read([Buffer.from(text)]).map((r) => r.fields)).toEqual(expected);
    });
  }

  it("reads ; and tab delimiters", () => {
    expect(read([Buffer.from('a;b\n"1;5";2\n')], ";").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1;5", "2"],
    ]);
    expect(read([Buffer.from("a\tb\n1\t2\n")], "\t").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("numbers records by the line they start on, counting quoted line breaks", () => {
    const records = read([Buffer.from('h\n"a\nb"\nc\n\nd\n')]);
    expect(records.map((r) => [r.fields[0], r.line])).toEqual([
      ["h", 1],
      ["a\nb", 2],
      ["c", 4],
      ["", 5],
      ["d", 6],
    ]);
  });

  it("keeps each record's original bytes", () => {
    const records = read([Buffer.from('a,b\r\n"x ""q""",y\r\n')]);
    expect(records.map((r) => r.raw)).toEqual(["a,b", '"x ""q""",y']);
  });

  it("says where a quoted field that is never closed starts, rather than read on to the end", () => {
    for (const simd of [true, false]) {
      const lines: number[] = [];
      const reader = new CsvReader(44, (record) => lines.push(record.line), { simd });
      reader.push(Buffer.from('a,b\n1,"x\ny"\n2,"oops\n3,b\n'));
      reader.push(Buffer.from("4,c\n"));
      expect(() => reader.end()).toThrow(
        "the quoted field in the record starting on line 4 is never closed",
      );
      expect(lines).toEqual([1, 2]);
    }
  });

  it("stops on a record that never ends (an unclosed quote) instead of eating memory", () => {
    const reader = new CsvReader(44, () => {});
    reader.push(Buffer.from('a,b\n1,"never closed'));
    const filler = Buffer.alloc(1024 * 1024, 120);
    expect(() => {
      for (let i = 0; i <= MAX_RECORD_BYTES / filler.length + 1; i++) reader.push(filler);
    }).toThrow(RecordTooLongError);
  });

  const field = fc.oneof(
    fc.string({
      unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r", "é", "名", "😀", ";"),
      maxLength: 8,
    }),
    fc.string({ maxLength: 5 }),
  );
  const table = fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), {
    minLength: 1,
    maxLength: 12,
  });

  it("agrees with csv-parse on generated files cut into chunks anywhere", () => {
    fc.assert(
      fc.property(table, fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (rows, crlf, cuts) => {
        const eol = crlf ? "\r\n" : "\n";
        const text = rows.map((row) => row.map((f) => csvField(f, ",")).join(",")).join(eol) + eol;
        const expected = reference(text);
        const bytes = Buffer.from(text);
        expect(read([bytes]).map((r) => r.fields)).toEqual(expected);
        expect(read(splitAt(bytes, cuts)).map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it("agrees with csv-parse when every byte arrives alone", () => {
    const text =
      'id,note,city\r\n1,"He said ""yes"", then\r\nleft",São Paulo\r\n2,plain,東京\r\n3,"",\r\n';
    const bytes = Buffer.from(text);
    const single = [...bytes].map((b) => Buffer.from([b]));
    expect(read(single).map((r) => r.fields)).toEqual(reference(text));
  });
});

describe("CsvReader's SIMD scan", () => {
  /** Everything the reader reports of each record, to compare the two paths exactly. */
  let byteLoopBuffers = 0;
  function records(chunks: Buffer[], simd: boolean, delimiter = ","): unknown[] {
    const out: unknown[] = [];
    const reader = new CsvReader(
      delimiter.charCodeAt(0),
      (record) => {
        const fields = [];
        for (let i = 0; i < record.count; i++)
          fields.push([
            record.fieldStart(i) - record.start,
            record.fieldEnd(i) - record.start,
            record.quoted(i),
          ]);
        out.push({
          raw: record.buffer.toString("latin1", record.start, record.end),
          line: record.line,
          fields,
          text: record.fields(),
          blank: record.blank,
        });
      },
      { simd },
    );
    for (const chunk of chunks) reader.push(chunk);
    try {
      reader.end();
    } catch (error) {
      // Both paths must stop at the same record, on the same line.
      if (!(error instanceof UnclosedQuoteError)) throw error;
      out.push({ unclosedFrom: error.line });
    }
    byteLoopBuffers = reader.byteLoopBuffers;
    return out;
  }

  // Bytes that matter to the scan, in runs long enough to cross its 64-byte blocks.
  const piece = fc.constantFrom(
    "a",
    "bc",
    ",",
    ";",
    '"',
    '""',
    "\r",
    "\n",
    "\r\n",
    "é",
    "x".repeat(70),
  );
  const text = fc.array(piece, { maxLength: 120 }).map((parts) => parts.join(""));

  it("gives the byte loop's records for any bytes, stray quotes included, cut anywhere", () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (input, cuts, semi) => {
        const bytes = Buffer.from(input);
        const delimiter = semi ? ";" : ",";
        const expected = records(splitAt(bytes, cuts), false, delimiter);
        expect(records(splitAt(bytes, cuts), true, delimiter)).toEqual(expected);
        expect(records([bytes], true, delimiter)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads well-formed quoting across block edges without the byte loop's help", () => {
    // A quoted field whose closing quote, doubled quotes and line breaks fall at every
    // offset around the 64-byte block edges.
    for (let pad = 50; pad < 140; pad++) {
      const input = `id,note\r\n1,"${"y".repeat(pad)}""q""\r\nz"\r\n2,${"w".repeat(pad)}\r\n`;
      const bytes = Buffer.from(input);
      const expected = records([bytes], false);
      expect(records([bytes], true)).toEqual(expected);
      expect(byteLoopBuffers).toBe(0);
    }
  });

  it("leaves a buffer with a stray quote to the byte loop, which keeps the quote as text", () => {
    const bytes = Buffer.from('id,size\n1,12" pipe\n2,"3" x\n');
    const expected = records([bytes], false);
    expect(records([bytes], true)).toEqual(expected);
    expect(byteLoopBuffers).toBe(1);
    expect((records([bytes], true)[1] as { text: string[] }).text).toEqual(["1", '12" pipe']);
  });
});

describe("ByteWriter and csvField", () => {
  it("quotes only what RFC 4180 requires, and csv-parse reads it back", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (fields) => {
        const line = fields.map((f) => csvField(f, ",")).join(",");
        expect(reference(`${line}\n`)[0]).toEqual(
          fields.length === 1 && fields[0] === "" ? [""] : fields,
        );
      }),
      { numRuns: 1000 },
    );
    expect(csvField("plain", ",")).toBe("plain");
    expect(csvField("a;b", ";")).toBe('"a;b"');
    expect(csvField("a;b", ",")).toBe("a;b");
  });

  it("writes every byte in order, in blocks, across many flushes", async () => {
    const sink = new PassThrough();
    const parts: Buffer[] = [];
    sink.on("data", (d: Buffer) => parts.push(d));
    const writer = new ByteWriter(sink);
    const row = Buffer.from("x".repeat(1000) + "\n");
    for (let i = 0; i < 3000; i++) {
      writer.bytes(row, 0, row.length);
      writer.text(`é${i}\n`);
      await writer.flushIfFull();
    }
    await writer.flush();
    const text = Buffer.concat(parts).toString("utf8");
    expect(text.split("\n").filter((l) => l.startsWith("é")).length).toBe(3000);
    expect(text.endsWith("é2999\n")).toBe(true);
  });
});
