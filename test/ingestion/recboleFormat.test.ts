import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { ingest } from '../../src/ingestion/ingest';
import { sequenceOf, textFile, textOf } from './helpers';

const INTER =
  'user_id:token\titem_id:token\trating:float\ttimestamp:float\n1\t10\t5\t300\n1\t11\t4\t200\n2\t10\t3\t100\n2\t12\t3\tsoon\n3\t11\n';
const ITEM =
  'item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n10\tToy Story\t1995\tAnimation Comedy\n11\tHeat\t1995\tAction\n12\tCasino\t1995\tDrama\n';

const header = 'user_id:token\titem_id_list:token_seq\titem_id:token\n';
const TRAIN = `${header}0\t0 1\t2\n0\t0\t1\n1\t3\t4\n2\t5 6\t7\n2\t5\t6\n`;
const VALID = `${header}0\t0 1 2\t3\n1\t3 4\t5\n2\t5 6 7\t8\n`;
const TEST = `${header}0\t0 1 2 3\t4\n1\t3 4 5\t6\n2\t5 6 7 8\t9\n`;
const TEXT =
  'item_id:token\ttext:token_seq\nB0\tZero &amp; one. Lab. Acme. \nB1\tOne\nB2\tTwo\nB3\tThree\nB4\tFour\nB5\tFive\nB6\tSix\nB7\tSeven\nB8\tEight\nB9\tNine\n';
const ITEM2INDEX = Array.from({ length: 10 }, (_, i) => `B${i}\t${i}`).join('\n');
const USER2INDEX = 'AX\t0\nAY\t1\nAZ\t2\n';

describe('RecBole atomic files', () => {
  it('reads .inter with a typed header and every .item token and token_seq field as text', () => {
    const r = ingest({
      interactions: [textFile('ml.inter', INTER)],
      items: [textFile('ml.item', ITEM)],
    });
    expect(r.format).toBe('recbole');
    expect(r.dataset.name).toBe('ml');
    expect(r.dataset.hasTimestamps).toBe(true);
    expect(sequenceOf(r, '1')).toEqual(['11', '10']);
    expect(r.dataset.textFields).toEqual(['movie_title', 'release_year', 'class']);
    expect(textOf(r, '10')).toEqual({
      movie_title: 'Toy Story',
      release_year: '1995',
      class: 'Animation Comedy',
    });
    expect(r.skipped).toEqual({
      'unparsable-timestamp': 1,
      'malformed-row': 1,
      'item-text-without-interactions': 1,
    });
    expect(r.warnings.join('\n')).toMatch(/ml\.inter, line 6: 2 tab-separated fields, 4 expected/);
  });

  it('names the text of a title/categories/brand item file without its types, read either way', () => {
    const beauty =
      'item_id:token\ttitle:token\tcategories:token_seq\tbrand:token\tprice:float\n' +
      '10\tOPI Nail Lacquer\tBeauty Nails\tOPI\t9.5\n11\tCream\tBeauty Skin\tAcme\t3\n' +
      '12\tSoap\tBeauty\tAcme\t1\n';
    const files = {
      interactions: [textFile('b.inter', INTER)],
      items: [textFile('b.item', beauty)],
    };
    const auto = ingest(files);
    expect(auto.dataset.textFields).toEqual(['title', 'categories', 'brand']);
    expect(textOf(auto, '10')).toEqual({
      title: 'OPI Nail Lacquer',
      categories: 'Beauty Nails',
      brand: 'OPI',
    });
    const table = ingest(files, { itemFormat: 'csv-items' });
    expect(table.dataset.textFields).toEqual(['title', 'categories', 'brand']);
    expect(textOf(table, '11')).toEqual({
      title: 'Cream',
      categories: 'Beauty Skin',
      brand: 'Acme',
    });
  });

  it('keeps file order when there is no timestamp field', () => {
    const r = ingest({
      interactions: [textFile('x.inter', 'user_id:token\titem_id:token\nu\tb\nu\ta\nv\ta\n')],
    });
    expect(r.dataset.hasTimestamps).toBe(false);
    expect(sequenceOf(r, 'u')).toEqual(['b', 'a']);
    expect(Array.from(r.dataset.timestamps[0])).toEqual([0, 1]);
  });

  it('falls back to session/item/time-like field names', () => {
    const inter =
      'session_id:token\titem_id:token\tplay_time:float\ns1\ta\t5\ns1\tb\t2\ns2\ta\t1\n';
    const r = ingest({ interactions: [textFile('diginetica.inter', inter)] });
    expect(r.dataset.hasTimestamps).toBe(true);
    expect(sequenceOf(r, 's1')).toEqual(['b', 'a']);
  });

  it('rejects a header field without a type, and a header without user_id', () => {
    expect(() =>
      ingest({ interactions: [textFile('x.inter', 'user_id\titem_id:token\nu\ta\n')] }),
    ).toThrow(/x\.inter, line 1, column 1: expected a RecBole header field "name:type"/);
    expect(() =>
      ingest({ interactions: [textFile('x.inter', 'uid:token\titem_id:token\nu\ta\n')] }),
    ).toThrow(/x\.inter, line 1, column user_id: expected a "user_id" field in the header/);
    expect(() =>
      ingest({ interactions: [textFile('x.inter', 'user_id:token\titem_id:token\n')] }),
    ).toThrow(
      /x\.inter, line 2: expected at least one data row after the header, found only a header/,
    );
  });
});

