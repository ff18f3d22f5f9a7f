import { quoteBigIntegers } from '../bigIntegers';
import { trimId } from '../trimId';
import { emptyItemText } from '../../dataset/itemText';
import type { ItemText } from '../../dataset/types';
import type { ColumnMapping } from '../columnGuess';
import type { DecodedText } from '../decodeText';
import { decodeHtmlEntities } from '../htmlEntities';
import type { InteractionLog } from '../interactionLog';
import { cleanText, nonEmpty, type ItemTextTable } from '../itemTextTable';
import { forEachLine, headLines } from '../lines';
import { parseTime } from '../parseTime';
import type { SkipTracker } from '../skipTracker';
import { parsePythonLiteral } from './pythonLiteral';

/** A record of a JSON-lines file. */
export type JsonRecord = Record<string, unknown>;

/**
 * Calls `fn` with each JSON object of a JSON-lines file (or Python-literal dict when `python` is set
 * and the line is not JSON) and its line number; lines that are not objects are skipped and counted.
 */
export function forEachJsonRecord(
  file: DecodedText,
  skips: SkipTracker,
  fn: (record: JsonRecord, line: number) => void,
  python = false,
): void {
  forEachLine(file, (raw, line) => {
    const text = raw.trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(quoteBigIntegers(text));
    } catch (err) {
      if (!python) return skips.skip('malformed-json', { file: file.name, line }, String(err));
      try {
        value = parsePythonLiteral(text);
      } catch (pyErr) {
        return skips.skip('malformed-record', { file: file.name, line }, String(pyErr));
      }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return skips.skip(
        'malformed-json',
        { file: file.name, line },
        'a value that is not an object',
      );
    }
    fn(value as JsonRecord, line);
  });
}

/** A scalar JSON field as a trimmed string ('' when absent or not a string/number). */
export function fieldString(value: unknown): string {
  if (typeof value === 'string') return trimId(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** Collects the string and number leaves of a (nested) array value. */
function leaves(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (typeof value === 'string' && value.trim() !== '') out.push(value);
  else if (typeof value === 'number' && Number.isFinite(value)) out.push(String(value));
  return out;
}

/** Flattens a text field that may be a string or (nested) array into one string, repeated parts once. */
export function flattenText(value: unknown, separator: string): string {
  return [...new Set(leaves(value, []))].join(separator);
}

/** Keys of the first records of a JSON-lines file, in order of first appearance. */
export function previewJsonKeys(
  file: DecodedText,
  count = 20,
): { keys: string[]; rows: JsonRecord[] } {
  const rows: JsonRecord[] = [];
  for (const line of headLines(file.head, count)) {
    try {
      const value: unknown = JSON.parse(quoteBigIntegers(line));
      if (value && typeof value === 'object' && !Array.isArray(value))
        rows.push(value as JsonRecord);
    } catch {
      continue;
    }
  }
  const keys: string[] = [];
  for (const row of rows)
    for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  return { keys, rows };
}

/**
 * Reads interactions from JSON lines with a key mapping; records with a missing id or unparsable
 * time are skipped and counted; text keys in the mapping become item text.
 */
export function parseJsonInteractions(
  file: DecodedText,
  mapping: ColumnMapping,
  log: InteractionLog,
  skips: SkipTracker,
): ItemTextTable | undefined {
  const textFields = mapping.text ?? [];
  const byId = new Map<string, ItemText>();
  log.beginFile(file.name);
  forEachJsonRecord(file, skips, (record, line) => {
    const where = { file: file.name, line };
    const user = fieldString(record[mapping.user]);
    if (user === '')
      return skips.skip('missing-user-id', { ...where, column: mapping.user }, 'no user id');
    const item = fieldString(record[mapping.item]);
    if (item === '')
      return skips.skip('missing-item-id', { ...where, column: mapping.item }, 'no item id');
    let time = 0;
    if (mapping.time !== undefined) {
      const parsed = parseTime(fieldString(record[mapping.time]));
      if (parsed === undefined) {
        const found = JSON.stringify(record[mapping.time]) ?? 'nothing';
        return skips.skip('unparsable-timestamp', { ...where, column: mapping.time }, found);
      }
      time = parsed;
    }
    log.add(user, item, time, line);
    if (textFields.length > 0 && !byId.has(item)) {
      const text = emptyItemText();
      for (const key of textFields)
        text[key] = cleanText(decodeHtmlEntities(flattenText(record[key], ' ')));
      byId.set(item, nonEmpty(text));
    }
  });
  return textFields.length > 0 ? { fields: textFields, byId } : undefined;
}
