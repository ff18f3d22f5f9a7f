import { numpy as np } from '@jax-js/jax';

/** Score given to masked (future or padding) keys before the softmax. */
export const MASK_VALUE = -1e9;

/**
 * Causal mask that also hides padding keys: `valid` [batch, seq] bool → [batch, 1, seq, seq] bool,
 * true where query i may attend to key j (j ≤ i and key j is not padding).
 */
export function causalPaddingMask(valid: np.Array): np.Array {
  const [batch, seq] = valid.shape;
  const causal = np.tri(seq, seq, 0, { dtype: np.bool }).reshape([1, 1, seq, seq]);
  const keys = valid.reshape([batch, 1, 1, seq]);
  return np.logicalAnd(causal, keys);
}
