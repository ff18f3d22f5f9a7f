import { textField } from '../dataset/itemText';
import type { Dataset, Split } from '../dataset/types';
import { pca } from './pca';

/** Most items drawn in the projection; larger catalogues are thinned evenly. */
export const MAX_PROJECTED_ITEMS = 3000;

/** Categories per colour field; rarer ones are drawn as `other`. */
export const MAX_CATEGORIES = 8;

/** Histories offered for drawing as a path. */
export const MAX_PROJECTED_USERS = 30;

/** Words skipped when taking the first word of a text field as its category. */
const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'and', 'for', 'to', 'in', 'on']);

/** How a text field colours the items: each item's category (its first word), as codes into `names`. */
export interface ColourField {
  field: string;
  /** Category names; the last is `other` when some items fall outside the top ones. */
  names: string[];
  /** [items.length] code of each drawn item into `names`. */
  codes: Uint8Array;
}

/** What stays fixed during a run: the drawn items, their colours, cold flags and sample histories. */
export interface ProjectionContext {
  kind: 'context';
  /** Dense indices of the drawn items. */
  items: Int32Array;
  /** [items.length] 1 where the item is held out as new (cold). */
  cold: Uint8Array;
  /** [items.length] display title of each drawn item. */
  titles: string[];
  fields: ColourField[];
  /** Test users' histories as positions into `items` (items not drawn are left out), oldest first. */
  histories: { user: string; points: number[] }[];
}

/** Item embeddings projected onto their two leading principal components at one moment of a run. */
export interface ProjectionSnapshot {
  kind: 'snapshot';
  /** What the snapshot shows, e.g. `before training`, `after epoch 2`. */
  label: string;
  /** Optimiser steps taken when it was taken. */
  step: number;
  /** [items.length, 2] PCA coordinates of the drawn items. */
  coords: Float32Array;
  /** Fraction of the variance each of the two components explains. */
  explained: [number, number];
}

/** A message from the train worker about the live projection. */
export type ProjectionEvent = ProjectionContext | ProjectionSnapshot;

/** Dense indices of at most `max` items, evenly spaced, ascending. */
export function projectedItems(numItems: number, max = MAX_PROJECTED_ITEMS): Int32Array {
  const count = Math.min(numItems, max);
  return Int32Array.from({ length: count }, (_, i) => Math.floor((i * numItems) / count));
}

/** The first word of `text` (lower case, stopwords skipped), or `(none)` when it has none. */
export function firstWord(text: string | undefined): string {
  for (const word of (text ?? '').toLowerCase().split(/[^\p{L}\p{N}'-]+/u)) {
    if (word.length > 0 && !STOPWORDS.has(word)) return word;
  }
  return '(none)';
}

/** Colours of `items` by the first word of `field`: the `maxCategories` commonest words, then `other`. */
export function colourField(
  dataset: Dataset,
  items: Int32Array,
  field: string,
  maxCategories = MAX_CATEGORIES,
): ColourField {
  const words = Array.from(items, (item) =>
    firstWord(textField(dataset.itemText[item] ?? {}, field)),
  );
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxCategories)
    .map(([w]) => w);
  const names = top.length < counts.size ? [...top, 'other'] : top;
  const codeOf = new Map(top.map((w, i) => [w, i]));
  const codes = Uint8Array.from(words, (w) => codeOf.get(w) ?? top.length);
  return { field, names, codes };
}

/** The fixed part of a run's projection: drawn items, colours by every text field, cold flags, histories. */
export function projectionContext(dataset: Dataset, split: Split): ProjectionContext {
  const items = projectedItems(split.numItems);
  const position = new Map(Array.from(items, (item, i) => [item, i]));
  const titleField = dataset.textFields[0];
  const histories = split.test.slice(0, MAX_PROJECTED_USERS).map((c) => ({
    user: dataset.userIds[c.user],
    points: Array.from(c.history, (item) => position.get(item)).filter(
      (p): p is number => p !== undefined,
    ),
  }));
  return {
    kind: 'context',
    items,
    cold: Uint8Array.from(items, (item) => split.coldItems[item]),
    titles: Array.from(items, (item) =>
      titleField === undefined
        ? dataset.itemIds[item]
        : (textField(dataset.itemText[item] ?? {}, titleField) ?? dataset.itemIds[item]),
    ),
    fields: dataset.textFields.map((field) => colourField(dataset, items, field)),
    histories,
  };
}

/** Projects the rows `items` of `embeddings` ([numItems, dim]) onto their two leading components. */
export function projectionSnapshot(
  embeddings: Float32Array,
  dim: number,
  items: Int32Array,
  label: string,
  step: number,
): ProjectionSnapshot {
  const rows = new Float32Array(items.length * dim); // [items, dim]
  items.forEach((item, i) => rows.set(embeddings.subarray(item * dim, (item + 1) * dim), i * dim));
  const result = pca(rows, items.length, dim, Math.min(2, dim));
  const coords =
    dim >= 2
      ? result.coords
      : Float32Array.from({ length: items.length * 2 }, (_, i) =>
          i % 2 === 0 ? result.coords[i / 2] : 0,
        );
  return {
    kind: 'snapshot',
    label,
    step,
    coords,
    explained: [result.explained[0], result.explained[1] ?? 0],
  };
}
