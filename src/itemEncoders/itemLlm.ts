/** Name of the learnable [ITEM] vector in the Item LLM's parameters ([hidden]). */
export const ITEM_TOKEN = 'item_token';

/** Token ids of a batch of items, right-padded, with one [ITEM] slot after each item's text. */
export interface ItemBatch {
  batch: number;
  /** Positions per row: longest text + 1 (or the fixed length asked for). */
  seq: number;
  /** [batch, seq] text ids; 0 at the [ITEM] slot and at padding. */
  ids: Int32Array;
  /** [batch] text tokens per row, which is also the [ITEM] position. */
  lengths: Int32Array;
}

/**
 * Lays out tokenized items (already truncated to maxTextTokens) right-padded to `seq` positions
 * (default: longest + 1), so every row keeps positions 0..len and its [ITEM] slot at `len`.
 */
export function buildItemBatch(tokenIds: readonly (readonly number[])[], seq?: number): ItemBatch {
  const longest = tokenIds.reduce((m, row) => Math.max(m, row.length), 0);
  const width = seq ?? longest + 1;
  if (width < longest + 1)
    throw new RangeError(`seq ${width} leaves no [ITEM] slot for ${longest} tokens`);
  const batch = tokenIds.length;
  const ids = new Int32Array(batch * width);
  const lengths = new Int32Array(batch);
  tokenIds.forEach((row, b) => {
    if (row.length === 0) throw new RangeError(`item ${b} of the batch has no tokens`);
    ids.set(row, b * width);
    lengths[b] = row.length;
  });
  return { batch, seq: width, ids, lengths };
}
