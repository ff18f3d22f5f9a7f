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
  /**
   * Categorical attributes of each item by field name, one label per dense item index (e.g. the
   * synthetic generator's latent subject, topic and series): not text the models read, only for
   * colouring and grouping items. Absent for most sources.
   */
  itemCategories?: Record<string, string[]>;
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

/** One leave-one-out evaluation case: rank all items for `user` given `history`; `target` is held out. */
export interface EvalCase {
  /** Dense user index in the dataset. */
  user: number;
  /** Dense item indices the model sees, oldest first (already cut to the maximum history length). */
  history: Int32Array;
  /** Dense item index to retrieve. */
  target: number;
  /**
   * Every item of the user before the target, uncut; masked in evaluation when present (else
   * `history` is masked). Optional: see `withSeenItems` in src/evaluation.
   */
  seen?: Int32Array;
}

/** Named subsets of the test cases, each a list of indices into `Split.test`. */
export interface SplitSlices {
  all: Int32Array;
  /** Cases whose target is a held-out new item. */
  cold: Int32Array;
  /** Cases whose target has at most `longTailMaxCount` training interactions (cold items excluded). */
  longtail: Int32Array;
  /** Cases whose user has a history of at most `shortHistoryMaxLen` items. */
  short: Int32Array;
}

/** The name of each slice of `SplitSlices`. */
export type SliceName = keyof SplitSlices;

/** Leave-one-out split of a dataset with cold-start hold-out; deterministic given its seed. */
export interface Split {
  numUsers: number;
  numItems: number;
  /** Per training user: dense item indices (inputs and targets), oldest first, no cold items. */
  train: Int32Array[];
  /** Validation cases: target = second-to-last item. */
  valid: EvalCase[];
  /** Test cases: target = last item. */
  test: EvalCase[];
  /** 1 where the item is held out as new: it never appears in `train`. */
  coldItems: Uint8Array;
  /** Number of times each item occurs in `train`. */
  itemTrainCount: Int32Array;
  /** Slices of `test`. */
  testSlices: SplitSlices;
  /** Slices of `valid`. */
  validSlices: SplitSlices;
}
