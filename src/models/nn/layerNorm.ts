import { numpy as np } from '@jax-js/jax';

/** Which entries of a zero-padded last axis are real: [width] 0/1 float mask and the real count. */
export interface RealColumns {
  mask: np.Array;
  count: number;
}

/**
 * LayerNorm over the last axis (biased variance, like torch); x: [..., dim] → [..., dim]. With
 * `real`, statistics cover only the real columns and padding columns come out as zero (weight and
 * bias are zero there). Borrows `real`.
 */
export function layerNorm(
  x: np.Array,
  weight: np.Array,
  bias: np.Array,
  eps: number,
  real?: RealColumns,
): np.Array {
  const width = real?.count ?? x.shape[x.shape.length - 1];
  const mean = x.ref.sum(-1, { keepdims: true }).div(width); // [..., 1]
  const centered = real ? x.sub(mean).mul(real.mask.ref) : x.sub(mean); // [..., dim]
  const variance = np.square(centered.ref).sum(-1, { keepdims: true }).div(width); // [..., 1]
  return centered
    .div(np.sqrt(variance.add(eps)))
    .mul(weight)
    .add(bias);
}
