import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { ingest } from '../../src/ingestion/ingest';
import { sequenceOf, textFile, textOf } from './helpers';

/** Encodes text as Latin-1 bytes (every char < 256). */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const flags = (...on: number[]): string =>
  Array.from({ length: 19 }, (_, g) => (on.includes(g) ? '1' : '0')).join('|');

const U_DATA =
  '196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t4\t881250000\n186\t242\t1\n22\t377\n';
const U_ITEM = [
  `242|Kolya (1996)|24-Jan-1997||http://us.imdb.com/M/title-exact?Kolya%20(1996)|${flags(5)}`,
  `302|L.A. Confidential (1997)|01-Jan-1997||http://x|${flags(6, 10, 13, 16)}`,
  `377|Ménage à trois (1995)|01-Jan-1995||http://x|${flags(0)}`,
].join('\n');

const RATINGS_DAT = '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n';
const MOVIES_DAT =
  "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n";

describe('MovieLens 100K', () => {
  it('reads u.data and a Latin-1 u.item with genre names', () => {
    const r = ingest({
      interactions: [textFile('u.data', U_DATA)],
      items: [{ name: 'u.item', data: latin1(U_ITEM) }],
    });
    expect(r.format).toBe('movielens-100k');
    expect(r.dataset.name).toBe('movielens-100k');
    expect(sequenceOf(r, '196')).toEqual(['302', '242']);
    expect(textOf(r, '302')).toEqual({
      title: 'L.A. Confidential (1997)',
      genres: 'Crime, Film-Noir, Mystery, Thriller',
    });
    expect(textOf(r, '242')).toEqual({ title: 'Kolya (1996)', genres: 'Comedy' });
    expect(r.skipped).toEqual({ 'malformed-row': 2, 'item-text-without-interactions': 1 });
    expect(r.warnings.join('\n')).toMatch(
      /malformed-row.*u\.data, line 4: 3 field\(s\), 4 tab-separated expected/,
    );
    expect(r.warnings.some((w) => /Latin-1/.test(w))).toBe(false);
  });

  it('reads the GroupLens zip with its ml-100k folder and ignores the other files', () => {
    const zip = zipSync({
      'ml-100k/u.data': new TextEncoder().encode(U_DATA.split('\n').slice(0, 3).join('\n')),
      'ml-100k/u.item': latin1(U_ITEM),
      'ml-100k/u.user': new TextEncoder().encode('1|24|M|technician|85711\n'),
      'ml-100k/u1.base': new TextEncoder().encode('1\t1\t5\t874965758\n'),
    });
    const r = ingest({ interactions: [{ name: 'ml-100k.zip', data: zip }] });
    expect(r.format).toBe('movielens-100k');
    expect(r.dataset.userIds).toEqual(['196', '186']);
    expect(textOf(r, '377')).toBeUndefined();
    expect(textOf(r, '242').title).toBe('Kolya (1996)');
    expect(r.warnings.filter((w) => /ignored/.test(w))).toHaveLength(2);
  });

  it('rejects a genre flag that is not 0 or 1 at its line and column', () => {
    const bad = U_ITEM.replace('|0|0|0|0|0|1|', '|0|0|0|0|0|x|');
    const run = () =>
      ingest({
        interactions: [textFile('u.data', U_DATA)],
        items: [{ name: 'u.item', data: latin1(bad) }],
      });
    expect(run).toThrow(InputError);
    expect(run).toThrow(/u\.item, line 1, column 11: expected a genre flag 0 or 1, found "x"/);
  });
});

describe('MovieLens 1M', () => {
  it('reads ratings.dat and movies.dat from the ml-1m zip', () => {
    const zip = zipSync({
      'ml-1m/ratings.dat': latin1(RATINGS_DAT),
      'ml-1m/movies.dat': latin1(MOVIES_DAT),
      'ml-1m/users.dat': latin1('1::F::1::10::48067\n'),
    });
    const r = ingest({ interactions: [{ name: 'ml-1m.zip', data: zip }] });
    expect(r.format).toBe('movielens-1m');
    expect(sequenceOf(r, '1')).toEqual(['1193', '661']);
    expect(textOf(r, '661')).toEqual({
      title: 'James and the Giant Peach (1996)',
      genres: "Animation, Children's, Musical",
    });
  });
});
