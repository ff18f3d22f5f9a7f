import { numpy as np } from '@jax-js/jax';

/** LayerNorm over the last axis (biased variance, like torch); x: [..., dim] → [..., dim]. */
export function layerNorm(x: np.Array, weight: np.Array, bias: np.Array, eps: number): np.Array {
  const mean = x.ref.mean(-1, { keepdims: true }); // [..., 1]
  const centered = x.sub(mean); // [..., dim]
  const variance = np.square(centered.ref).mean(-1, { keepdims: true }); // [..., 1]
  return centered
    .div(np.sqrt(variance.add(eps)))
    .mul(weight)
    .add(bias);
}
