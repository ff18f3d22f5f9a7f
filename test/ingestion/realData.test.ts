import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { withCompanions } from '../../src/cli/nodeFiles';
import { ingest } from '../../src/ingestion/ingest';
import type { InputFile } from '../../src/ingestion/inputFile';
import { interactionCount } from './helpers';

const DATA = path.resolve(__dirname, '../../../shared/data');
const ML = path.join(DATA, 'movielens-100k');
const SCI = path.join(DATA, 'amazon-scientific-unisrec');
const read = (file: string): InputFile => ({
  name: file,
  data: new Uint8Array(readFileSync(file)),
});

if (!existsSync(ML)) console.warn(`skipping MovieLens-100K integration test: ${ML} not found`);
if (!existsSync(SCI)) console.warn(`skipping Amazon Scientific integration test: ${SCI} not found`);

describe.skipIf(!existsSync(ML))('MovieLens-100K (shared data)', () => {
  it('gives 943 users, 1,682 items, 100,000 interactions, all with title and genres', () => {
    const r = ingest({
      interactions: [read(path.join(ML, 'u.data.gz'))],
      items: [read(path.join(ML, 'u.item'))],
    });
    expect(r.dataset.userIds.length).toBe(943);
    expect(r.dataset.itemIds.length).toBe(1682);
    expect(interactionCount(r)).toBe(100_000);
    expect(r.skipped).toEqual({});
    expect(r.dataset.itemText.every((t) => t.title !== undefined && t.genres !== undefined)).toBe(
      true,
    );
    const sorted = r.dataset.timestamps.every((ts) =>
      ts.every((t, k) => k === 0 || t >= ts[k - 1]),
    );
    expect(sorted).toBe(true);
  });
});

describe.skipIf(!existsSync(SCI))('Amazon Scientific UniSRec split (shared data)', () => {
  it('gives 8,442 users and 4,385 items; each sequence equals its test row history + target', () => {
    const f = (name: string): InputFile => read(path.join(SCI, name));
    const r = ingest({
      interactions: [
        f('Scientific.train.inter.gz'),
        f('Scientific.valid.inter.gz'),
        f('Scientific.test.inter.gz'),
      ],
      items: [f('Scientific.text.gz'), f('Scientific.item2index'), f('Scientific.user2index.gz')],
    });
    expect(r.dataset.userIds.length).toBe(8442);
    expect(r.dataset.itemIds.length).toBe(4385);
    expect(r.skipped).toEqual({});
    expect(r.dataset.itemText.every((t) => (t.text ?? '').length > 0)).toBe(true);
    const items = new Map(
      readFileSync(path.join(SCI, 'Scientific.item2index'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\t').reverse() as [string, string]),
    );
    const users = new Map(
      new TextDecoder()
        .decode(gunzipSync(readFileSync(path.join(SCI, 'Scientific.user2index.gz'))))
        .trim()
        .split('\n')
        .map((l) => l.split('\t').reverse() as [string, string]),
    );
    const testRows = new TextDecoder()
      .decode(gunzipSync(readFileSync(path.join(SCI, 'Scientific.test.inter.gz'))))
      .trim()
      .split('\n')
      .slice(1);
    expect(testRows.length).toBe(8442);
    const { dataset } = r;
    const userIndex = new Map(dataset.userIds.map((id, u) => [id, u]));
    const mismatched = testRows.filter((row) => {
      const [user, history, target] = row.split('\t');
      const expected = [...history.split(' '), target].map((t) => items.get(t));
      const seq = dataset.sequences[userIndex.get(users.get(user) as string) as number];
      return Array.from(seq, (i) => dataset.itemIds[i]).join(' ') !== expected.join(' ');
    });
    expect(mismatched).toEqual([]);
    expect(interactionCount(r)).toBe(59_384);
  });

  it('uses the item2index map beside the split when the text file is named (--items)', () => {
    const files = withCompanions(
      [path.join(SCI, 'Scientific.test.inter.gz')],
      [path.join(SCI, 'Scientific.text.gz')],
    );
    const r = ingest({
      interactions: files.interactions.map(read),
      items: files.items.map(read),
    });
    expect(r.dataset.itemIds.length).toBe(4385);
    expect(r.dataset.itemText.filter((t) => Object.keys(t).length > 0).length).toBe(4385);
  });
});
