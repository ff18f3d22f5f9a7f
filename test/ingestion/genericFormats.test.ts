import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/ingestion/decodeText';
import { previewDelimited } from '../../src/ingestion/formats/delimited';
import { ingest } from '../../src/ingestion/ingest';
import { sequenceOf, textFile, textOf } from './helpers';

describe('sequence-per-line files', () => {
  it('reads user_sequence.txt in line order with positions as timestamps', () => {
    const r = ingest({
      interactions: [textFile('user_sequence.txt', 'A1 i3 i1 i2\nA2 i1 i1\nA3\n\nA1 i9\n')],
    });
    expect(r.format).toBe('sequence-lines');
    expect(r.dataset.hasTimestamps).toBe(false);
    expect(sequenceOf(r, 'A1')).toEqual(['i3', 'i1', 'i2', 'i9']);
    expect(sequenceOf(r, 'A2')).toEqual(['i1', 'i1']);
    expect(Array.from(r.dataset.timestamps[0])).toEqual([0, 1, 2, 3]);
    expect(r.skipped).toEqual({ 'empty-sequence': 1 });
  });
});

describe('previewDelimited', () => {
  it('detects delimiter, header and a mapping from column names', () => {
    const p = previewDelimited(
      decodeText(textFile('log.tsv', 'session\tmovieId\tdate\tname\ns1\t5\t2020-01-02\tHeat\n')),
    );
    expect(p.delimiter).toBe('\t');
    expect(p.hasHeader).toBe(true);
    expect(p.columns).toEqual(['session', 'movieId', 'date', 'name']);
    expect(p.rows).toEqual([['s1', '5', '2020-01-02', 'Heat']]);
    expect(p.mapping).toEqual({ user: 'session', item: 'movieId', time: 'date', text: ['name'] });
  });

  it('does not take a first row of ids for a header', () => {
    const p = previewDelimited(decodeText(textFile('x.csv', 'user1,item7\nuser2,item8\n')));
    expect(p.hasHeader).toBe(false);
    expect(p.rows).toHaveLength(2);
  });

  it('guesses a headerless layout from values', () => {
    const p = previewDelimited(decodeText(textFile('x.csv', '7;42;1600000000\n8;43;1600000100\n')));
    expect(p.delimiter).toBe(';');
    expect(p.hasHeader).toBe(false);
    expect(p.columns).toEqual(['column1', 'column2', 'column3']);
    expect(p.mapping).toEqual({ user: 'column1', item: 'column2', time: 'column3', text: [] });
  });
});

describe('generic CSV and JSON lines', () => {
  it('ingests a CSV with a guessed mapping (reported) and inline item text', () => {
    const csv =
      'visitor,product,when,title\nv1,p2,2021-05-02,Mug\nv1,p1,2021-05-01,"Cup, &quot;blue&quot;"\nv2,p1,2021-05-03,Cup\n';
    const r = ingest(
      { interactions: [textFile('shop.csv', csv)] },
      { mapping: { user: 'visitor', item: 'product', time: 'when', text: ['title'] } },
    );
    expect(r.format).toBe('csv');
    expect(sequenceOf(r, 'v1')).toEqual(['p1', 'p2']);
    expect(textOf(r, 'p1')).toEqual({ title: 'Cup, "blue"' });
    const guessed = ingest({ interactions: [textFile('shop.csv', csv)] });
    expect(sequenceOf(guessed, 'v1')).toEqual(['p1', 'p2']);
    expect(guessed.warnings.join('\n')).toMatch(
      /guessed columns user=visitor, item=product, time=when/,
    );
  });

  it('uses a given layout and mapping, and names a missing mapped column', () => {
    const tsv = 'a\tb\nu1\tx\nu2\ty\n';
    const r = ingest(
      { interactions: [textFile('t.tsv', tsv)] },
      {
        format: 'csv',
        layout: { delimiter: '\t', hasHeader: true },
        mapping: { user: 'a', item: 'b' },
      },
    );
    expect(r.dataset.hasTimestamps).toBe(false);
    expect(r.dataset.userIds).toEqual(['u1', 'u2']);
    expect(() =>
      ingest(
        { interactions: [textFile('t.tsv', tsv)] },
        {
          format: 'csv',
          layout: { delimiter: '\t', hasHeader: true },
          mapping: { user: 'a', item: 'zz' },
        },
      ),
    ).toThrow(/t\.tsv, line 1, column zz: expected the item column "zz", found columns a, b/);
  });

  it('reads item-text files with a given layout, and refuses a delimiter that cannot split rows', () => {
    const log = 'user_id,item_id\nu1,a\nu1,b\nu2,a\n';
    // Every row has two commas, so detection would split at the comma.
    const items = 'a;Alpha, the first, one\nb;Beta, the second, two\n';
    const r = ingest(
      { interactions: [textFile('log.csv', log)], items: [textFile('things.csv', items)] },
      {
        itemFormat: 'csv-items',
        itemLayout: { delimiter: ';', hasHeader: false },
        itemColumn: 'column1',
        textFields: ['column2'],
      },
    );
    expect(textOf(r, 'a')).toEqual({ column2: 'Alpha, the first, one' });
    expect(textOf(r, 'b')).toEqual({ column2: 'Beta, the second, two' });
    expect(() =>
      ingest(
        { interactions: [textFile('log.csv', log)] },
        { format: 'csv', layout: { delimiter: '"' } },
      ),
    ).toThrow(
      'log.csv: expected a delimiter that can split rows, found a double quote (the quoting character) as the delimiter',
    );
  });

  it('ingests JSON lines with guessed keys and combines them with a JSON-lines item file', () => {
    const jsonl = [
      '{"user_id":"u1","item_id":"a","ts":5}',
      '{"user_id":"u1","item_id":"b","ts":3}',
      'not json',
      '{"user_id":"u2","item_id":"a","ts":1}',
    ].join('\n');
    const items = [
      '{"item_id":"a","name":"Alpha","tags":["x","y"],"price":3}',
      '{"item_id":"b","name":"Beta"}',
    ].join('\n');
    const r = ingest({
      interactions: [textFile('events.jsonl', jsonl)],
      items: [textFile('items.jsonl', items)],
    });
    expect(r.format).toBe('jsonl');
    expect(sequenceOf(r, 'u1')).toEqual(['b', 'a']);
    expect(r.skipped).toEqual({ 'malformed-json': 1 });
    expect(r.warnings.join('\n')).toMatch(/malformed-json.*events\.jsonl, line 3/);
    expect(r.dataset.textFields).toEqual(['name', 'tags']);
    expect(textOf(r, 'a')).toEqual({ name: 'Alpha', tags: 'x, y' });
  });

  it('combines MovieLens ratings with an HLLM information CSV', () => {
    const info = 'item_id,description,title\n242,A Czech film,Kolya\n';
    const r = ingest({
      interactions: [textFile('u.data', '1\t242\t3\t100\n2\t242\t3\t100\n')],
      items: [textFile('information/ml.csv', info)],
    });
    expect(r.format).toBe('movielens-100k');
    expect(textOf(r, '242')).toEqual({ description: 'A Czech film', title: 'Kolya' });
  });
});
