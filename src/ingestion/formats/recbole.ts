import { requireDistinctColumns } from '../distinctColumns';
import { trimId } from '../trimId';
import { emptyItemText } from '../../dataset/itemText';
import { InputError } from '../../dataset/errors';
import type { ItemText } from '../../dataset/types';
import type { DecodedText } from '../decodeText';
import { forEachDelimitedRecord } from '../delimitedRecords';
import { decodeHtmlEntities } from '../htmlEntities';
import type { InteractionLog } from '../interactionLog';
import { cleanText, nonEmpty, type ItemTextTable } from '../itemTextTable';
import { forEachLine, headLines } from '../lines';
import { parseTime } from '../parseTime';
import type { SkipTracker } from '../skipTracker';

/** One column of a RecBole atomic file header (`name:type`). */
export interface AtomicField {
  name: string;
  type: 'token' | 'token_seq' | 'float' | 'float_seq';
}

const TYPES = ['token', 'token_seq', 'float', 'float_seq'];

/** Parses a RecBole atomic header line (tab-separated `name:type`), naming the first bad column. */
export function parseAtomicHeader(file: DecodedText): AtomicField[] {
  const [header] = headLines(file.head, 1);
  if (header === undefined || header.trim() === '') {
    throw new InputError({ file: file.name }, 'a non-empty file', 'an empty file');
  }
  const fields = header.split('\t').map((cell, i) => {
    const [name, type] = cell.trim().split(':');
    if (!name || !TYPES.includes(type)) {
      throw new InputError(
        { file: file.name, line: 1, column: i + 1 },
        `a RecBole header field "name:type" with type ${TYPES.join('|')}`,
        `"${cell}"`,
      );
    }
    return { name, type: type as AtomicField['type'] };
  });
  requireDistinctColumns(
    file.name,
    fields.map((f) => f.name),
  );
  return fields;
}

/** Where a data row of an atomic file sits: its file and 1-based line. */
export interface AtomicRowLocation {
  file: string;
  line: number;
}

/**
 * Calls `fn` with the tab-separated cells of every data row of an atomic file (header and blank
 * lines passed over). Quoted fields are read as pandas reads RecBole's files (a field starting with
 * `"` may hold tabs and line breaks); a row with the wrong number of cells is counted under
 * `malformedReason`.
 */
export function forEachAtomicRow(
  file: DecodedText,
  fields: AtomicField[],
  skips: SkipTracker,
  malformedReason: string,
  fn: (parts: string[], where: AtomicRowLocation) => void,
): void {
  forEachDelimitedRecord(
    file,
    { delimiter: '\t', lenientQuotes: true },
    (parts, line) => {
      if (line === 1) return;
      const where = { file: file.name, line };
      if (parts.length !== fields.length) {
        skips.skip(
          malformedReason,
          where,
          `${parts.length} tab-separated fields, ${fields.length} expected`,
        );
        return;
      }
      fn(parts, where);
    },
    (line, reason) => {
      if (line !== 1) skips.skip(malformedReason, { file: file.name, line }, reason);
    },
  );
}

/**
 * Index of the field `name`, else of the first field whose name matches `fallback`, or an error
 * naming the header.
 */
function fieldIndex(
  file: DecodedText,
  fields: AtomicField[],
  name: string,
  fallback?: RegExp,
): number {
  let index = fields.findIndex((f) => f.name === name);
  if (index < 0 && fallback) index = fields.findIndex((f) => fallback.test(f.name));
  if (index < 0) {
    throw new InputError(
      { file: file.name, line: 1, column: name },
      `a "${name}" field in the header`,
      fields.map((f) => `${f.name}:${f.type}`).join(' '),
    );
  }
  return index;
}

/** Throws when an atomic file has a header but no rows. */
function requireRows(file: DecodedText): void {
  if (headLines(file.head, 2).filter((l) => l.trim() !== '').length < 2) {
    throw new InputError(
      { file: file.name, line: 2 },
      'at least one data row after the header',
      'only a header',
    );
  }
}

/** Reads a `.user2index`/`.item2index` map (`original<TAB>index`) into index → original id. */
export function parseIndexMap(file: DecodedText): Map<string, string> {
  const map = new Map<string, string>();
  forEachLine(file, (line, lineNo) => {
    if (line.trim() === '') return;
    const parts = line.split('\t');
    if (parts.length !== 2 || parts[0].trim() === '' || parts[1].trim() === '') {
      throw new InputError(
        { file: file.name, line: lineNo },
        '"original id<TAB>index"',
        `"${line}"`,
      );
    }
    map.set(trimId(parts[1]), trimId(parts[0]));
  });
  return map;
}

