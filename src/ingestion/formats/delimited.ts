import { requireDistinctColumns } from '../distinctColumns';
import { trimId } from '../trimId';
import { emptyItemText } from '../../dataset/itemText';
import Papa from 'papaparse';
import { InputError } from '../../dataset/errors';
import type { ItemText } from '../../dataset/types';
import { guessMapping, type ColumnMapping } from '../columnGuess';
import type { DecodedText } from '../decodeText';
import { forEachDelimitedRecord } from '../delimitedRecords';
import { decodeHtmlEntities } from '../htmlEntities';
import type { InteractionLog } from '../interactionLog';
import { cleanText, nonEmpty, type ItemTextTable } from '../itemTextTable';
import { isNumeric, parseTime } from '../parseTime';
import type { SkipTracker } from '../skipTracker';

/** How a delimited file is laid out. */
export interface DelimitedLayout {
  delimiter: string;
  /** True when the first row names the columns; otherwise columns are `column1`, `column2`, … */
  hasHeader: boolean;
}

/** What the UI shows before ingesting a delimited file: layout, first rows and a guessed mapping. */
export interface DelimitedPreview extends DelimitedLayout {
  columns: string[];
  /** First data rows (header excluded). */
  rows: string[][];
  mapping: Partial<ColumnMapping>;
}

const PREVIEW_ROWS = 20;

/** Parses the first `count` records of `text` (all fields as strings). */
function sampleRows(
  text: string,
  delimiter: string | undefined,
  count: number,
): { rows: string[][]; delimiter: string } {
  const sample = Papa.parse<string[]>(text, { delimiter, preview: count, skipEmptyLines: true });
  return { rows: sample.data, delimiter: sample.meta.delimiter };
}

const NAME_LIKE =
  /(^|_)id$|user|item|asin|reviewer|time|date|movie|rating|title|session|customer|product|article|genre|categor|tag|desc/i;

/**
 * True when the first row reads as column names rather than data: it has no empty or numeric cell,
 * and either a cell without digits looks like a column name or a column has digits in every later row but not in it.
 */
function looksLikeHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (!first || first.some((cell) => cell.trim() === '' || isNumeric(cell))) return false;
  if (first.some((cell) => !/\d/.test(cell) && NAME_LIKE.test(cell.trim()))) return true;
  return (
    rest.length > 0 &&
    first.some((cell, i) => !/\d/.test(cell) && rest.every((r) => /\d/.test(r[i] ?? '')))
  );
}

/** A RecBole atomic header's type suffix (`title:token` names the column `title`). */
const RECBOLE_TYPE = /:(token|token_seq|float|float_seq)$/;

/**
 * Column names of a layout: the header row (RecBole type suffixes dropped, so a `.item` file read
 * as a table names its columns as RecBole does), or `column1…columnN`.
 */
function columnNames(rows: string[][], hasHeader: boolean): string[] {
  if (hasHeader) return rows[0].map((c) => c.trim().replace(RECBOLE_TYPE, ''));
  const width = Math.max(0, ...rows.map((r) => r.length));
  return Array.from({ length: width }, (_, i) => `column${i + 1}`);
}

/**
 * Why `delimiter` cannot split a delimited file (empty, or holding a line break, a double quote or a
 * byte-order mark, which the parser would silently replace by a guess), or undefined when it can.
 */
export function delimiterProblem(delimiter: string): string | undefined {
  if (delimiter === '') return 'an empty delimiter';
  if (/[\r\n]/.test(delimiter)) return 'a line break as the delimiter';
  if (delimiter.includes('"')) return 'a double quote (the quoting character) as the delimiter';
  if (delimiter.includes('\ufeff')) return 'a byte-order mark as the delimiter';
  return undefined;
}

/**
 * Detects the delimiter and header of a CSV/TSV file (unless given) and guesses which columns hold
 * the user, item, time and text; returns the first rows for display. A given delimiter that cannot
 * split the file (see `delimiterProblem`) throws `InputError`.
 */
