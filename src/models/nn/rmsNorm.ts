import { numpy as np } from '@jax-js/jax';

/** RMSNorm over the last axis (Llama); x: [..., dim] → [..., dim]. */
export function rmsNorm(x: np.Array, weight: np.Array, eps: number): np.Array {
  const meanSquare = np.square(x.ref).mean(-1, { keepdims: true }); // [..., 1]
  return x.div(np.sqrt(meanSquare.add(eps))).mul(weight);
}
