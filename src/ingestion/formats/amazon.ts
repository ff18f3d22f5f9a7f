import Papa from 'papaparse';
import type { ItemText } from '../../dataset/types';
import type { ColumnMapping } from '../columnGuess';
import type { DecodedText } from '../decodeText';
import { decodeHtmlEntities } from '../htmlEntities';
import type { InteractionLog } from '../interactionLog';
import { cleanText, nonEmpty, type ItemTextTable } from '../itemTextTable';
import type { SkipTracker } from '../skipTracker';
import { parseDelimitedInteractions } from './delimited';
import { fieldString, flattenText, forEachJsonRecord } from './jsonLines';

/** Keys of the Amazon 2014/2018 review files. */
export const AMAZON_REVIEW_MAPPING: ColumnMapping = {
  user: 'reviewerID',
  item: 'asin',
  time: 'unixReviewTime',
};

/** Text fields produced from Amazon metadata, in prompt order. */
export const AMAZON_TEXT_FIELDS = ['title', 'description', 'brand', 'categories'];

/**
 * Reads Amazon metadata JSON lines (2018 JSON, or 2014 Python-literal dicts): title, description
 * (string or array), brand and categories (2014 `categories` nested arrays or 2018 `category` array).
 */
export function parseAmazonMeta(file: DecodedText, skips: SkipTracker): ItemTextTable {
  const byId = new Map<string, ItemText>();
  forEachJsonRecord(
    file,
    skips,
    (record, line) => {
      const asin = fieldString(record.asin);
      if (asin === '')
        return skips.skip(
          'item-text-missing-id',
          { file: file.name, line, column: 'asin' },
          'no asin',
        );
      if (byId.has(asin)) {
        return skips.skip(
          'item-text-duplicate-id',
          { file: file.name, line, column: 'asin' },
          `asin ${asin} again`,
        );
      }
      const clean = (v: unknown, sep: string): string =>
        cleanText(decodeHtmlEntities(flattenText(v, sep)));
      byId.set(
        asin,
        nonEmpty({
          title: clean(record.title, ' '),
          description: clean(record.description, ' '),
          brand: clean(record.brand, ' '),
          categories: clean(record.categories ?? record.category, ', '),
        }),
      );
    },
    true,
  );
  return { fields: AMAZON_TEXT_FIELDS, byId };
}

/** True when a value looks like an ASIN (10 upper-case letters or digits). */
function looksLikeAsin(value: string): boolean {
  return /^[0-9A-Z]{10}$/.test(value);
}

/**
 * Reads the Amazon ratings-only CSV (no header): `user,item,rating,timestamp` (2014), or
 * `item,user,rating,timestamp` (2018), told apart by which column holds 10-character ASINs.
 * Returns a warning when the columns were swapped.
 */
export function parseAmazonRatings(
  file: DecodedText,
  log: InteractionLog,
  skips: SkipTracker,
): string[] {
  const sample = Papa.parse<string[]>(file.head, {
    delimiter: ',',
    preview: 200,
    skipEmptyLines: true,
  }).data;
  const itemFirst =
    sample.length > 0 &&
    sample.every((r) => looksLikeAsin(r[0] ?? '')) &&
    !sample.every((r) => looksLikeAsin(r[1] ?? ''));
  const mapping: ColumnMapping = itemFirst
    ? { user: 'column2', item: 'column1', time: 'column4' }
    : { user: 'column1', item: 'column2', time: 'column4' };
  parseDelimitedInteractions(file, { delimiter: ',', hasHeader: false }, mapping, log, skips);
  return itemFirst
    ? [`${file.name}: first column holds ASINs, read as item,user,rating,timestamp (2018 layout)`]
    : [];
}