export function previewDelimited(
  file: DecodedText,
  delimiter?: string,
  header?: boolean,
): DelimitedPreview {
  if (file.head.trim() === '')
    throw new InputError({ file: file.name }, 'a non-empty file', 'an empty file');
  const problem = delimiter === undefined ? undefined : delimiterProblem(delimiter);
  if (problem !== undefined)
    throw new InputError({ file: file.name }, 'a delimiter that can split rows', problem);
  const sample = sampleRows(file.head, delimiter, PREVIEW_ROWS + 1);
  const hasHeader = header ?? looksLikeHeader(sample.rows);
  const columns = columnNames(sample.rows, hasHeader);
  requireDistinctColumns(file.name, columns);
  const rows = hasHeader ? sample.rows.slice(1) : sample.rows.slice(0, PREVIEW_ROWS);
  return {
    delimiter: sample.delimiter,
    hasHeader,
    columns,
    rows,
    mapping: guessMapping(columns, rows, hasHeader),
  };
}

/** Calls `fn` with each record and its 1-based starting line; skips blank lines and reports malformed ones. */
function forEachRecord(
  file: DecodedText,
  layout: DelimitedLayout,
  skips: SkipTracker,
  fn: (row: string[], line: number) => void,
): void {
  forEachDelimitedRecord(file, { delimiter: layout.delimiter }, fn, (line, reason) =>
    skips.skip('malformed-row', { file: file.name, line }, reason),
  );
}

const OTHER_DELIMITERS = [',', '\t', ';', '|'];

/** A delimiter as a reader names it (`tab` rather than an invisible character). */
function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

/**
 * Why a row too short for `width` columns was cut short when it is because the row uses another
 * delimiter than the file ("mixed delimiters: row N uses X, the file uses Y"); undefined otherwise.
 */
function mixedDelimiter(
  row: string[],
  line: number,
  delimiter: string,
  width: number,
): string | undefined {
  if (row.length >= width || row.length !== 1) return undefined;
  const other = OTHER_DELIMITERS.find((d) => d !== delimiter && row[0].split(d).length >= width);
  return other === undefined
    ? undefined
    : `mixed delimiters: row ${line} uses ${delimiterName(other)}, the file uses ${delimiterName(delimiter)}`;
}

/** Index of each named column, or an error naming the header line and the missing column. */
function columnIndex(file: DecodedText, columns: string[], name: string, role: string): number {
  const index = columns.indexOf(name);
  if (index < 0) {
    throw new InputError(
      { file: file.name, line: 1, column: name },
      `the ${role} column "${name}"`,
      `columns ${columns.join(', ')}`,
    );
  }
  return index;
}

/** Reads the header (or synthesises names) and throws when the file has no data rows. */
function readColumns(file: DecodedText, layout: DelimitedLayout): string[] {
  if (file.head.trim() === '')
    throw new InputError({ file: file.name }, 'a non-empty file', 'an empty file');
  const sample = sampleRows(file.head, layout.delimiter, 2);
  if (layout.hasHeader && sample.rows.length < 2) {
    throw new InputError(
      { file: file.name, line: 2 },
      'at least one data row after the header',
      'only a header',
    );
  }
  const columns = columnNames(sample.rows, layout.hasHeader);
  requireDistinctColumns(file.name, columns);
  return columns;
}

/**
 * Reads interactions from a delimited file with a column mapping. Rows with a missing id or an
 * unparsable time are skipped and counted; text columns in the mapping become item text.
 */
