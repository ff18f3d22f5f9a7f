import { InputError } from '../dataset/errors';
import type { HostTensor } from '../models/recommender';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/** Tensor name of the item embedding table in an item-embeddings file. */
export const ITEM_EMBEDDINGS_TENSOR = 'item_embeddings';

/**
 * Serialises precomputed item embeddings: tensor `item_embeddings` [n, dim] and metadata
 * `item_ids`, the JSON list of the original item id of each row.
 */
export function encodeItemEmbeddings(itemIds: string[], table: HostTensor): Uint8Array {
  if (table.shape.length !== 2 || table.shape[0] !== itemIds.length) {
    throw new RangeError(
      `item embeddings: expected [${itemIds.length}, dim], got [${table.shape}]`,
    );
  }
  return encodeSafetensors(
    { [ITEM_EMBEDDINGS_TENSOR]: table },
    { item_ids: JSON.stringify(itemIds) },
  );
}

/**
 * Reads an item-embeddings file and returns the rows of `itemIds` in that order ([itemIds.length, dim]);
 * rows are matched by original item id. Throws `InputError` naming the file when the tensor or the
 * id list is missing or an item has no row.
 */
export function decodeItemEmbeddings(
  bytes: Uint8Array,
  file: string,
  itemIds: string[],
): HostTensor {
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  const table = tensors[ITEM_EMBEDDINGS_TENSOR];
  if (table === undefined || table.shape.length !== 2) {
    throw new InputError(
      { file, column: ITEM_EMBEDDINGS_TENSOR },
      `a 2-d tensor "${ITEM_EMBEDDINGS_TENSOR}" [items, dim]`,
      table === undefined
        ? `tensors ${Object.keys(tensors).join(', ') || '(none)'}`
        : `shape [${table.shape}]`,
    );
  }
  let ids: unknown;
  try {
    ids = JSON.parse(metadata.item_ids ?? 'null');
  } catch {
    ids = null;
  }
  if (
    !Array.isArray(ids) ||
    ids.length !== table.shape[0] ||
    ids.some((id) => typeof id !== 'string')
  ) {
    throw new InputError(
      { file, column: 'item_ids' },
      `metadata "item_ids": a JSON list of ${table.shape[0]} item id strings, one per row`,
    );
  }
  const rowOf = new Map<string, number>();
  (ids as string[]).forEach((id, row) => rowOf.set(id, row));
  const dim = table.shape[1];
  const data = new Float32Array(itemIds.length * dim);
  const missing: string[] = [];
  itemIds.forEach((id, i) => {
    const row = rowOf.get(id);
    if (row === undefined) missing.push(id);
    else data.set(table.data.subarray(row * dim, (row + 1) * dim), i * dim);
  });
  if (missing.length > 0) {
    throw new InputError(
      { file, column: 'item_ids' },
      'a row for every item of the dataset',
      `${missing.length} item(s) without a row, e.g. ${missing.slice(0, 3).join(', ')}`,
    );
  }
  return { shape: [itemIds.length, dim], data };
}
