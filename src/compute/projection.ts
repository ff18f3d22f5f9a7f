import { textField } from '../dataset/itemText';
import type { Dataset, Split } from '../dataset/types';
import { deriveSeed } from '../random/rng';
import { pca } from './pca';
import { alignFrame, type Alignment2d } from './procrustes';
import {
  nearestRows,
  sampleRows,
  SEPARATION_NEIGHBOURS,
  SEPARATION_SAMPLE,
  separationScore,
} from './separation';

/** Most items drawn in the projection; larger catalogues are thinned evenly. */
export const MAX_PROJECTED_ITEMS = 3000;

/**
 * Categories per colour field, one per series colour of the palette (the seven Okabe–Ito colours
 * besides black); rarer ones are drawn as `other`.
 */
export const MAX_CATEGORIES = 7;

/** Longest entry, in words, of a text value read as a list (longer ones make it prose). */
const MAX_LIST_ENTRY_WORDS = 4;

/** Histories offered for drawing as a path. */
export const MAX_PROJECTED_USERS = 30;

/** Words skipped when taking the first word of a text field as its category. */
const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'and', 'for', 'to', 'in', 'on']);

/**
 * One way of colouring the items: a category per drawn item, as codes into `names`. `field` is a
 * key unique among the context's fields; `label` says in words where the categories come from.
 */
export interface ColourField {
  field: string;
  /** E.g. `subject`, `genres (first listed)`, `title (first word)`. */
  label: string;
  /** Category names, commonest first; the last is `other` when `hasOther`. */
  names: string[];
  /** True when the last name is the bucket of the items outside the top categories. */
  hasOther: boolean;
  /** [items.length] code of each drawn item into `names`. */
  codes: Uint8Array;
}

/** What stays fixed during a run: the drawn items, their colours, cold flags and sample histories. */
export interface ProjectionContext {
  kind: 'context';
  /** Id the run will have in the train worker once it finishes (its `runId`). */
  runId: number;
  /** The model trained, e.g. `sasrec`, `hllm`. */
  model: string;
  /** Seed of the run's layouts (UMAP), derived from the run's seed. */
  seed: number;
  /** Dense indices of the drawn items. */
  items: Int32Array;
  /** [items.length] 1 where the item is held out as new (cold). */
  cold: Uint8Array;
  /** [items.length] display title of each drawn item. */
  titles: string[];
  /** Colour-field candidates (categorical attributes, then fields derived from each text field). */
  fields: ColourField[];
  /** Test users' histories as positions into `items` (items not drawn are left out), oldest first. */
  histories: { user: string; points: number[] }[];
}

/** The PCA basis of a frame and its alignment: projects further rows (a new item) into the frame. */
export interface ProjectionBasis {
  /** [dim] mean of the drawn rows. */
  mean: Float32Array;
  /** [2, dim] row-major unit components (the second all zeros for a 1-d table). */
  components: Float32Array;
  /** Maps the raw PCA coordinates onto the aligned frame. */
  alignment: Alignment2d;
}

/** Item embeddings at one moment of a run: the drawn rows and their aligned PCA projection. */
export interface ProjectionSnapshot {
  kind: 'snapshot';
  /** What the snapshot shows, e.g. `before training`, `after epoch 2`. */
  label: string;
  /** Optimiser steps taken when it was taken. */
  step: number;
  /** [items.length, 2] PCA coordinates of the drawn items, aligned to the previous snapshot's. */
  coords: Float32Array;
  /** Fraction of the variance each of the two components explains. */
  explained: [number, number];
  /** Width of the embedding. */
  dim: number;
  /** [items.length, dim] the drawn items' embeddings (for UMAP and new-item placement). */
  rows: Float32Array;
  basis: ProjectionBasis;
  /** Per context field: how well its categories separate in the embedding (`separationScore`). */
  separation: number[];
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

/**
 * Codes of `labels` (one per drawn item): the `maxCategories` commonest labels, commonest first
 * (ties by name), then `other` for the rest.
 */
export function categoryCodes(
  labels: readonly string[],
  maxCategories = MAX_CATEGORIES,
): Pick<ColourField, 'names' | 'hasOther' | 'codes'> {
  const counts = new Map<string, number>();
  for (const w of labels) counts.set(w, (counts.get(w) ?? 0) + 1);
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxCategories)
    .map(([w]) => w);
  const hasOther = top.length < counts.size;
  const codeOf = new Map(top.map((w, i) => [w, i]));
  return {
    names: hasOther ? [...top, 'other'] : top,
    hasOther,
    codes: Uint8Array.from(labels, (w) => codeOf.get(w) ?? top.length),
  };
}

