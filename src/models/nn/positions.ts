import { numpy as np } from '@jax-js/jax';

/**
 * Right-aligned learned positions for a left-padded sequence of length `seq`: the last column
 * gets the table's last row. table: [maxLen, dim] → [seq, dim]; columns before the table's first
 * row (seq > maxLen, only ever padding) get zeros. Consumes `table`.
 */
export function rightAlignedPositions(table: np.Array, seq: number): np.Array {
  const [maxLen, dim] = table.shape;
  if (seq <= maxLen) return table.slice([maxLen - seq, maxLen]);
  return np.concatenate([np.zeros([seq - maxLen, dim]), table], 0);
}