describe('UniSRec split files', () => {
  const files = {
    interactions: [
      textFile('Sci.train.inter', TRAIN),
      textFile('Sci.valid.inter', VALID),
      textFile('Sci.test.inter', TEST),
    ],
    items: [
      textFile('Sci.text', TEXT),
      textFile('Sci.item2index', ITEM2INDEX),
      textFile('Sci.user2index', USER2INDEX),
    ],
  };

  it('reassembles one sequence per user from the longest row, ids mapped back through the index maps', () => {
    const r = ingest(files);
    expect(r.format).toBe('unisrec');
    expect(r.dataset.name).toBe('Sci');
    expect(r.dataset.hasTimestamps).toBe(false);
    expect(r.dataset.userIds).toEqual(['AX', 'AY', 'AZ']);
    expect(sequenceOf(r, 'AX')).toEqual(['B0', 'B1', 'B2', 'B3', 'B4']);
    expect(sequenceOf(r, 'AY')).toEqual(['B3', 'B4', 'B5', 'B6']);
    expect(sequenceOf(r, 'AZ')).toEqual(['B5', 'B6', 'B7', 'B8', 'B9']);
    expect(textOf(r, 'B0')).toEqual({ text: 'Zero & one. Lab. Acme.' });
    expect(r.skipped).toEqual({});
  });

  it('counts rows that do not fit the longest row and names them', () => {
    const broken = TRAIN.replace('1\t3\t4', '1\t9\t4');
    const r = ingest({
      ...files,
      interactions: [textFile('Sci.train.inter', broken), ...files.interactions.slice(1)],
    });
    expect(r.skipped).toEqual({ 'inconsistent-split-row': 1 });
    expect(r.warnings.join('\n')).toMatch(
      /Sci\.train\.inter, line 4: user 1's history \+ target does not match/,
    );
  });

  it('works without index maps, keeping the raw tokens', () => {
    const r = ingest({ interactions: files.interactions });
    expect(sequenceOf(r, '2')).toEqual(['5', '6', '7', '8', '9']);
  });

  it('counts tokens missing from the item map', () => {
    const items = [
      textFile('Sci.item2index', ITEM2INDEX.replace('B9\t9', 'B9\t99')),
      textFile('Sci.user2index', USER2INDEX),
    ];
    const r = ingest({ ...files, items });
    expect(r.skipped['unknown-item-index']).toBe(1);
    expect(sequenceOf(r, 'AZ')).toEqual(['B5', 'B6', 'B7', 'B8']);
  });

  it('rejects a malformed index map line', () => {
    expect(() => ingest({ ...files, items: [textFile('Sci.item2index', 'B0 0\n')] })).toThrow(
      InputError,
    );
    expect(() => ingest({ ...files, items: [textFile('Sci.item2index', 'B0 0\n')] })).toThrow(
      /Sci\.item2index, line 1: expected "original id<TAB>index"/,
    );
  });
});