/** Colours of `items` by the first word of the text field `field`. */
export function colourField(
  dataset: Dataset,
  items: Int32Array,
  field: string,
  maxCategories = MAX_CATEGORIES,
): ColourField {
  const words = Array.from(items, (item) =>
    firstWord(textField(dataset.itemText[item] ?? {}, field)),
  );
  return { field, label: `${field} (first word)`, ...categoryCodes(words, maxCategories) };
}

/** The parts of a list-like text value (`Action, Comedy`, `a | b`), trimmed, empty ones dropped. */
export function listParts(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\s*[,|]\s+|\s*\|\s*/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The sentences of `text` (split after `. `), trimmed, without their final full stop. */
export function sentences(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\.\s+/)
    .map((p) => p.trim().replace(/\.$/, ''))
    .filter((p) => p.length > 0);
}

/** True when at least half of the non-empty `values` satisfy `test`. */
function mostly(values: readonly string[], test: (v: string) => boolean): boolean {
  const present = values.filter((v) => v.trim().length > 0);
  return present.length > 0 && present.filter(test).length * 2 >= present.length;
}

/**
 * The categorical colourings a text field offers over the drawn items, besides its first word:
 * for a list-like field (genres, categories) the first listed entry at the first position where
 * the items differ; for a field of sentences like `title. categories. brand.` its last sentence;
 * for a field whose values repeat (at most half of them distinct: brand) the whole value.
 */
export function derivedColourFields(
  dataset: Dataset,
  items: Int32Array,
  field: string,
): ColourField[] {
  const values = Array.from(items, (item) => textField(dataset.itemText[item] ?? {}, field) ?? '');
  const out: ColourField[] = [];
  const add = (label: string, key: string, labels: string[]) => {
    if (new Set(labels).size >= 2) out.push({ field: key, label, ...categoryCodes(labels) });
  };
  const shortList = (v: string) => {
    const parts = listParts(v);
    return parts.length >= 2 && parts.every((p) => p.split(' ').length <= MAX_LIST_ENTRY_WORDS);
  };
  if (mostly(values, shortList)) {
    const lists = values.map(listParts);
    const longest = Math.max(0, ...lists.map((l) => l.length));
    for (let k = 0; k < longest; k++) {
      const labels = lists.map((l) => (l[Math.min(k, l.length - 1)] ?? '(none)').toLowerCase());
      if (new Set(labels).size < 2) continue;
      add(`${field} (${k === 0 ? 'first' : `entry ${k + 1}`} listed)`, `${field}:list${k}`, labels);
      break;
    }
  }
  if (mostly(values, (v) => sentences(v).length >= 3)) {
    add(
      `${field} (last sentence)`,
      `${field}:last`,
      values.map((v) => sentences(v).at(-1)?.toLowerCase() ?? '(none)'),
    );
  }
  const distinct = new Set(values.map((v) => v.trim().toLowerCase()));
  if (distinct.size * 2 <= values.length) {
    add(
      field,
      `${field}:value`,
      values.map((v) => v.trim().toLowerCase() || '(none)'),
    );
  }
  return out;
}

/**
 * Every colour field of `items`: the dataset's categorical attributes (`itemCategories`) first,
 * then, per text field, the derived categories and its first word; a field that colours the items
 * exactly as an earlier one does is left out.
 */
export function colourFields(dataset: Dataset, items: Int32Array): ColourField[] {
  const categorical = Object.entries(dataset.itemCategories ?? {}).map(
    ([field, labels]): ColourField => ({
      field,
      label: field,
      ...categoryCodes(Array.from(items, (item) => labels[item] ?? '(none)')),
    }),
  );
  const fromText = dataset.textFields.flatMap((field) => [
    ...derivedColourFields(dataset, items, field),
    colourField(dataset, items, field),
  ]);
  const kept: ColourField[] = [];
  for (const f of [...categorical, ...fromText]) {
    const same = (g: ColourField) => g.codes.every((c, i) => c === f.codes[i]);
    if (!kept.some(same)) kept.push(f);
  }
  return kept;
}

/** The run a projection belongs to: its future id in the train worker, its model and seed. */
export interface ProjectedRun {
  runId: number;
  model: string;
  seed: number;
}

