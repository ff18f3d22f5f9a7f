import type { numpy as np } from '@jax-js/jax';

/** [batch, seq, heads·headDim] → [batch, heads, seq, headDim]. */
export function splitHeads(x: np.Array, heads: number): np.Array {
  const [batch, seq, width] = x.shape;
  return x.reshape([batch, seq, heads, width / heads]).transpose([0, 2, 1, 3]);
}

/** [batch, heads, seq, headDim] → [batch, seq, heads·headDim]. */
export function mergeHeads(x: np.Array): np.Array {
  const [batch, heads, seq, headDim] = x.shape;
  return x.transpose([0, 2, 1, 3]).reshape([batch, seq, heads * headDim]);
}
