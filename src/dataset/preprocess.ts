import type { DataConfig } from '../config/runConfig';
import { InputError } from './errors';
import type { Dataset } from './types';

/** Users, items and interactions of a dataset. */
export interface DatasetSize {
  users: number;
  items: number;
  interactions: number;
}

/** What iterative k-core filtering removed. */
export interface KCoreReport {
  k: number;
  /** Passes that removed at least one user or item (0 when the data already was a k-core). */
  rounds: number;
  usersRemoved: number;
  itemsRemoved: number;
  interactionsRemoved: number;
}

/** Everything `preprocess` changed, in the order it was done. */
export interface PreprocessReport {
  input: DatasetSize;
  output: DatasetSize;
  /** Users whose interactions were not in time order and were re-sorted. */
  usersReordered: number;
  /** Repeated (user, item) interactions removed (the earliest is kept); 0 when dedupe is off. */
  duplicatesRemoved: number;
  /** Users with no interaction in the input, removed by re-densification. */
  emptyUsersRemoved: number;
  /** Items nobody interacted with (after dedupe), removed by re-densification. */
  unusedItemsRemoved: number;
  kCore: KCoreReport;
}

/** The preprocessed dataset (dense ids again, original ids kept) and what was done to it. */
export interface PreprocessResult {
  dataset: Dataset;
  report: PreprocessReport;
}

function sizeOf(dataset: Dataset): DatasetSize {
  let interactions = 0;
  for (const seq of dataset.sequences) interactions += seq.length;
  return { users: dataset.userIds.length, items: dataset.itemIds.length, interactions };
}

function checkDataset(dataset: Dataset): void {
  const numItems = dataset.itemIds.length;
  if (dataset.sequences.length !== dataset.userIds.length) {
    throw new InputError(
      { file: dataset.name, column: 'sequences' },
      `one sequence per user (${dataset.userIds.length})`,
      `${dataset.sequences.length} sequences`,
    );
  }
  if (dataset.itemText.length !== numItems) {
    throw new InputError(
      { file: dataset.name, column: 'itemText' },
      `one text record per item (${numItems})`,
      `${dataset.itemText.length} records`,
    );
  }
  for (let u = 0; u < dataset.sequences.length; u++) {
    const seq = dataset.sequences[u];
    const times = dataset.timestamps[u];
    if (times === undefined || times.length !== seq.length) {
      throw new InputError(
        { file: dataset.name, line: u + 1, column: 'timestamps' },
        `${seq.length} timestamps for user ${dataset.userIds[u]}`,
        `${times === undefined ? 'none' : times.length}`,
      );
    }
    for (let i = 0; i < seq.length; i++) {
      if (!(seq[i] >= 0 && seq[i] < numItems && Number.isInteger(seq[i]))) {
        throw new InputError(
          { file: dataset.name, line: u + 1, column: 'item' },
          `an item index in [0, ${numItems}) for user ${dataset.userIds[u]}`,
          String(seq[i]),
        );
      }
      if (!Number.isFinite(times[i])) {
        throw new InputError(
          { file: dataset.name, line: u + 1, column: 'timestamp' },
          `a finite timestamp for user ${dataset.userIds[u]}`,
          String(times[i]),
        );
      }
    }
  }
}

/** Sorts one user's interactions by time, keeping the given order among equal timestamps. */
function timeSorted(seq: Int32Array, times: Float64Array): [Int32Array, Float64Array, boolean] {
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) sorted = times[i - 1] <= times[i];
  if (sorted) return [seq, times, false];
  const order = Array.from({ length: seq.length }, (_, i) => i);
  order.sort((a, b) => times[a] - times[b] || a - b);
  return [Int32Array.from(order, (i) => seq[i]), Float64Array.from(order, (i) => times[i]), true];
}

/**
 * Iterative k-core on flat interactions: each pass removes every user and item not yet gone with
 * fewer than `k` live interactions, until a pass removes nothing. Clears `alive` for removed
 * interactions and sets `userGone` / `itemGone` for removed users and items.
 */
function kCoreFilter(
  users: Int32Array, // [interactions]
  items: Int32Array, // [interactions]
  alive: Uint8Array, // [interactions]
  userGone: Uint8Array, // [numUsers]
  itemGone: Uint8Array, // [numItems]
  k: number,
): KCoreReport {
  const numUsers = userGone.length;
  const numItems = itemGone.length;
  const report: KCoreReport = {
    k,
    rounds: 0,
    usersRemoved: 0,
    itemsRemoved: 0,
    interactionsRemoved: 0,
  };
  if (k <= 1) return report;
  const userCount = new Int32Array(numUsers);
  const itemCount = new Int32Array(numItems);
  for (;;) {
    userCount.fill(0);
    itemCount.fill(0);
    for (let e = 0; e < alive.length; e++) {
      if (alive[e]) {
        userCount[users[e]]++;
        itemCount[items[e]]++;
      }
    }
    let removed = 0;
    for (let u = 0; u < numUsers; u++) {
      if (!userGone[u] && userCount[u] < k) {
        userGone[u] = 1;
        report.usersRemoved++;
        removed++;
      }
    }
    for (let i = 0; i < numItems; i++) {
      if (!itemGone[i] && itemCount[i] < k) {
        itemGone[i] = 1;
        report.itemsRemoved++;
        removed++;
      }
    }
    if (removed === 0) return report;
    report.rounds++;
    for (let e = 0; e < alive.length; e++) {
      if (alive[e] && (userGone[users[e]] || itemGone[items[e]])) {
        alive[e] = 0;
        report.interactionsRemoved++;
      }
    }
  }
}

