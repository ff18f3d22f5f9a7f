import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingestion/ingest';
import { sequenceOf, textFile, textOf } from './helpers';

const REVIEWS_2014 = [
  {
    reviewerID: 'A2SUAM1J3GNN3B',
    asin: '0000013714',
    reviewerName: 'J. McDonald',
    overall: 5.0,
    unixReviewTime: 1393545600,
  },
  { reviewerID: 'A2SUAM1J3GNN3B', asin: '0000031852', overall: 4.0, unixReviewTime: 1363392000 },
  { reviewerID: 'A14VAT5EAX3D9S', asin: '0000013714', overall: 5.0, unixReviewTime: 1363392000 },
  { reviewerID: 'A14VAT5EAX3D9S', asin: '0000031852', overall: 5.0 },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

const META_2014 = [
  `{'asin': '0000013714', 'title': 'Tom &amp; Jerry&#39;s Hymns', 'description': 'Sing along', 'categories': [['Books'], ['Books', 'Music']], 'brand': 'Acme'}`,
  `{'asin': '0000031852', 'title': "Girls' Ballet Tutu", 'price': 3.17, 'related': {'also_bought': ['B00JHONN1S']}, 'categories': [['Sports & Outdoors', 'Dance']], 'flag': True}`,
  `{'asin': 'B00NOTUSED', 'title': 'Unused'}`,
  `{'title': 'no asin'}`,
  `{'asin': broken}`,
].join('\n');

const REVIEWS_2018 = [
  {
    overall: 5.0,
    verified: true,
    reviewTime: '09 1, 2015',
    reviewerID: 'A1',
    asin: 'B001',
    unixReviewTime: 1441065600,
    vote: '2',
  },
  { overall: 4.0, verified: false, reviewerID: 'A1', asin: 'B002', unixReviewTime: 1441000000 },
  { overall: 4.0, verified: false, reviewerID: 'A2', asin: 'B001', unixReviewTime: 1441000001 },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

const META_2018 = [
  JSON.stringify({
    asin: 'B001',
    title: 'Pipette &amp; tips',
    description: ['<b>Sterile</b>', 'Pack of 10'],
    brand: 'Lab Co',
    category: ['Industrial & Scientific', 'Lab'],
  }),
  JSON.stringify({ asin: 'B002', title: 'Beaker', description: '', category: [] }),
].join('\n');

describe('Amazon Reviews 2014', () => {
  it('reads reviews and Python-literal metadata (.gz), decodes entities and flattens categories', () => {
    const r = ingest({
      interactions: [
        { name: 'reviews_Books_5.json.gz', data: gzipSync(new TextEncoder().encode(REVIEWS_2014)) },
      ],
      items: [textFile('meta_Books.json', META_2014)],
    });
    expect(r.format).toBe('amazon-2014');
    expect(r.dataset.name).toBe('reviews_Books_5');
    expect(sequenceOf(r, 'A2SUAM1J3GNN3B')).toEqual(['0000031852', '0000013714']);
    expect(sequenceOf(r, 'A14VAT5EAX3D9S')).toEqual(['0000013714']);
    expect(r.dataset.textFields).toEqual(['title', 'description', 'brand', 'categories']);
    expect(textOf(r, '0000013714')).toEqual({
      title: "Tom & Jerry's Hymns",
      description: 'Sing along',
      brand: 'Acme',
      categories: 'Books, Music',
    });
    expect(textOf(r, '0000031852')).toEqual({
      title: "Girls' Ballet Tutu",
      categories: 'Sports & Outdoors, Dance',
    });
    expect(r.skipped).toEqual({
      'unparsable-timestamp': 1,
      'item-text-missing-id': 1,
      'malformed-record': 1,
      'item-text-without-interactions': 1,
    });
    expect(r.warnings.join('\n')).toMatch(
      /malformed-record.*meta_Books\.json, line 5: SyntaxError: expected a value at character 10/,
    );
  });
});

describe('Amazon Reviews 2018', () => {
  it('reads reviews and JSON metadata with description arrays and category lists', () => {
    const r = ingest({
      interactions: [textFile('Industrial.json', REVIEWS_2018)],
      items: [textFile('meta_Industrial.json', META_2018)],
    });
    expect(r.format).toBe('amazon-2018');
    expect(sequenceOf(r, 'A1')).toEqual(['B002', 'B001']);
    expect(textOf(r, 'B001')).toEqual({
      title: 'Pipette & tips',
      description: '<b>Sterile</b> Pack of 10',
      brand: 'Lab Co',
      categories: 'Industrial & Scientific, Lab',
    });
    expect(textOf(r, 'B002')).toEqual({ title: 'Beaker' });
  });

  it('combines reviews with a generic CSV item file', () => {
    const r = ingest({
      interactions: [textFile('Industrial.json', REVIEWS_2018)],
      items: [textFile('titles.csv', 'asin,name\nB001,Pipette\nB002,Beaker\n')],
    });
    expect(r.dataset.textFields).toEqual(['name']);
    expect(textOf(r, 'B002')).toEqual({ name: 'Beaker' });
  });
});

describe('Amazon ratings-only CSV', () => {
  it('reads user,item,rating,timestamp without a header', () => {
    const csv =
      'AUSER00000001,0000013714,5.0,1393545600\nAUSER00000001,0000031852,4.0,1363392000\nAUSER00000002,0000013714,3.0,1363392000\n';
    const r = ingest({ interactions: [textFile('ratings_Books.csv', csv)] });
    expect(r.format).toBe('amazon-ratings');
    expect(sequenceOf(r, 'AUSER00000001')).toEqual(['0000031852', '0000013714']);
    expect(r.warnings).toEqual([]);
  });

  it('recognises the 2018 item,user order and says so', () => {
    const csv =
      '0000013714,AUSER00000001,5.0,1393545600\n0000031852,AUSER00000001,4.0,1363392000\n0000013714,AUSER00000002,3.0,1363392000\n';
    const r = ingest({ interactions: [textFile('Books.csv', csv)] });
    expect(r.format).toBe('amazon-ratings');
    expect(sequenceOf(r, 'AUSER00000001')).toEqual(['0000031852', '0000013714']);
    expect(r.warnings.join('\n')).toMatch(/Books\.csv: first column holds ASINs/);
  });
});
