import { emptyItemText } from '../../dataset/itemText';
import { InputError } from '../../dataset/errors';
import type { ItemText } from '../../dataset/types';
import type { DecodedText } from '../decodeText';
import { decodeHtmlEntities } from '../htmlEntities';
import { cleanText, nonEmpty, type ItemTextTable } from '../itemTextTable';
import type { SkipTracker } from '../skipTracker';
import { fieldString, flattenText, forEachJsonRecord, previewJsonKeys } from './jsonLines';

const ID_KEYS = ['item_id', 'itemId', 'item', 'asin', 'id', 'movieId', 'product_id'];

/**
 * Reads item text from generic JSON lines: `idKey` (default: the first id-like key) holds the item id,
 * `textKeys` (default: keys holding strings or string arrays) the fields.
 */
export function parseJsonItemText(
  file: DecodedText,
  skips: SkipTracker,
  idKey?: string,
  textKeys?: string[],
): ItemTextTable {
  const { keys, rows } = previewJsonKeys(file);
  if (rows.length === 0)
    throw new InputError(
      { file: file.name, line: 1 },
      'a JSON object per line',
      'none in the first lines',
    );
  const id = idKey ?? ID_KEYS.find((k) => keys.includes(k));
  if (id === undefined) {
    throw new InputError(
      { file: file.name, line: 1 },
      `an item id key (one of ${ID_KEYS.join(', ')})`,
      `keys ${keys.join(', ')}`,
    );
  }
  const fields =
    textKeys ??
    keys.filter(
      (k) =>
        k !== id && rows.some((r) => flattenText(r[k], ' ') !== '' && typeof r[k] !== 'number'),
    );
  const byId = new Map<string, ItemText>();
  forEachJsonRecord(file, skips, (record, line) => {
    const item = fieldString(record[id]);
    if (item === '')
      return skips.skip(
        'item-text-missing-id',
        { file: file.name, line, column: id },
        'no item id',
      );
    if (byId.has(item))
      return skips.skip(
        'item-text-duplicate-id',
        { file: file.name, line, column: id },
        `item ${item} again`,
      );
    const text = emptyItemText();
    for (const key of fields)
      text[key] = cleanText(decodeHtmlEntities(flattenText(record[key], ', ')));
    byId.set(item, nonEmpty(text));
  });
  return { fields, byId };
}
