import { InputError } from '../../dataset/errors';
import type { ItemText } from '../../dataset/types';
import type { DecodedText } from '../decodeText';
import { decodeHtmlEntities } from '../htmlEntities';
import type { InteractionLog } from '../interactionLog';
import { cleanText, nonEmpty, type ItemTextTable } from '../itemTextTable';
import { forEachLine } from '../lines';
import type { SkipTracker } from '../skipTracker';

/** The 19 MovieLens-100K genres in flag order (u.genre). */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** Text fields of MovieLens items. */
export const MOVIELENS_TEXT_FIELDS = ['title', 'genres'];

/**
 * Reads MovieLens ratings: `u.data` (tab-separated) or `ratings.dat` (`::`-separated), each line
 * `user item rating timestamp`. Lines with too few fields, empty ids or a bad time are skipped and counted.
 */
export function parseMovieLensRatings(
  file: DecodedText,
  separator: '\t' | '::',
  log: InteractionLog,
  skips: SkipTracker,
): void {
  log.beginFile(file.name);
  forEachLine(file, (line, lineNo) => {
    if (line.trim() === '') return;
    const parts = separator === '\t' ? line.split(/\s+/) : line.split('::');
    if (parts.length < 4) {
      const sep = separator === '\t' ? 'tab' : '"::"';
      return skips.skip(
        'malformed-row',
        { file: file.name, line: lineNo },
        `${parts.length} field(s), 4 ${sep}-separated expected`,
      );
    }
    const user = parts[0].trim();
    const item = parts[1].trim();
    if (user === '')
      return skips.skip(
        'missing-user-id',
        { file: file.name, line: lineNo, column: 1 },
        'an empty user id',
      );
    if (item === '')
      return skips.skip(
        'missing-item-id',
        { file: file.name, line: lineNo, column: 2 },
        'an empty item id',
      );
    const time = Number(parts[3]);
    if (parts[3].trim() === '' || !Number.isFinite(time)) {
      return skips.skip(
        'unparsable-timestamp',
        { file: file.name, line: lineNo, column: 4 },
        `"${parts[3]}"`,
      );
    }
    log.add(user, item, time, lineNo);
  });
}

/**
 * Reads MovieLens item text: `u.item` (`id|title|release|video release|url|19 genre flags`) or
 * `movies.dat` (`id::title::Genre1|Genre2`); text is the title and the genre names joined by ", ".
 */
export function parseMovieLensItems(
  file: DecodedText,
  kind: '100k' | '1m',
  skips: SkipTracker,
): ItemTextTable {
  const byId = new Map<string, ItemText>();
  forEachLine(file, (line, lineNo) => {
    if (line.trim() === '') return;
    const where = { file: file.name, line: lineNo };
    let id: string;
    let title: string;
    let genres: string[];
    if (kind === '100k') {
      const parts = line.split('|');
      if (parts.length < 5 + ML100K_GENRES.length) {
        return skips.skip(
          'item-text-malformed-row',
          where,
          `${parts.length} "|"-separated fields, 24 expected`,
        );
      }
      id = parts[0].trim();
      title = parts[1];
      const flags = parts.slice(5, 5 + ML100K_GENRES.length);
      const bad = flags.findIndex((f) => f !== '0' && f !== '1');
      if (bad >= 0) {
        throw new InputError(
          { ...where, column: 6 + bad },
          'a genre flag 0 or 1',
          `"${flags[bad]}"`,
        );
      }
      genres = ML100K_GENRES.filter((_, g) => flags[g] === '1');
    } else {
      const parts = line.split('::');
      if (parts.length < 3)
        return skips.skip(
          'item-text-malformed-row',
          where,
          `${parts.length} "::"-separated fields, 3 expected`,
        );
      id = parts[0].trim();
      title = parts[1];
      genres = parts[2].split('|').filter((g) => g.trim() !== '');
    }
    if (id === '')
      return skips.skip('item-text-missing-id', { ...where, column: 1 }, 'an empty movie id');
    if (byId.has(id))
      return skips.skip('item-text-duplicate-id', { ...where, column: 1 }, `movie ${id} again`);
    byId.set(
      id,
      nonEmpty({ title: cleanText(decodeHtmlEntities(title)), genres: genres.join(', ') }),
    );
  });
  return { fields: MOVIELENS_TEXT_FIELDS, byId };
}
