import { numpy as np } from '@jax-js/jax';

/** Which entries of a zero-padded last axis are real: [width] 0/1 float mask and the real count. */
export interface RealColumns {
  mask: np.Array;
  count: number;
}

/**
 * LayerNorm over the last axis (biased variance, like torch); x: [..., dim] → [..., dim]. With
 * `real`, statistics cover only the real columns and padding columns come out as zero (weight and
 * bias are zero there); x is masked before the mean, so whatever the padding holds neither enters
 * the statistics nor gets a gradient (an unmasked mean gave the padding lanes of the inputs a
 * gradient, AdamW moved them off zero, and they then shifted the mean of the real columns).
 * Borrows `real`.
 */
export function layerNorm(
  x: np.Array,
  weight: np.Array,
  bias: np.Array,
  eps: number,
  real?: RealColumns,
): np.Array {
  return standardize(x, eps, real).mul(weight).add(bias);
}

/**
 * LayerNorm without learnable weight and bias (torch `F.layer_norm(x, [dim], eps=eps)`); x:
 * [..., dim] → [..., dim], padding columns zero as in `layerNorm`. Borrows `real`.
 */
export function standardize(x: np.Array, eps: number, real?: RealColumns): np.Array {
  const width = real?.count ?? x.shape[x.shape.length - 1];
  const input = real ? x.mul(real.mask.ref) : x; // [..., dim], zero in the padding
  // Statistics reduced without keepdims, so jax-js fuses `/ width`, `+ eps`, `sqrt` and `1/x` into the
  // reduction kernels (once per row) rather than into the [..., dim] kernels that use them (once
  // per element); the values are the same.
  const rowShape = [...x.shape.slice(0, -1), 1];
  const mean = input.ref.sum(-1).div(width).reshape(rowShape); // [..., 1]
  const centered = real ? input.sub(mean).mul(real.mask.ref) : input.sub(mean); // [..., dim]
  const variance = np.square(centered.ref).sum(-1).div(width); // [...]
  return centered.mul(np.reciprocal(np.sqrt(variance.add(eps))).reshape(rowShape));
}
