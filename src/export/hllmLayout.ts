import Papa from 'papaparse';
import type { Dataset, ItemText } from '../dataset/types';
import type { DatasetFiles } from './datasetFiles';

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
  const description = [text.description, ...rest.map((f) => text[f])].filter(
    (v) => v !== undefined && v !== '',
  );
  return {
    title: titleField !== undefined ? (text[titleField] ?? '') : '',
    tag: text.tag ?? '',
    description: description.join('. '),
  };
}

/**
 * Converts a dataset to HLLM's input layout: `dataset/<name>.csv` (`item_id,user_id,timestamp`, one
 * row per interaction, per-user positions as timestamps when the dataset has order only) and
 * `information/<name>.csv` (`item_id,description,title` plus `tag` when present). The title is the
 * `title` field (else the first field); other fields besides `tag` are joined into the description.
 */
export function toHllmFiles(dataset: Dataset, name = dataset.name): DatasetFiles {
  const lines = ['item_id,user_id,timestamp'];
  const quote = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const itemCells = dataset.itemIds.map(quote);
  dataset.sequences.forEach((seq, u) => {
    const user = quote(dataset.userIds[u]);
    for (let k = 0; k < seq.length; k++)
      lines.push(`${itemCells[seq[k]]},${user},${hllmTime(dataset, u, k)}`);
  });
  const withTag = dataset.textFields.includes('tag');
  const rows = dataset.itemIds.map((id, i) => {
    const t = hllmText(dataset.itemText[i], dataset.textFields);
    return withTag ? [id, t.description, t.title, t.tag] : [id, t.description, t.title];
  });
  const header = withTag
    ? ['item_id', 'description', 'title', 'tag']
    : ['item_id', 'description', 'title'];
  return {
    [`dataset/${name}.csv`]: `${lines.join('\n')}\n`,
    [`information/${name}.csv`]: `${Papa.unparse({ fields: header, data: rows }, { newline: '\n' })}\n`,
  };
}
