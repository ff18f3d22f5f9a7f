import { describe, expect, it } from 'vitest';
import { collectBatchItems, itemCapacity } from '../../../src/models/hllm/batchItems';
import { catalogueLayout, catalogueSlice, gatherItemRows } from '../../../src/models/hllm/itemRows';
import { buildItemBatch } from '../../../src/itemEncoders/itemLlm';

describe('collectBatchItems', () => {
  it('re-indexes inputs, targets and negatives into the distinct items, first seen first', () => {
    const picked = collectBatchItems(
      Int32Array.from([0, 5, 9]),
      Int32Array.from([0, 9, 2]),
      Int32Array.from([5, 7, 0]),
      100,
    );
    expect(Array.from(picked.unique)).toEqual([4, 8, 1, 6]);
    expect(Array.from(picked.inputs)).toEqual([0, 1, 2]);
    expect(Array.from(picked.targets)).toEqual([0, 2, 3]);
    expect(Array.from(picked.negatives)).toEqual([1, 4, 0]);
    expect(picked.capacity).toBeGreaterThanOrEqual(4);
  });

  it('never shrinks below the previous row count', () => {
    const one = Int32Array.from([1]);
    expect(collectBatchItems(one, one, new Int32Array(0), 100, 40).capacity).toBe(40);
    expect(collectBatchItems(one, one, new Int32Array(0), 100).capacity).toBe(8);
  });

  it('rounds the row count to few shapes, capped by the catalogue', () => {
    expect(itemCapacity(3, 100)).toBe(8);
    expect(itemCapacity(100, 1000)).toBe(112);
    expect(itemCapacity(1000, 600)).toBe(600);
    const sizes = new Set(Array.from({ length: 512 }, (_, n) => itemCapacity(n + 1, 10_000)));
    expect(sizes.size).toBeLessThan(40);
    for (let n = 1; n <= 512; n++) expect(itemCapacity(n, 10_000)).toBeGreaterThanOrEqual(n);
  });
});

describe('gatherItemRows', () => {
  it('copies token rows with their [ITEM] slot and pads with item 0', () => {
    const catalogue = buildItemBatch([[1, 2], [3], [4, 5, 6]]); // seq 4
    const rows = gatherItemRows(catalogue, Int32Array.from([2, 1]), 3);
    expect(Array.from(rows.rows)).toEqual([2, 1, 0]);
    expect(Array.from(rows.ids)).toEqual([4, 5, 6, 0, 3, 0, 0, 0, 1, 2, 0, 0]);
    expect(Array.from(rows.slots)).toEqual([0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0]);
    expect(Array.from(rows.valid)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0]);
    expect(() => gatherItemRows(catalogue, Int32Array.from([3]), 2)).toThrow(/outside/);
    expect(() => gatherItemRows(catalogue, Int32Array.from([0, 1]), 1)).toThrow(/do not fit/);
  });
});

describe('catalogueLayout', () => {
  it('pads every item to the longest text + 1, rounded up to 4 positions', () => {
    const layout = catalogueLayout([[1, 2, 3, 4], [5], [6, 7]]);
    expect(layout.seq).toBe(8);
    expect(Array.from(layout.lengths)).toEqual([4, 1, 2]);
    expect(Array.from(layout.ids.subarray(8, 16))).toEqual([5, 0, 0, 0, 0, 0, 0, 0]);
    expect(catalogueLayout([[1, 2]]).seq).toBe(4);
    const tail = catalogueSlice(layout, 1, 3);
    expect(tail.batch).toBe(2);
    expect(Array.from(tail.lengths)).toEqual([1, 2]);
    expect(Array.from(tail.ids.subarray(8, 10))).toEqual([6, 7]);
  });
});
