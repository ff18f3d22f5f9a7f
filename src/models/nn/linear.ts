import { numpy as np } from '@jax-js/jax';

/** `x @ weightᵀ (+ bias)` with a Hugging Face [out, in] weight; x: [..., in] → [..., out]. */
export function linear(x: np.Array, weight: np.Array, bias?: np.Array): np.Array {
  const y = np.matmul(x, weight.transpose()); // [..., out]
  return bias === undefined ? y : y.add(bias);
}