/**
 * Sorts each user's interactions by time (stable), optionally drops repeated (user, item) pairs
 * keeping the earliest, drops users and items without interactions, applies iterative k-core
 * filtering (`dataConfig.kCore`, 0 = off) and re-densifies ids in their original order.
 * Throws `InputError` when the dataset is inconsistent. Deterministic.
 */
export function preprocess(
  dataset: Dataset,
  dataConfig: Pick<DataConfig, 'dedupe' | 'kCore'>,
): PreprocessResult {
  if (!Number.isInteger(dataConfig.kCore) || dataConfig.kCore < 0) {
    throw new RangeError(`data.kCore must be an integer >= 0, got ${dataConfig.kCore}`);
  }
  checkDataset(dataset);
  const input = sizeOf(dataset);
  const numUsers = input.users;
  const numItems = input.items;

  let usersReordered = 0;
  let duplicatesRemoved = 0;
  const seqs: Int32Array[] = [];
  const times: Float64Array[] = [];
  const seen = new Int32Array(numItems).fill(-1);
  for (let u = 0; u < numUsers; u++) {
    const [seq, ts, reordered] = timeSorted(dataset.sequences[u], dataset.timestamps[u]);
    if (reordered) usersReordered++;
    if (!dataConfig.dedupe) {
      seqs.push(seq);
      times.push(ts);
      continue;
    }
    const keep: number[] = [];
    for (let i = 0; i < seq.length; i++) {
      if (seen[seq[i]] === u) duplicatesRemoved++;
      else {
        seen[seq[i]] = u;
        keep.push(i);
      }
    }
    seqs.push(keep.length === seq.length ? seq : Int32Array.from(keep, (i) => seq[i]));
    times.push(keep.length === seq.length ? ts : Float64Array.from(keep, (i) => ts[i]));
  }

  let total = 0;
  for (const seq of seqs) total += seq.length;
  const flatUsers = new Int32Array(total); // [interactions]
  const flatItems = new Int32Array(total); // [interactions]
  const flatTimes = new Float64Array(total); // [interactions]
  const alive = new Uint8Array(total).fill(1); // [interactions]
  let e = 0;
  for (let u = 0; u < numUsers; u++) {
    flatUsers.fill(u, e, e + seqs[u].length);
    flatItems.set(seqs[u], e);
    flatTimes.set(times[u], e);
    e += seqs[u].length;
  }

  const itemGone = new Uint8Array(numItems).fill(1);
  for (let i = 0; i < total; i++) itemGone[flatItems[i]] = 0;
  const userGone = Uint8Array.from(seqs, (seq) => (seq.length === 0 ? 1 : 0));
  const emptyUsersRemoved = userGone.reduce((a, b) => a + b, 0);
  const unusedItemsRemoved = itemGone.reduce((a, b) => a + b, 0);
  const kCore = kCoreFilter(flatUsers, flatItems, alive, userGone, itemGone, dataConfig.kCore);

  const userLive = new Int32Array(numUsers);
  const itemNew = new Int32Array(numItems).fill(-1);
  for (let i = 0; i < total; i++) {
    if (alive[i]) {
      userLive[flatUsers[i]]++;
      itemNew[flatItems[i]] = 0;
    }
  }
  const itemIds: string[] = [];
  const itemText: Dataset['itemText'] = [];
  const kept: number[] = [];
  for (let i = 0; i < numItems; i++) {
    if (itemNew[i] === 0) {
      itemNew[i] = itemIds.length;
      itemIds.push(dataset.itemIds[i]);
      itemText.push(dataset.itemText[i]);
      kept.push(i);
    }
  }
  const userIds: string[] = [];
  const sequences: Int32Array[] = [];
  const timestamps: Float64Array[] = [];
  let start = 0;
  for (let u = 0; u < numUsers; u++) {
    const end = start + seqs[u].length;
    if (userLive[u] > 0) {
      const seq = new Int32Array(userLive[u]);
      const ts = new Float64Array(userLive[u]);
      let j = 0;
      for (let i = start; i < end; i++) {
        if (alive[i]) {
          seq[j] = itemNew[flatItems[i]];
          ts[j] = flatTimes[i];
          j++;
        }
      }
      userIds.push(dataset.userIds[u]);
      sequences.push(seq);
      timestamps.push(ts);
    }
    start = end;
  }

  if (kCore.rounds > 0 && (itemIds.length < 2 || userIds.length === 0)) {
    throw new InputError(
      { file: dataset.name, column: 'data.kCore' },
      'a k-core that keeps at least 2 items and 1 user',
      `k-core ${kCore.k} left ${itemIds.length} items and ${userIds.length} users (of ${numItems} and ${numUsers}); lower it (data.kCore, 0 = off)`,
    );
  }
  const out: Dataset = {
    name: dataset.name,
    userIds,
    itemIds,
    itemText,
    textFields: dataset.textFields,
    sequences,
    timestamps,
    hasTimestamps: dataset.hasTimestamps,
  };
  if (dataset.itemCategories !== undefined) {
    out.itemCategories = Object.fromEntries(
      Object.entries(dataset.itemCategories).map(([field, labels]) => [
        field,
        kept.map((i) => labels[i]),
      ]),
    );
  }
  return {
    dataset: out,
    report: {
      input,
      output: sizeOf(out),
      usersReordered,
      duplicatesRemoved,
      emptyUsersRemoved,
      unusedItemsRemoved,
      kCore,
    },
  };
}
