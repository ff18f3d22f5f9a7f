import { emptyItemText, textField } from '../dataset/itemText';
import { InputError } from '../dataset/errors';
import type { ItemText } from '../dataset/types';
import type { ItemTextTable } from './itemTextTable';
import type { SkipTracker } from './skipTracker';

/**
 * Merges item-text tables in order: the first table giving an item wins and later rows for the same
 * item are counted as skipped; fields are the union in order of first appearance.
 */
export function mergeItemText(
  tables: ItemTextTable[],
  skips: SkipTracker,
): ItemTextTable | undefined {
  if (tables.length === 0) return undefined;
  if (tables.length === 1) return tables[0];
  const fields: string[] = [];
  const byId = new Map<string, ItemText>();
  for (const table of tables) {
    for (const field of table.fields) if (!fields.includes(field)) fields.push(field);
    for (const [id, text] of table.byId) {
      if (byId.has(id))
        skips.add('item-text-duplicate-id', 1, `item ${id} has text in more than one source`);
      else byId.set(id, text);
    }
  }
  return { fields, byId };
}

/** Keeps only the named fields of a table, in the given order; throws when one is not present. */
export function selectFields(
  table: ItemTextTable,
  fields: string[],
  source: string,
): ItemTextTable {
  const missing = fields.find((f) => !table.fields.includes(f));
  if (missing !== undefined) {
    throw new InputError(
      { file: source, column: missing },
      `a text field among ${table.fields.join(', ')}`,
      `"${missing}"`,
    );
  }
  const byId = new Map<string, ItemText>();
  for (const [id, text] of table.byId) {
    const kept = emptyItemText();
    for (const f of fields) if (textField(text, f) !== undefined) kept[f] = text[f] as string;
    byId.set(id, kept);
  }
  return { fields, byId };
}
