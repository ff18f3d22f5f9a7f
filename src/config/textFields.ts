import type { HllmConfig } from './runConfig';

/** The fields an item prompt reads first when present, in this order. */
const LEADING_FIELDS = ['title', 'name', 'description'];

/**
 * A dataset's text fields in the default prompt order: title (or name) first, then description,
 * then the others as the dataset lists them.
 */
export function defaultTextFields(available: readonly string[]): string[] {
  const leading = LEADING_FIELDS.filter((f) => available.includes(f));
  return [...leading, ...available.filter((f) => !leading.includes(f))];
}

/**
 * `model` reading text the dataset has: `chosen` (the Item LLM step's choice) when the dataset has
 * all of them, else its own fields when it has those, else the dataset's default order. Returns
 * `model` itself when nothing changes.
 */
export function withDatasetTextFields(
  model: HllmConfig,
  available: readonly string[],
  chosen: readonly string[] = [],
): HllmConfig {
  const fits = (fields: readonly string[]) =>
    fields.length > 0 && fields.every((f) => available.includes(f));
  const same = (fields: readonly string[]) => fields.join('\n') === model.textFields.join('\n');
  if (fits(chosen)) return same(chosen) ? model : { ...model, textFields: [...chosen] };
  if (fits(model.textFields) || available.length === 0) return model;
  return { ...model, textFields: defaultTextFields(available) };
}
