import { describe, expect, it } from 'vitest';
import { poolHidden } from '../../src/itemEncoders/pooling';

// batch 2, seq 3, dim 2; value = 10 * position + dimension (+100 for the second row)
const hidden = Float32Array.from({ length: 12 }, (_, i) => {
  const b = Math.floor(i / 6);
  const t = Math.floor((i % 6) / 2);
  return 100 * b + 10 * t + (i % 2);
});
const leftPadded = [0, 1, 1, 1, 1, 1];
const rightPadded = [1, 1, 0, 1, 1, 1];

describe('poolHidden', () => {
  it('last takes the last unmasked token for left and right padding', () => {
    expect(Array.from(poolHidden(hidden, leftPadded, 2, 3, 2, 'last'))).toEqual([20, 21, 120, 121]);
    expect(Array.from(poolHidden(hidden, rightPadded, 2, 3, 2, 'last'))).toEqual([
      10, 11, 120, 121,
    ]);
  });

  it('cls takes the first unmasked token', () => {
    expect(Array.from(poolHidden(hidden, leftPadded, 2, 3, 2, 'cls'))).toEqual([10, 11, 100, 101]);
  });

  it('mean averages unmasked tokens only', () => {
    expect(Array.from(poolHidden(hidden, leftPadded, 2, 3, 2, 'mean'))).toEqual([15, 16, 110, 111]);
  });

  it('rejects mismatched shapes and empty sequences', () => {
    expect(() => poolHidden(hidden, leftPadded, 2, 3, 3, 'mean')).toThrow(/expected 2×3×3/);
    expect(() => poolHidden(hidden, [0, 0, 0, 1, 1, 1], 2, 3, 2, 'mean')).toThrow(/no tokens/);
  });
});
