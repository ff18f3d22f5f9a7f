import type { Dataset } from '../dataset/types';
import type { DatasetFiles } from './datasetFiles';

/** A value safe inside a tab-separated atomic file: whitespace runs (tabs, newlines) become one space. */
function cell(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A RecBole field name: letters, digits and underscores. */
function fieldName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Converts a dataset to RecBole atomic files: `<name>.inter` (`user_id:token item_id:token
 * timestamp:float`, positions when the dataset has order only) and `<name>.item` (`item_id:token` and
 * one `token_seq` field per text field), tab-separated.
 */
export function toRecboleFiles(dataset: Dataset, name = dataset.name): DatasetFiles {
  const inter = ['user_id:token\titem_id:token\ttimestamp:float'];
  const items = dataset.itemIds.map(cell);
  dataset.sequences.forEach((seq, u) => {
    const user = cell(dataset.userIds[u]);
    const ts = dataset.timestamps[u];
    for (let k = 0; k < seq.length; k++)
      inter.push(`${user}\t${items[seq[k]]}\t${dataset.hasTimestamps ? ts[k] : k}`);
  });
  const header = [
    'item_id:token',
    ...dataset.textFields.map((f) => `${fieldName(f)}:token_seq`),
  ].join('\t');
  const rows = items.map((id, i) =>
    [id, ...dataset.textFields.map((f) => cell(dataset.itemText[i][f] ?? ''))].join('\t'),
  );
  return {
    [`${name}.inter`]: `${inter.join('\n')}\n`,
    [`${name}.item`]: `${[header, ...rows].join('\n')}\n`,
  };
}
