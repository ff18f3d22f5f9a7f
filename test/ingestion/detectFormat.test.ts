import { describe, expect, it } from 'vitest';
import { detectFormat, sniffHead } from '../../src/ingestion/detectFormat';

describe('detectFormat', () => {
  it.each([
    [
      'ml-100k/u.data',
      '196\t242\t3\t881250949\n',
      { role: 'interactions', format: 'movielens-100k' },
    ],
    ['u.item', '1|Toy Story (1995)|...\n', { role: 'items', format: 'movielens-100k-items' }],
    [
      'ml-1m/ratings.dat',
      '1::1193::5::978300760\n',
      { role: 'interactions', format: 'movielens-1m' },
    ],
    [
      'movies.dat',
      '1::Toy Story (1995)::Animation\n',
      { role: 'items', format: 'movielens-1m-items' },
    ],
    [
      'u.user',
      '1|24|M|technician|85711\n',
      { role: 'ignored', reason: 'a MovieLens file not used for sequences' },
    ],
    ['Scientific.item2index', 'B00TNNWMXI\t0\n', { role: 'item-map' }],
    ['Scientific.user2index', 'ABW8NXS7SV55K\t0\n', { role: 'user-map' }],
    [
      'Scientific.train.inter',
      'user_id:token\titem_id_list:token_seq\titem_id:token\n',
      { role: 'interactions', format: 'unisrec' },
    ],
    [
      'ml.inter',
      'user_id:token\titem_id:token\ttimestamp:float\n',
      { role: 'interactions', format: 'recbole' },
    ],
    [
      'Scientific.text',
      'item_id:token\ttext:token_seq\n',
      { role: 'items', format: 'recbole-items' },
    ],
    ['data.tsv', 'user_id:token\titem_id:token\n', { role: 'interactions', format: 'recbole' }],
    [
      'r.json',
      '{"reviewerID": "A1", "asin": "0001", "unixReviewTime": 1}\n',
      { role: 'interactions', format: 'amazon-2014' },
    ],
    [
      'r.json',
      '{"overall": 5.0, "verified": true, "reviewerID": "A1", "asin": "B1"}\n',
      { role: 'interactions', format: 'amazon-2018' },
    ],
    ['meta.json', "{'asin': '0001', 'title': 'x'}\n", { role: 'items', format: 'amazon-meta' }],
    [
      'meta.json',
      '{"asin": "B1", "title": "x", "category": []}\n',
      { role: 'items', format: 'amazon-meta' },
    ],
    ['e.jsonl', '{"user": "u", "item": "i"}\n', { role: 'interactions', format: 'jsonl' }],
    ['i.jsonl', '{"item_id": "i", "name": "x"}\n', { role: 'items', format: 'jsonl-items' }],
    [
      'Pixel200K.csv',
      'item_id,user_id,timestamp\n1,2,3\n',
      { role: 'interactions', format: 'hllm' },
    ],
    [
      'item_info.csv',
      'item_id,view_number,title\n1,5,x\n',
      { role: 'items', format: 'hllm-items' },
    ],
    [
      'ratings_Books.csv',
      'AUSER1,0000013714,5.0,1393545600\nAUSER2,0000013714,4.0,1393545601\n',
      { role: 'interactions', format: 'amazon-ratings' },
    ],
    ['seq.txt', '1 2 3 4\n2 5 6\n', { role: 'interactions', format: 'sequence-lines' }],
    ['user_sequence.txt', 'A 1 2\n', { role: 'interactions', format: 'sequence-lines' }],
    ['clicks.csv', 'session,product,time\ns,p,1\n', { role: 'interactions', format: 'csv' }],
    ['products.csv', 'product_id,name\np,Cup\n', { role: 'items', format: 'csv-items' }],
  ])('%s → %j', (name, head, expected) => {
    expect(detectFormat(name, head)).toEqual(expected);
  });

  it('sniffHead keeps whole lines only', () => {
    expect(sniffHead('aaaa\nbbbb\ncccc', 7)).toBe('aaaa');
    expect(sniffHead('short', 100)).toBe('short');
  });
});
