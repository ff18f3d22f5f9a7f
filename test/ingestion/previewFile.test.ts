import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { previewFile } from '../../src/ingestion/previewFile';
import { textFile } from './helpers';

describe('previewFile', () => {
  it('shows a generic CSV with its layout, rows and guessed mapping', () => {
    const [p] = previewFile(
      textFile(
        'clicks.csv',
        'customer_id,article_id,t_dat,colour\nc1,a1,2020-09-01,Black\nc2,a2,2020-09-02,White\n',
      ),
    );
    expect(p.role).toEqual({ role: 'interactions', format: 'csv' });
    expect(p.encoding).toBe('utf-8');
    expect(p.delimited).toMatchObject({
      delimiter: ',',
      hasHeader: true,
      columns: ['customer_id', 'article_id', 't_dat', 'colour'],
      rows: [
        ['c1', 'a1', '2020-09-01', 'Black'],
        ['c2', 'a2', '2020-09-02', 'White'],
      ],
      mapping: { user: 'customer_id', item: 'article_id', time: 't_dat', text: ['colour'] },
    });
  });

  it('shows JSON lines as a table of keys', () => {
    const [p] = previewFile({
      name: 'e.jsonl.gz',
      data: gzipSync(
        new TextEncoder().encode('{"user":"u","item":"i","when":1600000000,"tags":["a"]}\n'),
      ),
    });
    expect(p.name).toBe('e.jsonl.gz');
    expect(p.jsonLines).toEqual({
      keys: ['user', 'item', 'when', 'tags'],
      rows: [['u', 'i', '1600000000', '["a"]']],
      mapping: { user: 'user', item: 'item', time: 'when', text: ['tags'] },
    });
  });

  it('lists each entry of a zip, with Latin-1 noticed', () => {
    const zip = zipSync({
      'ml-100k/u.data': new TextEncoder().encode('1\t2\t3\t4\n'),
      'x/notes.csv': new Uint8Array([0x61, 0x2c, 0xe9, 0x0a]),
    });
    const previews = previewFile({ name: 'ml.zip', data: zip });
    expect(previews.map((p) => [p.name, p.role, p.encoding])).toEqual([
      ['ml-100k/u.data', { role: 'interactions', format: 'movielens-100k' }, 'utf-8'],
      ['x/notes.csv', { role: 'interactions', format: 'csv' }, 'latin-1'],
    ]);
    expect(previews[0].delimited).toBeUndefined();
    expect(previews[1].warning).toMatch(/not valid UTF-8/);
  });
});
