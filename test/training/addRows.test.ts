import { describe, expect, it } from 'vitest';
import { addRows } from '../../src/training/addRows';

describe('addRows', () => {
  it('sums every row into its indexed table row, repeated indices accumulating', () => {
    const out = new Float32Array([1, 1, 0, 0, 0, 0]); // [3, 2]
    const rows = new Float32Array([1, 2, 10, 20, 100, 200, 5, 6]); // [4, 2]
    addRows(out, rows, Int32Array.from([2, 0, 2, 1]), 2);
    expect(Array.from(out)).toEqual([11, 21, 5, 6, 101, 202]);
  });

  it('rejects an index outside the table and a row count that does not match the indices', () => {
    const out = new Float32Array(4);
    expect(() => addRows(out, new Float32Array(2), Int32Array.from([2]), 2)).toThrow(
      /index 2 at 0 is outside \[0, 2\)/,
    );
    expect(() => addRows(out, new Float32Array(3), Int32Array.from([0, 1]), 2)).toThrow(
      /expected 2×2 = 4 values, got 3/,
    );
  });
});
