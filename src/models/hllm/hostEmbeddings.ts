import type { HostTensor } from '../recommender';

/** Name of the token embedding table among an Item LLM's weights. */
export const EMBED_TOKENS = 'embed_tokens.weight';

/**
 * Rows of a frozen token embedding table ([vocab, hidden], on the host) for `ids`, as
 * [ids.length, hidden] float32: looked up on the host so that the table (the largest single
 * tensor of a checkpoint) never takes device memory when it does not train.
 */
export function embedRows(table: HostTensor, ids: Int32Array): Float32Array {
  const [vocab, hidden] = table.shape;
  const out = new Float32Array(ids.length * hidden);
  ids.forEach((id, i) => {
    if (id < 0 || id >= vocab)
      throw new RangeError(`token id ${id} is outside the vocabulary of ${vocab}`);
    out.set(table.data.subarray(id * hidden, (id + 1) * hidden), i * hidden);
  });
  return out;
}