/** Maps a token through an index map when one is given; undefined when the map lacks it. */
function mapId(token: string, map: Map<string, string> | undefined): string | undefined {
  return map ? map.get(token) : token;
}

/**
 * Reads a RecBole `.inter` file with `user_id`, `item_id` and optional `timestamp` fields (else the
 * first field named like user/session, item, and a float time field). Without a time field rows keep
 * file order. Returns whether timestamps were present.
 */
export function parseRecboleInter(
  file: DecodedText,
  log: InteractionLog,
  skips: SkipTracker,
  maps: { users?: Map<string, string>; items?: Map<string, string> },
): boolean {
  const fields = parseAtomicHeader(file);
  requireRows(file);
  const ui = fieldIndex(file, fields, 'user_id', /user|session/i);
  const ii = fieldIndex(file, fields, 'item_id', /item/i);
  const named = fields.findIndex((f) => f.name === 'timestamp');
  const ti =
    named >= 0 ? named : fields.findIndex((f) => f.type === 'float' && /time/i.test(f.name));
  log.beginFile(file.name);
  forEachAtomicRow(file, fields, skips, 'malformed-row', (parts, where) => {
    const userToken = trimId(parts[ui]);
    const itemToken = trimId(parts[ii]);
    if (userToken === '')
      return skips.skip(
        'missing-user-id',
        { ...where, column: fields[ui].name },
        'an empty user id',
      );
    if (itemToken === '')
      return skips.skip(
        'missing-item-id',
        { ...where, column: fields[ii].name },
        'an empty item id',
      );
    const user = mapId(userToken, maps.users);
    const item = mapId(itemToken, maps.items);
    if (user === undefined)
      return skips.skip(
        'unknown-user-index',
        { ...where, column: fields[ui].name },
        `index ${userToken} not in user2index`,
      );
    if (item === undefined)
      return skips.skip(
        'unknown-item-index',
        { ...where, column: fields[ii].name },
        `index ${itemToken} not in item2index`,
      );
    let time = 0;
    if (ti >= 0) {
      const parsed = parseTime(parts[ti]);
      if (parsed === undefined)
        return skips.skip(
          'unparsable-timestamp',
          { ...where, column: fields[ti].name },
          `"${parts[ti]}"`,
        );
      time = parsed;
    }
    log.add(user, item, time, where.line);
  });
  return ti >= 0;
}

/**
 * Reads a RecBole item file (`.item`, or UniSRec `.text` with `item_id:token text:token_seq`). Text
 * fields default to every `token` and `token_seq` field but the item id (title, categories, brand…),
 * named without their type. Ids found only as indices of `itemMap` are translated to original ids.
 */
export function parseRecboleItems(
  file: DecodedText,
  skips: SkipTracker,
  textFields?: string[],
  itemMap?: Map<string, string>,
  itemColumn = 'item_id',
): ItemTextTable {
  const fields = parseAtomicHeader(file);
  requireRows(file);
  const ii = fieldIndex(file, fields, itemColumn);
  const chosen =
    textFields ??
    fields
      .filter((f, i) => i !== ii && (f.type === 'token' || f.type === 'token_seq'))
      .map((f) => f.name);
  const textIdx = chosen.map((name) => fieldIndex(file, fields, name));
  const originals = itemMap ? new Set(itemMap.values()) : undefined;
  const byId = new Map<string, ItemText>();
  forEachAtomicRow(file, fields, skips, 'item-text-malformed-row', (parts, where) => {
    let id = trimId(parts[ii]);
    if (id === '')
      return skips.skip(
        'item-text-missing-id',
        { ...where, column: itemColumn },
        'an empty item id',
      );
    if (itemMap && originals && !originals.has(id) && itemMap.has(id))
      id = itemMap.get(id) as string;
    if (byId.has(id))
      return skips.skip(
        'item-text-duplicate-id',
        { ...where, column: itemColumn },
        `item ${id} again`,
      );
    const text = emptyItemText();
    textIdx.forEach((c, k) => (text[chosen[k]] = cleanText(decodeHtmlEntities(parts[c]))));
    byId.set(id, nonEmpty(text));
  });
  return { fields: chosen, byId };
}
