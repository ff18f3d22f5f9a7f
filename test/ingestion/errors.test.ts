import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { ingest, type IngestInput } from '../../src/ingestion/ingest';
import { textFile } from './helpers';

/** The InputError thrown by ingesting `input`. */
function errorOf(input: IngestInput): InputError {
  try {
    ingest(input);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('ingestion errors', () => {
  it('empty file', () => {
    const err = errorOf({ interactions: [textFile('empty.csv', '')] });
    expect(err.message).toBe('empty.csv: expected a non-empty file, found an empty file');
    expect(err.location).toEqual({ file: 'empty.csv' });
  });

  it('whitespace-only file', () => {
    expect(errorOf({ interactions: [textFile('blank.csv', '\n \n')] }).message).toMatch(
      /blank\.csv: expected a non-empty file/,
    );
  });

  it('header-only HLLM file', () => {
    const err = errorOf({ interactions: [textFile('Books.csv', 'item_id,user_id,timestamp\n')] });
    expect(err.message).toBe(
      'Books.csv, line 2: expected at least one data row after the header, found only a header',
    );
  });

  it('a single user', () => {
    const err = errorOf({
      interactions: [textFile('Books.csv', 'item_id,user_id,timestamp\na,u1,1\nb,u1,2\n')],
    });
    expect(err.message).toBe(
      'Books.csv: expected interactions from at least 2 users, found a single user (u1)',
    );
  });

  it('binary garbage', () => {
    const data = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256);
    expect(errorOf({ interactions: [{ name: 'random.bin', data }] }).message).toMatch(
      /random\.bin: expected a text file \(UTF-8, UTF-16 or Latin-1\), found binary data/,
    );
  });

  it('no usable rows: says why, with the first location', () => {
    const err = errorOf({
      interactions: [textFile('Books.csv', 'item_id,user_id,timestamp\na,u1,x\nb,u2,y\n')],
    });
    expect(err.message).toMatch(
      /^Books\.csv: expected at least one usable interaction, found none \(2 row\(s\) skipped; /,
    );
    expect(err.message).toMatch(
      /unparsable-timestamp \(first: Books\.csv, line 2, column timestamp: "x"\)/,
    );
  });

  it('interaction files of different formats', () => {
    const err = errorOf({
      interactions: [
        textFile('u.data', '1\t2\t3\t4\n'),
        textFile('Books.csv', 'item_id,user_id,timestamp\na,u1,1\n'),
      ],
    });
    expect(err.message).toMatch(
      /expected interaction files of one format, found movielens-100k and hllm/,
    );
  });

  it('only item files', () => {
    expect(
      errorOf({
        interactions: [textFile('u.item', '1|x|||u|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n')],
      }).message,
    ).toMatch(/expected an interaction file among the inputs, found only item-text or map files/);
  });

  it('no files', () => {
    expect(errorOf({ interactions: [] }).message).toMatch(
      /expected an interaction file, found no files/,
    );
  });

  it('an interaction file given as item text', () => {
    expect(
      errorOf({
        interactions: [textFile('u.data', '1\t2\t3\t4\n2\t2\t3\t4\n')],
        items: [textFile('ratings.dat', '1::2::3::4\n')],
      }).message,
    ).toBe('ratings.dat: expected an item-text file, found a movielens-1m file');
  });

  it('a CSV whose columns cannot be guessed', () => {
    expect(errorOf({ interactions: [textFile('one.csv', 'a\nb\n')] }).message).toMatch(
      /one\.csv, line 1: expected user and item columns \(give a column mapping\)/,
    );
  });

  it('a corrupt item file with unbalanced quotes is counted, not fatal', () => {
    const r = ingest({
      interactions: [textFile('Books.csv', 'item_id,user_id,timestamp\na,u1,1\nb,u2,2\n')],
      items: [textFile('info.csv', 'item_id,title\na,"ok"\nb,"broken\n')],
    });
    expect(r.skipped['malformed-row']).toBe(1);
  });
});
