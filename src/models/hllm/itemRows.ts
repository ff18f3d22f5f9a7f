import { buildItemBatch, type ItemBatch } from '../../itemEncoders/itemLlm';
import { roundUpToLanes } from '../lanePadding';

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
