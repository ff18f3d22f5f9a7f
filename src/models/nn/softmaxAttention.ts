import { numpy as np, nn } from '@jax-js/jax';
import { MASK_VALUE } from './attentionMask';
import { dropout, type DropoutKeys } from './dropout';

/**
 * Scaled dot-product attention with a boolean mask (false → MASK_VALUE before the softmax).
 * q: [batch, heads, seq, headDim], k/v: [batch, heads, seq, headDim], mask: broadcastable to
 * [batch, heads, seq, seq] → [batch, heads, seq, headDim]. Scores are scaled by
 * 1/√realHeadDim (the head size before any zero padding).
 */
export function softmaxAttention(
  q: np.Array,
  k: np.Array,
  v: np.Array,
  mask: np.Array,
  realHeadDim: number,
  probsDropout: DropoutKeys | null = null,
): np.Array {
  const scores = np.matmul(q, k.transpose([0, 1, 3, 2])).mul(1 / Math.sqrt(realHeadDim)); // [b, h, s, s]
  const probs = nn.softmax(np.where(mask, scores, MASK_VALUE), -1);
  return np.matmul(dropout(probs, probsDropout), v); // [b, h, s, headDim]
}
