import type { Dataset } from '../../src/dataset/types';

/**
 * A small dataset from per-user lists of item ids (`i0`, `i1`, ...); items are numbered by the
 * digits of their ids, timestamps default to positions.
 */
export function makeDataset(
  sequences: number[][],
  options: { numItems?: number; timestamps?: number[][]; text?: Record<string, string>[] } = {},
): Dataset {
  const numItems = options.numItems ?? Math.max(0, ...sequences.flat()) + 1;
  return {
    name: 'hand-made.csv',
    userIds: sequences.map((_, u) => `u${u}`),
    itemIds: Array.from({ length: numItems }, (_, i) => `i${i}`),
    itemText: options.text ?? Array.from({ length: numItems }, () => ({})),
    textFields: options.text ? ['title'] : [],
    sequences: sequences.map((s) => Int32Array.from(s)),
    timestamps: sequences.map((s, u) =>
      Float64Array.from(options.timestamps?.[u] ?? s.map((_, i) => i)),
    ),
    hasTimestamps: options.timestamps !== undefined,
  };
}
