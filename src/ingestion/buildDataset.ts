import { emptyItemText } from '../dataset/itemText';
import { InputError } from '../dataset/errors';
import type { Dataset, ItemText } from '../dataset/types';
import type { InteractionLog } from './interactionLog';
import type { ItemTextTable } from './itemTextTable';
import type { SkipTracker } from './skipTracker';

/** What `buildDataset` needs besides the log. */
export interface BuildOptions {
  name: string;
  /** False when the source gives order only: rows keep file order and timestamps become positions. */
  hasTimestamps: boolean;
  /** Item text to attach; rows for items without interactions are counted as skipped. */
  text?: ItemTextTable;
  /** File that rows came from, for errors when there are none. */
  sourceName: string;
}

/** Sorts the rows `rows[from..to)` by (time, row) in place; rows are already in file order. */
function sortByTime(rows: Int32Array, from: number, to: number, times: Float64Array): void {
  for (let i = from + 1; i < to; i++) {
    if (times[rows[i]] < times[rows[i - 1]]) {
      const part = Array.from(rows.subarray(from, to));
      part.sort((a, b) => times[a] - times[b] || a - b);
      rows.set(part, from);
      return;
    }
  }
}

/**
 * Groups the log by user (stable: file order within a user), sorts each user's rows by timestamp
 * (ties keep file order), drops exact duplicate rows (same user, item and time) and attaches item text.
 */
export function buildDataset(
  log: InteractionLog,
  skips: SkipTracker,
  options: BuildOptions,
): Dataset {
  if (log.length === 0) {
    const reasons = skips.total() > 0 ? `; ${skips.warnings().join('; ')}` : '';
    throw new InputError(
      { file: options.sourceName },
      'at least one usable interaction',
      `none (${skips.total()} row(s) skipped${reasons})`,
    );
  }
  const numUsers = log.userIds.length;
  if (numUsers < 2) {
    throw new InputError(
      { file: options.sourceName },
      'interactions from at least 2 users',
      `a single user (${log.userIds[0]})`,
    );
  }
  const starts = new Int32Array(numUsers + 1);
  for (let i = 0; i < log.length; i++) starts[log.users[i] + 1]++;
  for (let u = 0; u < numUsers; u++) starts[u + 1] += starts[u];
  const fill = starts.slice(0, numUsers);
  const rows = new Int32Array(log.length);
  for (let i = 0; i < log.length; i++) rows[fill[log.users[i]]++] = i;

  const sequences: Int32Array[] = new Array(numUsers);
  const timestamps: Float64Array[] = new Array(numUsers);
  let duplicates = 0;
  let firstDuplicate = '';
  for (let u = 0; u < numUsers; u++) {
    const from = starts[u];
    const to = starts[u + 1];
    if (options.hasTimestamps) sortByTime(rows, from, to, log.times);
    const seq = new Int32Array(to - from);
    const ts = new Float64Array(to - from);
    let n = 0;
    let tieStart = 0;
    for (let k = from; k < to; k++) {
      const row = rows[k];
      const item = log.items[row];
      const time = log.times[row];
      if (options.hasTimestamps) {
        if (n > 0 && ts[n - 1] !== time) tieStart = n;
        let dup = false;
        for (let j = tieStart; j < n; j++) if (seq[j] === item) dup = true;
        if (dup) {
          if (duplicates++ === 0) {
            firstDuplicate = `${log.fileOf(row)}, line ${log.lines[row]}: user ${log.userIds[u]}, item ${log.itemIds[item]}, time ${time}`;
          }
          continue;
        }
      }
      seq[n] = item;
      ts[n] = options.hasTimestamps ? time : n;
      n++;
    }
    sequences[u] = n === seq.length ? seq : seq.slice(0, n);
    timestamps[u] = n === ts.length ? ts : ts.slice(0, n);
  }
  skips.add('duplicate-row', duplicates, firstDuplicate);

  const itemText: ItemText[] = new Array(log.itemIds.length);
  const known = new Set<string>();
  for (let i = 0; i < log.itemIds.length; i++) {
    const text = options.text?.byId.get(log.itemIds[i]);
    itemText[i] = text ?? emptyItemText();
    if (text) known.add(log.itemIds[i]);
  }
  if (options.text) {
    let unknown = 0;
    let example = '';
    for (const id of options.text.byId.keys()) {
      if (!known.has(id)) {
        if (unknown++ === 0) example = `item ${id} has text but no interactions`;
      }
    }
    skips.add('item-text-without-interactions', unknown, example);
  }
  return {
    name: options.name,
    userIds: log.userIds,
    itemIds: log.itemIds,
    itemText,
    textFields: options.text ? options.text.fields : [],
    sequences,
    timestamps,
    hasTimestamps: options.hasTimestamps,
  };
}
