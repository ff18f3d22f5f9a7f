import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { decodeText, type DecodedText } from '../../src/ingestion/decodeText';
import { decodeHtmlEntities } from '../../src/ingestion/htmlEntities';
import { forEachLine, headLines } from '../../src/ingestion/lines';
import { parseTime } from '../../src/ingestion/parseTime';

const textOf = (file: DecodedText): string => [...file.chunks()].join('');

describe('decodeText', () => {
  it('decodes valid UTF-8 without a warning and strips a BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('café,1\n')]);
    const out = decodeText({ name: 'a.csv', data: bytes });
    expect(textOf(out)).toBe('café,1\n');
    expect(out.encoding).toBe('utf-8');
    expect(out.warning).toBeUndefined();
  });

  it('falls back to Latin-1 with a warning on invalid UTF-8', () => {
    const out = decodeText({ name: 'b.csv', data: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) });
    expect(textOf(out)).toBe('café');
    expect(out.encoding).toBe('latin-1');
    expect(out.warning).toMatch(/b\.csv.*Latin-1/);
  });

  it('reads Latin-1 without a warning when asked to', () => {
    const out = decodeText(
      { name: 'u.item', data: new Uint8Array([0x4d, 0xfc, 0x6c]) },
      { latin1: true },
    );
    expect(textOf(out)).toBe('Mül');
    expect(out.warning).toBeUndefined();
  });

  it('rejects binary data with the file name', () => {
    const data = new Uint8Array(200).map((_, i) => (i * 37) % 256);
    expect(() => decodeText({ name: 'x.bin', data })).toThrow(InputError);
    expect(() => decodeText({ name: 'x.bin', data })).toThrow(
      /x\.bin: expected a text file \(UTF-8, UTF-16 or Latin-1\), found binary data/,
    );
  });
});

describe('lines', () => {
  it('iterates LF and CRLF lines with 1-based numbers', () => {
    const seen: [string, number][] = [];
    forEachLine({ chunks: () => ['a\r', '\nb\n', '', '\nc'] }, (line, n) => seen.push([line, n]));
    expect(seen).toEqual([
      ['a', 1],
      ['b', 2],
      ['', 3],
      ['c', 4],
    ]);
    expect(headLines('x\r\ny\nz\n', 2)).toEqual(['x', 'y']);
  });
});

describe('decodeHtmlEntities', () => {
  it('decodes named, decimal and hex references and leaves unknown ones', () => {
    expect(
      decodeHtmlEntities('Tom &amp; Jerry&#39;s &#x27;best&#x27; &quot;x&quot; &bogus; &eacute;'),
    ).toBe(`Tom & Jerry's 'best' "x" &bogus; é`);
  });
});

describe('parseTime', () => {
  it('parses numbers and ISO dates, rejects other text', () => {
    expect(parseTime(' 881250949 ')).toBe(881250949);
    expect(parseTime('2020-01-02T00:00:00Z')).toBe(Date.UTC(2020, 0, 2) / 1000);
    expect(parseTime('abc')).toBeUndefined();
    expect(parseTime('')).toBeUndefined();
  });
});
