/** Interaction sources the ingester reads. */
export const INTERACTION_FORMATS = [
  'hllm',
  'amazon-2014',
  'amazon-2018',
  'amazon-ratings',
  'movielens-100k',
  'movielens-1m',
  'recbole',
  'unisrec',
  'sequence-lines',
  'csv',
  'jsonl',
] as const;

/** An interaction source format. */
export type InteractionFormat = (typeof INTERACTION_FORMATS)[number];

/** Item-text sources the ingester reads. */
export const ITEM_FORMATS = [
  'hllm-items',
  'amazon-meta',
  'movielens-100k-items',
  'movielens-1m-items',
  'recbole-items',
  'csv-items',
  'jsonl-items',
] as const;

/** An item-text source format. */
export type ItemFormat = (typeof ITEM_FORMATS)[number];

/** What a file is for, as detected from its name and first lines. */
export type FileRole =
  | { role: 'interactions'; format: InteractionFormat }
  | { role: 'items'; format: ItemFormat }
  | { role: 'user-map' }
  | { role: 'item-map' }
  | { role: 'ignored'; reason: string };
