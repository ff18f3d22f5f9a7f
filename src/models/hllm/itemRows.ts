import { numpy as np } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { boundaryStates, buildItemBatch, type ItemBatch } from '../../itemEncoders/itemLlm';
import { roundUpToLanes } from '../lanePadding';
import type { Params } from '../params';

/**
 * The tokenized catalogue as one right-padded `ItemBatch` ([numItems, seq]), with seq = longest
 * text + 1 rounded up to the SIMD lane width (Wasm kernels are several times faster on widths
 * that are multiples of 4; text states never see the padding, which comes after the [ITEM] slot).
 */
export function catalogueLayout(tokenIds: readonly (readonly number[])[]): ItemBatch {
  const longest = tokenIds.reduce((m, row) => Math.max(m, row.length), 0);
  return buildItemBatch(tokenIds, roundUpToLanes(longest + 1));
}

/** Rows [start, end) of a catalogue layout (views, not copies). */
export function catalogueSlice(catalogue: ItemBatch, start: number, end: number): ItemBatch {
  return {
    batch: end - start,
    seq: catalogue.seq,
    ids: catalogue.ids.subarray(start * catalogue.seq, end * catalogue.seq),
    lengths: catalogue.lengths.subarray(start, end),
  };
}

/**
 * Text states of the whole catalogue entering layer `boundary` (the frozen layers below it run
 * once), [numItems, seq, hidden], computed `chunk` items at a time. Each chunk is read back to
 * the host before the next starts, so only one chunk's intermediates are alive at a time; the
 * assembled states are uploaded once. Borrows `p`.
 */
export async function catalogueBoundaryStates(
  cfg: LlamaConfig,
  p: Params,
  catalogue: ItemBatch,
  boundary: number,
  chunk: number,
): Promise<np.Array> {
  const width = catalogue.seq * cfg.hiddenSize;
  const host = new Float32Array(catalogue.batch * width); // [numItems, seq, hidden]
  for (let start = 0; start < catalogue.batch; start += chunk) {
    const end = Math.min(start + chunk, catalogue.batch);
    const part = boundaryStates(cfg, p, catalogueSlice(catalogue, start, end), boundary);
    host.set((await part.data()) as Float32Array, start * width); // [end - start, seq, hidden]
  }
  return np.array(host).reshape([catalogue.batch, catalogue.seq, cfg.hiddenSize]);
}

/** Host inputs of the Item LLM for some catalogue items, padded to a fixed row count. */
export interface ItemRows {
  capacity: number;
  seq: number;
  /** [capacity] 0-based catalogue indices; padding rows repeat item 0. */
  rows: Int32Array;
  /** [capacity, seq] text token ids (0 at the [ITEM] slot and padding). */
  ids: Int32Array;
  /** [capacity, seq] 1 at each row's [ITEM] slot. */
  slots: Float32Array;
  /** [capacity, seq] 1 up to and including each row's [ITEM] slot. */
  valid: Float32Array;
}

/**
 * Copies the token rows of `items` (0-based) out of the tokenized catalogue laid out as one
 * `ItemBatch` ([numItems, seq]), padded with item 0 to `capacity` rows.
 */
export function gatherItemRows(
  catalogue: ItemBatch,
  items: Int32Array,
  capacity: number,
): ItemRows {
  if (items.length > capacity) {
    throw new RangeError(`${items.length} items do not fit in ${capacity} rows`);
  }
  const seq = catalogue.seq;
  const rows = new Int32Array(capacity);
  rows.set(items);
  const ids = new Int32Array(capacity * seq);
  const slots = new Float32Array(capacity * seq);
  const valid = new Float32Array(capacity * seq);
  rows.forEach((item, r) => {
    if (item < 0 || item >= catalogue.batch) {
      throw new RangeError(`item ${item} is outside the catalogue of ${catalogue.batch} items`);
    }
    const len = catalogue.lengths[item];
    ids.set(catalogue.ids.subarray(item * seq, (item + 1) * seq), r * seq);
    slots[r * seq + len] = 1;
    valid.fill(1, r * seq, r * seq + len + 1);
  });
  return { capacity, seq, rows, ids, slots, valid };
}
