import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import { validateRunConfig } from '../../src/config/parseRunConfig';
import { InputError } from '../../src/dataset/errors';
import { preprocess } from '../../src/dataset/preprocess';
import { ingest } from '../../src/ingestion/ingest';
import { makeDataset } from '../dataset/makeDataset';
import { textFile } from './hostileFiles';

const RECORDS = [
  { user: 'u1', item: 'i1', time: 1600000000 },
  { user: 'u2', item: 'i2', time: 1600000001 },
];

describe('JSON that is not JSON lines', () => {
  it('names a JSON array and how to convert it', () => {
    const run = () => ingest({ interactions: [textFile('a.json', JSON.stringify(RECORDS))] });
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      /a\.json, line 1: expected JSON lines \(one object per line\).*found a JSON array/,
    );
  });

  it('names pretty-printed JSON', () => {
    const pretty = RECORDS.map((r) => JSON.stringify(r, null, 2)).join('\n');
    const run = () => ingest({ interactions: [textFile('p.jsonl', pretty)] });
    expect(run).toThrow(InputError);
    expect(run).toThrow(/found pretty-printed JSON/);
  });

  it('still reads JSON lines', () => {
    const r = ingest({
      interactions: [textFile('l.jsonl', RECORDS.map((r) => JSON.stringify(r)).join('\n'))],
    });
    expect(r.dataset.userIds).toEqual(['u1', 'u2']);
  });
});

describe('sequence-per-line files named without "sequence"', () => {
  it('reads equally long sequences by content, losing no item', () => {
    const r = ingest({
      interactions: [
        textFile(
          'data.txt',
          'user1 item1 item2 item3\nuser2 item4 item5 item6\nuser3 item7 item8 item9\n',
        ),
      ],
    });
    expect(r.format).toBe('sequence-lines');
    expect(r.dataset.sequences.reduce((n, s) => n + s.length, 0)).toBe(9);
  });

  it('still reads user-item-time triples as a table', () => {
    const r = ingest({
      interactions: [
        textFile('log.txt', '1\t10\t1600000000\n1\t11\t1600000001\n2\t10\t1600000002\n'),
      ],
    });
    expect(r.format).toBe('csv');
    expect(r.dataset.sequences.reduce((n, s) => n + s.length, 0)).toBe(3);
  });
});

describe('sequence-like tables', () => {
  it('keeps reading a headered TSV and dated triples as tables', () => {
    const headered = 'user_id\titem_id\ttitle\nu1\ti1\tA\nu2\ti2\tB\n';
    expect(ingest({ interactions: [textFile('h.tsv', headered)] }).format).toBe('csv');
    const dated = 'u1\ti1\t2020-01-02\nu2\ti2\t2020-01-03\n';
    const r = ingest({ interactions: [textFile('d.txt', dated)] });
    expect(r.format).toBe('csv');
    expect(r.dataset.hasTimestamps).toBe(true);
  });
});

describe('mixed delimiters', () => {
  it('names the row and both delimiters instead of "missing item id"', () => {
    const csv =
      'user,item,time\nu1,i1,1600000000\nu2;i2;1600000001\nu1,i3,1600000002\nu2,i4,1600000003\n';
    const r = ingest({ interactions: [textFile('m.csv', csv)] });
    expect(r.skipped).toEqual({ 'mixed-delimiters': 1 });
    expect(r.warnings).toContain(
      'skipped 1 row(s): mixed-delimiters (first: m.csv, line 3: mixed delimiters: row 3 uses ";", the file uses ",")',
    );
  });
});

describe('k-core removing everything', () => {
  it('names the k-core and says to lower it', () => {
    const dataset = makeDataset([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const run = () => preprocess(dataset, { dedupe: true, kCore: 5 });
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      'k-core 5 left 0 items and 0 users (of 6 and 2); lower it (data.kCore, 0 = off)',
    );
  });
});

describe('512 default negatives on a small catalogue', () => {
  it('is refused naming the setting to change', () => {
    const config = defaultRunConfig('hllm');
    expect(config.train.numNegatives).toBe(512);
    expect(validateRunConfig(config, { numItems: 512 })).toContain(
      'train.numNegatives: 512 negatives but the dataset has only 512 items; use at most 511',
    );
  });
});
