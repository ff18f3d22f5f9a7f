import Papa from 'papaparse';
import { textField } from '../dataset/itemText';
import type { Dataset, ItemText } from '../dataset/types';
import type { DatasetFiles } from './datasetFiles';
import { exportReadme, textCellWriter, type ExportOptions } from './spreadsheetSafe';

/** Integer timestamp of position `k` of a user: seconds when the dataset has time, else the position. */
function hllmTime(dataset: Dataset, user: number, k: number): number {
  return dataset.hasTimestamps ? Math.floor(dataset.timestamps[user][k]) : k;
}

/** Splits item text into HLLM's title, tag and description (other fields are appended to description). */
function hllmText(
  text: ItemText,
  fields: string[],
): { title: string; tag: string; description: string } {
  const titleField = fields.includes('title') ? 'title' : fields[0];
  const rest = fields.filter((f) => f !== titleField && f !== 'tag' && f !== 'description');
  const description = [
    textField(text, 'description'),
    ...rest.map((f) => textField(text, f)),
  ].filter((v) => v !== undefined && v !== '');
  return {
    title: titleField !== undefined ? (textField(text, titleField) ?? '') : '',
    tag: textField(text, 'tag') ?? '',
    description: description.join('. '),
  };
}

/**
 * Converts a dataset to HLLM's input layout: `dataset/<name>.csv` (`item_id,user_id,timestamp`, one
 * row per interaction, per-user positions as timestamps when the dataset has order only),
 * `information/<name>.csv` (`item_id,description,title` plus `tag` when present) and a `README.md`
 * saying how text cells were written. The title is the `title` field (else the first field); other
 * fields besides `tag` are joined into the description. Text cells that a spreadsheet would run as
 * formulas are neutralised unless `options.rawText` (see `neutraliseFormula`); ids are kept exactly.
 */
export function toHllmFiles(
  dataset: Dataset,
  name = dataset.name,
  options: ExportOptions = {},
): DatasetFiles {
  const lines = ['item_id,user_id,timestamp'];
  const quote = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const itemCells = dataset.itemIds.map(quote);
  dataset.sequences.forEach((seq, u) => {
    const user = quote(dataset.userIds[u]);
    for (let k = 0; k < seq.length; k++)
      lines.push(`${itemCells[seq[k]]},${user},${hllmTime(dataset, u, k)}`);
  });
  const textCell = textCellWriter(options);
  const withTag = dataset.textFields.includes('tag');
  const rows = dataset.itemIds.map((id, i) => {
    const t = hllmText(dataset.itemText[i], dataset.textFields);
    const cells = [id, textCell(t.description), textCell(t.title)];
    return withTag ? [...cells, textCell(t.tag)] : cells;
  });
  const header = withTag
    ? ['item_id', 'description', 'title', 'tag']
    : ['item_id', 'description', 'title'];
  const data = `dataset/${name}.csv`;
  const information = `information/${name}.csv`;
  return {
    [data]: `${lines.join('\n')}\n`,
    [information]: `${Papa.unparse({ fields: header, data: rows }, { newline: '\n', escapeFormulae: false })}\n`,
    'README.md': exportReadme(`${name} in HLLM's input layout`, [data, information], options),
  };
}
