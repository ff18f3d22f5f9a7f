import { textField } from '../dataset/itemText';
import type { Dataset } from '../dataset/types';
import type { DatasetFiles } from './datasetFiles';
import { exportReadme, textCellWriter, type ExportOptions } from './spreadsheetSafe';

/** A text value safe inside a tab-separated atomic file: whitespace runs (tabs, newlines) become one space. */
function textCell(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * An id safe inside a tab-separated atomic file: only tabs and line breaks, which would split the
 * row, become spaces; every other character (a non-breaking space included) is kept.
 */
function idCell(value: string): string {
  return value.replace(/[\t\r\n]/g, ' ');
}

/** A RecBole field name: letters, digits and underscores. */
function fieldName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Converts a dataset to RecBole atomic files: `<name>.inter` (`user_id:token item_id:token
 * timestamp:float`, positions when the dataset has order only), `<name>.item` (`item_id:token` and
 * one `token_seq` field per text field), tab-separated, and a `README.md` saying how text cells were
 * written. Text cells that a spreadsheet would run as formulas are neutralised unless
 * `options.rawText` (see `neutraliseFormula`).
 */
export function toRecboleFiles(
  dataset: Dataset,
  name = dataset.name,
  options: ExportOptions = {},
): DatasetFiles {
  const inter = ['user_id:token\titem_id:token\ttimestamp:float'];
  const items = dataset.itemIds.map(idCell);
  dataset.sequences.forEach((seq, u) => {
    const user = idCell(dataset.userIds[u]);
    const ts = dataset.timestamps[u];
    for (let k = 0; k < seq.length; k++)
      inter.push(`${user}\t${items[seq[k]]}\t${dataset.hasTimestamps ? ts[k] : k}`);
  });
  const header = [
    'item_id:token',
    ...dataset.textFields.map((f) => `${fieldName(f)}:token_seq`),
  ].join('\t');
  const safe = textCellWriter(options);
  const rows = items.map((id, i) =>
    [
      id,
      ...dataset.textFields.map((f) => safe(textCell(textField(dataset.itemText[i], f) ?? ''))),
    ].join('\t'),
  );
  const interFile = `${name}.inter`;
  const itemFile = `${name}.item`;
  return {
    [interFile]: `${inter.join('\n')}\n`,
    [itemFile]: `${[header, ...rows].join('\n')}\n`,
    'README.md': exportReadme(`${name} as RecBole atomic files`, [interFile, itemFile], options),
  };
}
