import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { readAll } from '../../src/ingestion/byteSource';
import { expandFile } from '../../src/ingestion/decompress';
import type { InputFile } from '../../src/ingestion/inputFile';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (d: InputFile['data']): string =>
  typeof d === 'string' ? d : new TextDecoder().decode(d instanceof Uint8Array ? d : readAll(d));

describe('expandFile', () => {
  it('gunzips as it reads, keeping the name the user gave', () => {
    const [out] = expandFile({ name: 'dir/u.data.gz', data: gzipSync(enc('1\t2\t3\t4\n')) });
    expect(out.name).toBe('dir/u.data.gz');
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
      ['ml-100k/u.item.gz', 'b'],
    ]);
  });

  it('passes plain files through and rejects a corrupt gzip', () => {
    expect(expandFile({ name: 'a.csv', data: 'x' })).toEqual([{ name: 'a.csv', data: 'x' }]);
    const bad = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);
    const [out] = expandFile({ name: 'bad.gz', data: bad });
    expect(() => dec(out.data)).toThrow(InputError);
    expect(() => dec(out.data)).toThrow(/bad\.gz: expected a valid gzip file/);
  });
});
