import { guessMapping, type ColumnMapping } from './columnGuess';
import { decodeText, type TextEncodingName } from './decodeText';
import { expandFile } from './decompress';
import { detectFormat } from './detectFormat';
import type { FileRole } from './formatNames';
import { previewDelimited, type DelimitedLayout, type DelimitedPreview } from './formats/delimited';
import { previewJsonKeys } from './formats/jsonLines';
import type { InputFile } from './inputFile';

/** First rows of a JSON-lines file as a table, with a guessed key mapping. */
export interface JsonLinesPreview {
  keys: string[];
  /** First records, one cell per key (objects and arrays as JSON). */
  rows: string[][];
  mapping: Partial<ColumnMapping>;
}

/** What the UI shows for one file before ingesting it. */
export interface FilePreview {
  name: string;
  role: FileRole;
  encoding: TextEncodingName;
  /** Set when the start of the file was not valid UTF-8. */
  warning?: string;
  /** Layout, first rows and guessed mapping of a generic delimited file. */
  delimited?: DelimitedPreview;
  /** Keys, first rows and guessed mapping of a generic JSON-lines file. */
  jsonLines?: JsonLinesPreview;
}

const TABLE_FORMATS = ['csv', 'csv-items', 'hllm', 'hllm-items', 'amazon-ratings', 'recbole-items'];
const JSON_FORMATS = ['jsonl', 'jsonl-items'];

/** A JSON value as a table cell. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Previews a file (each entry of a zip): its detected role and format, its encoding and, for generic
 * delimited or JSON-lines files, the detected delimiter and header, the first rows and a guessed
 * column mapping. `layouts` gives the delimiter and header of entries (by name) instead of detecting
 * them; an entry given a layout is previewed as a delimited table whatever its detected format.
 */
export function previewFile(
  file: InputFile,
  layouts: Readonly<Record<string, DelimitedLayout>> = {},
): FilePreview[] {
  return expandFile(file).map((entry) => {
    const decoded = decodeText(entry, { headOnly: true });
    const role = detectFormat(entry.name, decoded.head);
    const preview: FilePreview = {
      name: entry.name,
      role,
      encoding: decoded.encoding,
      warning: decoded.warning,
    };
    const format = 'format' in role ? role.format : '';
    const layout = Object.hasOwn(layouts, entry.name) ? layouts[entry.name] : undefined;
    if (layout !== undefined)
      preview.delimited = previewDelimited(decoded, layout.delimiter, layout.hasHeader);
    else if (TABLE_FORMATS.includes(format)) preview.delimited = previewDelimited(decoded);
    if (JSON_FORMATS.includes(format)) {
      const { keys, rows } = previewJsonKeys(decoded);
      const cells = rows.map((r) => keys.map((k) => cell(r[k])));
      preview.jsonLines = { keys, rows: cells, mapping: guessMapping(keys, cells, true) };
    }
    return preview;
  });
}
