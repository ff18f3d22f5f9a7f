import { lax, numpy as np } from '@jax-js/jax';
import { MASK_VALUE } from './attentionMask';

/**
 * Causal grouped-query attention in token-major layout: q [batch, seq, heads, headDim], k and v
 * [batch, seq, kvHeads, headDim] (query head h reads kv head ⌊h / (heads / kvHeads)⌋, as
 * Hugging Face's `repeat_kv`), mask [batch, 1, seq, seq] bool (true = may attend) → context
 * [batch, seq, heads·headDim]. Scores are scaled by 1/√headDim.
 *
 * Written so that jax-js never reads a matrix product's input through a view that merges
 * non-adjacent axes (its kernels then index element by element, 5–40× slower on Wasm): kv heads
 * are broadcast over a group axis instead of repeated, and the softmax's normalisation is applied
 * after the context is transposed back to token-major order, so that product lands in a
 * contiguous [batch, seq, heads·headDim] buffer before the output projection reads it.
 */
export function groupedQueryAttention(
  q: np.Array,
  k: np.Array,
  v: np.Array,
  mask: np.Array,
): np.Array {
  const [batch, seq, heads, headDim] = q.shape;
  const kvHeads = k.shape[2];
  const group = heads / kvHeads;
  const q5 = q.reshape([batch, seq, kvHeads, group, headDim]).transpose([0, 2, 3, 1, 4]); // [b, kv, g, s, hd]
  const kT = k.transpose([0, 2, 3, 1]).reshape([batch, kvHeads, 1, headDim, seq]); // [b, kv, 1, hd, s]
  const scores = np.matmul(q5, kT).mul(1 / Math.sqrt(headDim)); // [b, kv, g, s, s]
  const masked = np.where(mask.reshape([batch, 1, 1, seq, seq]), scores, MASK_VALUE);
  const peak = lax.stopGradient(masked.ref.max(-1, { keepdims: true })); // [b, kv, g, s, 1]
  const weights = np.exp(masked.sub(peak)); // [b, kv, g, s, s], unnormalised
  const inverse = np.reciprocal(weights.ref.sum(-1, { keepdims: true })); // [b, kv, g, s, 1]
  const values = v.transpose([0, 2, 1, 3]).reshape([batch, kvHeads, 1, seq, headDim]); // [b, kv, 1, s, hd]
  const context = np.matmul(weights, values); // [b, kv, g, s, hd]
  return context
    .transpose([0, 3, 1, 2, 4])
    .mul(inverse.transpose([0, 3, 1, 2, 4])) // [b, s, kv, g, hd]
    .reshape([batch, seq, heads * headDim]);
}