export function parseDelimitedInteractions(
  file: DecodedText,
  layout: DelimitedLayout,
  mapping: ColumnMapping,
  log: InteractionLog,
  skips: SkipTracker,
): ItemTextTable | undefined {
  const columns = readColumns(file, layout);
  const ui = columnIndex(file, columns, mapping.user, 'user');
  const ii = columnIndex(file, columns, mapping.item, 'item');
  const ti = mapping.time !== undefined ? columnIndex(file, columns, mapping.time, 'time') : -1;
  const textFields = mapping.text ?? [];
  const textIdx = textFields.map((name) => columnIndex(file, columns, name, 'text'));
  const byId = new Map<string, ItemText>();
  log.beginFile(file.name);
  let headerPending = layout.hasHeader;
  forEachRecord(file, layout, skips, (row, line) => {
    if (headerPending) {
      headerPending = false;
      return;
    }
    const where = { file: file.name, line };
    const mixed = mixedDelimiter(row, line, layout.delimiter, Math.max(ui, ii, ti) + 1);
    if (mixed !== undefined) return skips.skip('mixed-delimiters', where, mixed);
    const user = trimId(row[ui] ?? '');
    if (user === '')
      return skips.skip('missing-user-id', { ...where, column: mapping.user }, 'an empty user id');
    const item = trimId(row[ii] ?? '');
    if (item === '')
      return skips.skip('missing-item-id', { ...where, column: mapping.item }, 'an empty item id');
    let time = 0;
    if (ti >= 0) {
      const parsed = parseTime(row[ti] ?? '');
      if (parsed === undefined) {
        return skips.skip(
          'unparsable-timestamp',
          { ...where, column: mapping.time },
          `"${row[ti] ?? ''}"`,
        );
      }
      time = parsed;
    }
    log.add(user, item, time, line);
    if (textIdx.length > 0 && !byId.has(item)) {
      const text = emptyItemText();
      textIdx.forEach(
        (c, k) => (text[textFields[k]] = cleanText(decodeHtmlEntities(row[c] ?? ''))),
      );
      byId.set(item, nonEmpty(text));
    }
  });
  return textIdx.length > 0 ? { fields: textFields, byId } : undefined;
}

/** Default text columns of an item file: the non-numeric columns other than the item id. */
export function defaultTextColumns(
  file: DecodedText,
  layout: DelimitedLayout,
  itemColumn: string,
): string[] {
  const sample = sampleRows(file.head, layout.delimiter, 201);
  const columns = columnNames(sample.rows, layout.hasHeader);
  const rows = layout.hasHeader ? sample.rows.slice(1) : sample.rows;
  return columns.filter(
    (c, i) =>
      c !== itemColumn &&
      rows.some((r) => r[i] !== undefined && r[i].trim() !== '' && !isNumeric(r[i])),
  );
}

/**
 * Reads item text from a delimited file: `itemColumn` holds the id, `textColumns` the fields (HTML
 * entities decoded, whitespace collapsed). Rows without an id and repeated ids are counted as skipped.
 */
export function parseDelimitedItemText(
  file: DecodedText,
  layout: DelimitedLayout,
  itemColumn: string,
  textColumns: string[],
  skips: SkipTracker,
): ItemTextTable {
  const columns = readColumns(file, layout);
  const ii = columnIndex(file, columns, itemColumn, 'item id');
  const textIdx = textColumns.map((name) => columnIndex(file, columns, name, 'text'));
  const byId = new Map<string, ItemText>();
  let headerPending = layout.hasHeader;
  forEachRecord(file, layout, skips, (row, line) => {
    if (headerPending) {
      headerPending = false;
      return;
    }
    const mixed = mixedDelimiter(row, line, layout.delimiter, Math.max(ii, ...textIdx) + 1);
    if (mixed !== undefined)
      return skips.skip('mixed-delimiters', { file: file.name, line }, mixed);
    const item = trimId(row[ii] ?? '');
    if (item === '') {
      return skips.skip(
        'item-text-missing-id',
        { file: file.name, line, column: itemColumn },
        'an empty item id',
      );
    }
    if (byId.has(item)) {
      return skips.skip(
        'item-text-duplicate-id',
        { file: file.name, line, column: itemColumn },
        `item ${item} again`,
      );
    }
    const text = emptyItemText();
    textIdx.forEach((c, k) => (text[textColumns[k]] = cleanText(decodeHtmlEntities(row[c] ?? ''))));
    byId.set(item, nonEmpty(text));
  });
  return { fields: textColumns, byId };
}