/** The fixed part of a run's projection: drawn items, colour fields, cold flags, histories. */
export function projectionContext(
  dataset: Dataset,
  split: Split,
  run: ProjectedRun = { runId: 0, model: '', seed: 0 },
): ProjectionContext {
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
    runId: run.runId,
    model: run.model,
    seed: deriveSeed(run.seed, 'projection'),
    items,
    cold: Uint8Array.from(items, (item) => split.coldItems[item]),
    titles: Array.from(items, (item) =>
      titleField === undefined
        ? dataset.itemIds[item]
        : (textField(dataset.itemText[item] ?? {}, titleField) ?? dataset.itemIds[item]),
    ),
    fields: colourFields(dataset, items),
    histories,
  };
}

/**
 * Separation score of each colour field on `rows` ([n, dim]), from one shared neighbour search,
 * times the share of items the field colours outside `other` (a field that names only a few items
 * separates only those).
 */
export function fieldSeparation(
  rows: Float32Array,
  dim: number,
  fields: readonly Pick<ColourField, 'codes' | 'hasOther' | 'names'>[],
): number[] {
  const n = rows.length / dim;
  const queries = sampleRows(n, SEPARATION_SAMPLE, 1);
  const neighbours = nearestRows(rows, n, dim, queries, SEPARATION_NEIGHBOURS);
  return fields.map((f) => {
    const other = f.hasOther ? f.names.length - 1 : -1;
    const named = f.codes.reduce((s, c) => s + (c === other ? 0 : 1), 0) / f.codes.length;
    return named * separationScore(f.codes, queries, neighbours, SEPARATION_NEIGHBOURS, other);
  });
}

/** Scores at or below this are taken as noise when choosing the default colour field. */
export const SEPARATION_FLOOR = 0.02;

/**
 * Index of the field with the highest score (the first on ties), or 0 (the dataset's own first
 * category) when none scores above `floor`, as for an untrained ID table.
 */
export function bestField(scores: readonly number[], floor = SEPARATION_FLOOR): number {
  let best = 0;
  let bestScore = floor;
  scores.forEach((s, i) => {
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  return best;
}

/** [2] coordinates of one `vector` ([dim]) in the frame of `basis`. */
export function projectOnBasis(vector: Float32Array, basis: ProjectionBasis): [number, number] {
  const dim = basis.mean.length;
  const raw = new Float32Array(2); // [1, 2]
  for (let c = 0; c < 2; c++) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += (vector[i] - basis.mean[i]) * basis.components[c * dim + i];
    raw[c] = s;
  }
  const [r00, r01, r10, r11] = basis.alignment.rotation;
  const { scale, translation } = basis.alignment;
  return [
    scale * (r00 * raw[0] + r01 * raw[1]) + translation[0],
    scale * (r10 * raw[0] + r11 * raw[1]) + translation[1],
  ];
}

/**
 * Projects the rows `items` of `embeddings` ([numItems, dim]) onto their two leading components,
 * aligned (`alignFrame`) onto `previous` (the last snapshot's coordinates) when given, and scores
 * how well each of `fields` separates in the embedding.
 */
export function projectionSnapshot(
  embeddings: Float32Array,
  dim: number,
  items: Int32Array,
  label: string,
  step: number,
  previous: Float32Array | null = null,
  fields: readonly Pick<ColourField, 'codes' | 'hasOther' | 'names'>[] = [],
): ProjectionSnapshot {
  const rows = new Float32Array(items.length * dim); // [items, dim]
  items.forEach((item, i) => rows.set(embeddings.subarray(item * dim, (item + 1) * dim), i * dim));
  const k = Math.min(2, dim);
  const result = pca(rows, items.length, dim, k);
  const raw =
    dim >= 2
      ? result.coords
      : Float32Array.from({ length: items.length * 2 }, (_, i) =>
          i % 2 === 0 ? result.coords[i / 2] : 0,
        );
  const { coords, alignment } = alignFrame(raw, previous);
  const mean = new Float32Array(dim); // [dim]
  for (let r = 0; r < items.length; r++) {
    for (let c = 0; c < dim; c++) mean[c] += rows[r * dim + c] / items.length;
  }
  const components = new Float32Array(2 * dim); // [2, dim]
  components.set(result.components);
  return {
    kind: 'snapshot',
    label,
    step,
    coords,
    explained: [result.explained[0], result.explained[1] ?? 0],
    dim,
    rows,
    basis: { mean, components, alignment },
    separation: fieldSeparation(rows, dim, fields),
  };
}
