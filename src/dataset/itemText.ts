import type { ItemText } from './types';

/**
 * A new item-text record without a prototype, so that field names read from input files
 * (`__proto__`, `constructor`, `toString`) are plain keys and never reach `Object.prototype`.
 */
export function emptyItemText(): ItemText {
  return Object.create(null) as ItemText;
}

/**
 * The value of `field` in an item-text record when the record holds it as its own field; never an
 * inherited member (`constructor`, `toString`), which a record that crossed a worker boundary or
 * was built as a plain object would otherwise return.
 */
export function textField(
  text: Readonly<Record<string, unknown>>,
  field: string,
): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(text, field)) return undefined;
  const value = text[field];
  return typeof value === 'string' ? value : undefined;
}

/** Number of items with a non-empty value in at least one of `fields`. */
export function countItemsWithText(
  itemText: readonly Readonly<Record<string, unknown>>[],
  fields: readonly string[],
): number {
  let count = 0;
  for (const text of itemText)
    if (fields.some((f) => (textField(text, f) ?? '').trim() !== '')) count++;
  return count;
}
