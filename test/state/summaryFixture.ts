import { summarizeIngest, type DatasetSummary } from '../../src/compute/datasetSummary';
import { datasetStats } from '../../src/dataset/stats';
import type { Dataset, ItemText, SkipCounts } from '../../src/dataset/types';

/** A small dataset: `users` users, user u has u+1 interactions over `items` items. */
export function smallDataset(users: number, items: number, name = 'small'): Dataset {
  const sequences = Array.from({ length: users }, (_, u) =>
    Int32Array.from({ length: u + 1 }, (_, i) => (u + i) % items),
  );
  return {
    name,
    userIds: sequences.map((_, u) => `u${u}`),
    itemIds: Array.from({ length: items }, (_, i) => `i${i}`),
    itemText: Array.from({ length: items }, (_, i): ItemText =>
      i % 2 === 0 ? { title: `Item ${i}` } : {},
    ),
    textFields: ['title'],
    sequences,
    timestamps: sequences.map((s) => Float64Array.from(s, (_, i) => i)),
    hasTimestamps: false,
  };
}

/** The summary the data worker would send for `smallDataset(users, items)`. */
export function smallSummary(
  users: number,
  items: number,
  skipped: SkipCounts = {},
  warnings: string[] = [],
): DatasetSummary {
  const dataset = smallDataset(users, items);
  return summarizeIngest({ dataset, format: 'test', skipped, warnings }, datasetStats(dataset));
}
