import { emptyItemText } from '../dataset/itemText';
import type { ItemText } from '../dataset/types';

/** Item text read from an item-information source, keyed by original item id. */
export interface ItemTextTable {
  /** Text field names in display order. */
  fields: string[];
  byId: Map<string, ItemText>;
}

/** Collapses runs of whitespace (tabs and newlines included) into single spaces and trims. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Keeps only non-empty fields of `text`. */
export function nonEmpty(text: ItemText): ItemText {
  const out = emptyItemText();
  for (const [key, value] of Object.entries(text)) if (value !== '') out[key] = value;
  return out;
}
