import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { expandFile, readChunks } from '../../src/ingestion/decompress';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (d: Uint8Array | string): string =>
  typeof d === 'string' ? d : new TextDecoder().decode(d);

describe('expandFile', () => {
  it('gunzips and drops the .gz suffix', () => {
    const [out] = expandFile({ name: 'dir/u.data.gz', data: gzipSync(enc('1\t2\t3\t4\n')) });
    expect(out.name).toBe('dir/u.data');
    expect(dec(out.data)).toBe('1\t2\t3\t4\n');
  });

  it('lists zip entries (folders skipped, nested gzip expanded)', () => {
    const zip = zipSync({
      'ml-100k/': {},
      'ml-100k/u.data': enc('a'),
      'ml-100k/u.item.gz': gzipSync(enc('b')),
    });
    const out = expandFile({ name: 'ml-100k.zip', data: zip });
    expect(out.map((f) => [f.name, dec(f.data)])).toEqual([
      ['ml-100k/u.data', 'a'],
      ['ml-100k/u.item', 'b'],
    ]);
  });

  it('passes plain files through and rejects a corrupt gzip', () => {
    expect(expandFile({ name: 'a.csv', data: 'x' })).toEqual([{ name: 'a.csv', data: 'x' }]);
    const bad = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);
    expect(() => expandFile({ name: 'bad.gz', data: bad })).toThrow(InputError);
    expect(() => expandFile({ name: 'bad.gz', data: bad })).toThrow(
      /bad\.gz: expected a valid gzip file/,
    );
  });
});

describe('readChunks', () => {
  async function* chunked(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
  }
  const text = Array.from({ length: 500 }, (_, i) => `${i},${i % 7},${1000 + i}`).join('\n');

  it('gunzips a chunked gzip stream', async () => {
    const out = await readChunks('big.csv.gz', chunked(gzipSync(enc(text)), 97));
    expect(out.name).toBe('big.csv');
    expect(dec(out.data)).toBe(text);
  });

  it('concatenates a plain stream', async () => {
    const out = await readChunks('big.csv', chunked(enc(text), 100));
    expect(dec(out.data)).toBe(text);
  });
});
