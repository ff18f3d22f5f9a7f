import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import {
  CHUNK_BYTES,
  memorySource,
  readAll,
  type ByteSource,
} from '../../src/ingestion/byteSource';
import { decodeText, type DecodedText } from '../../src/ingestion/decodeText';
import { expandFile } from '../../src/ingestion/decompress';
import { forEachDelimitedRecord, type RecordSyntax } from '../../src/ingestion/delimitedRecords';
import { createInputBudget } from '../../src/ingestion/inputBudget';
import { listZipEntries } from '../../src/ingestion/zipArchive';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const textOf = (file: DecodedText): string => [...file.chunks()].join('');

/** Records of `text` split into chunks of `size` characters, with malformed ones marked. */
function records(text: string, syntax: RecordSyntax, size = 3): (string | [string[], number])[] {
  const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
    text.slice(i * size, (i + 1) * size),
  );
  const out: (string | [string[], number])[] = [];
  forEachDelimitedRecord(
    { chunks: () => chunks },
    syntax,
    (fields, line) => out.push([fields, line]),
    (line, reason) => out.push(`line ${line}: ${reason}`),
  );
  return out;
}

describe('forEachDelimitedRecord', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, across chunks', () => {
    const text = 'id,title\n1,"a, b"\n2,"say ""hi"""\n\n3,"two\nlines"\n4,plain "mid" quote\n';
    expect(records(text, { delimiter: ',' })).toEqual([
      [['id', 'title'], 1],
      [['1', 'a, b'], 2],
      [['2', 'say "hi"'], 3],
      [['3', 'two\nlines'], 5],
      [['4', 'plain "mid" quote'], 7],
    ]);
  });

  it('reads a RecBole row whose quoted title spans two lines, as pandas does', () => {
    const text = 'item_id:token\ttitle:token\nA\t"Cream \nVanilla"\nB\t"Weird" Al\n';
    expect(records(text, { delimiter: '\t', lenientQuotes: true }, 5)).toEqual([
      [['item_id:token', 'title:token'], 1],
      [['A', 'Cream \nVanilla'], 2],
      [['B', 'Weird Al'], 4],
    ]);
  });

  it('reports text after a closing quote as malformed unless quotes are lenient', () => {
    expect(records('a,"b"c,d\ne,f\n', { delimiter: ',' })).toEqual([
      'line 1: text after the closing quote of field 2',
      [['e', 'f'], 2],
    ]);
  });

  it('loses one row to a quote that is never closed, and reads the rows after it', () => {
    expect(records('u1,"i1,5\nu2,i2,6\nu3,i3,7\n', { delimiter: ',' })).toEqual([
      'line 1: a quoted field that is never closed',
      [['u2', 'i2', '6'], 2],
      [['u3', 'i3', '7'], 3],
    ]);
  });
});

describe('decodeText, streaming', () => {
  it('decodes a character split across the chunk boundary', () => {
    const bytes = enc(`${'x'.repeat(CHUNK_BYTES - 1)}é,1\n`);
    expect(textOf(decodeText({ name: 'a.csv', data: bytes }))).toBe(
      `${'x'.repeat(CHUNK_BYTES - 1)}é,1\n`,
    );
  });

  it('reads the whole file as Latin-1 when invalid UTF-8 comes after the first chunk', () => {
    const bytes = new Uint8Array([...enc('a,b\n'.repeat(300_000)), 0x63, 0xe9, 0x0a]);
    const out = decodeText({ name: 'late.csv', data: bytes });
    expect(out.encoding).toBe('latin-1');
    expect(out.warning).toMatch(/late\.csv: not valid UTF-8/);
    expect(textOf(out).endsWith('cé\n')).toBe(true);
  });

  it('reads UTF-16 with and without a byte-order mark', () => {
    const text = 'user,item\nü1,i1\n';
    const le = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(Uint16Array.from(text, (c) => c.charCodeAt(0)).buffer),
    ]);
    const be = Uint8Array.from([...text].flatMap((c) => [0, c.charCodeAt(0)]));
    for (const [data, encoding] of [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
    ] as const) {
      const out = decodeText({ name: 'u16.csv', data });
      expect(out.encoding).toBe(encoding);
      expect(textOf(out)).toBe(text);
      expect(out.head).toBe(text);
    }
  });

  it('counts bytes against the budget and stops with the file, the size so far and the limit', () => {
    const budget = createInputBudget(5 * 2 ** 20, 'raise it with --max-input-size');
    let served = 0;
    const endless: ByteSource = {
      *chunks() {
        for (;;) {
          served++;
          yield enc('u1,i1,1600000000\n'.repeat(60_000));
        }
      },
    };
    const err = (() => {
      try {
        decodeText({ name: 'endless.csv', data: endless }, { budget });
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(
      /^endless\.csv: expected at most 5\.0 MiB of input text in all \(the size limit; raise it with --max-input-size\), found more: 5\.\d MiB read so far$/,
    );
    expect(served).toBeLessThan(8);
  });
});

describe('archives', () => {
  it('inflates a gzip file in bounded pieces as it is read', () => {
    const text = Array.from(
      { length: 400_000 },
      (_, i) => `u${i % 977},i${i},${1e9 + i * 7919}\n`,
    ).join('');
    const [file] = expandFile({ name: 'big.csv.gz', data: gzipSync(enc(text)) });
    const sizes = [...(file.data as ByteSource).chunks()].map((c) => c.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(text.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(17 * 2 ** 20);
    expect(sizes.length).toBeGreaterThan(1);
  });

  it('lists stored and deflated entries and reads each back', () => {
    const zip = zipSync({
      'a.csv': [enc('stored'), { level: 0 }],
      'b/c.txt': enc('deflated'.repeat(99)),
    });
    const entries = listZipEntries('x.zip', zip);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['a.csv', 0, 6],
      ['b/c.txt', 8, 792],
    ]);
    const files = expandFile({ name: 'x.zip', data: memorySource(zip) });
    expect(files.map((f) => new TextDecoder().decode(readAll(f.data as ByteSource)))).toEqual([
      'stored',
      'deflated'.repeat(99),
    ]);
  });
});
