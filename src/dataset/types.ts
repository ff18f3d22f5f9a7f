/** Text fields of one item, keyed by field name (e.g. `title`, `description`). */
export type ItemText = Record<string, string>;

/**
 * One normalised dataset: dense integer ids for users and items (original ids kept), item text,
 * and each user's chronological sequence.
 */
export interface Dataset {
  /** Human-readable name (file name or generator name). */
  name: string;
  /** Original user id of each dense user index. */
  userIds: string[];
  /** Original item id of each dense item index. */
  itemIds: string[];
  /** Text fields of each item by dense index; `{}` where the item has no text. */
  itemText: ItemText[];
  /** Names of the text fields present in `itemText`, in display order. */
  textFields: string[];
  /** Per user: dense item indices, oldest first. */
  sequences: Int32Array[];
  /** Per user: timestamps aligned with `sequences` (seconds), or the position when the source has no time. */
  timestamps: Float64Array[];
  /** False when the source gives order only and `timestamps` are positions. */
  hasTimestamps: boolean;
}

/** Counts of rows that could not be used, by reason (e.g. `missing-user-id`: 3). */
export type SkipCounts = Record<string, number>;

/** A dataset together with what ingestion skipped and noticed on the way. */
export interface IngestResult {
  dataset: Dataset;
  /** Format that was parsed (e.g. `movielens-100k`, `amazon-2018`). */
  format: string;
  skipped: SkipCounts;
  warnings: string[];
}
