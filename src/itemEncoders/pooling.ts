/** How token states become one item vector. */
export type Pooling = 'mean' | 'cls' | 'last';

/**
 * Pools token states into one vector per sequence.
 * `hidden`: [batch, seq, dim]; `mask`: [batch, seq] (1 = token, 0 = padding); returns [batch, dim].
 * `mean` averages unmasked tokens, `cls` takes the first unmasked token, `last` the last unmasked
 * token (HLLM style, correct for left or right padding).
 */
export function poolHidden(
  hidden: Float32Array,
  mask: ArrayLike<number>,
  batch: number,
  seq: number,
  dim: number,
  pooling: Pooling,
): Float32Array {
  if (hidden.length !== batch * seq * dim) {
    throw new RangeError(`hidden has ${hidden.length} values, expected ${batch}×${seq}×${dim}`);
  }
  if (mask.length !== batch * seq) {
    throw new RangeError(`mask has ${mask.length} values, expected ${batch}×${seq}`);
  }
  const out = new Float32Array(batch * dim); // [batch, dim]
  for (let b = 0; b < batch; b++) {
    const positions: number[] = [];
    for (let t = 0; t < seq; t++) if (mask[b * seq + t] !== 0) positions.push(t);
    if (positions.length === 0) throw new RangeError(`sequence ${b} of the batch has no tokens`);
    const picked =
      pooling === 'mean' ? positions : pooling === 'cls' ? [positions[0]] : [positions.at(-1)!];
    const row = out.subarray(b * dim, (b + 1) * dim);
    for (const t of picked) {
      const base = (b * seq + t) * dim;
      for (let d = 0; d < dim; d++) row[d] += hidden[base + d];
    }
    if (picked.length > 1) for (let d = 0; d < dim; d++) row[d] /= picked.length;
  }
  return out;
}
