import { describe, expect, it } from 'vitest';
import {
  groupedAxis,
  keptAxis,
  padTensor,
  plainAxis,
  realMask,
  roundUpToLanes,
  unpadTensor,
} from '../../src/models/lanePadding';

describe('lane padding', () => {
  it('rounds widths up to multiples of 4', () => {
    expect([1, 4, 5, 50].map(roundUpToLanes)).toEqual([4, 4, 8, 52]);
  });

  it('pads each head block separately and round-trips', () => {
    // [2 heads × 3, 2] → [2 heads × 4, 2]
    const host = {
      shape: [6, 2],
      data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    };
    const axes = [groupedAxis(2, 3), keptAxis(2)];
    const device = padTensor(host, axes);
    expect(device.shape).toEqual([8, 2]);
    expect(Array.from(device.data)).toEqual([1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0]);
    expect(unpadTensor(device, axes)).toEqual(host);
  });

  it('marks real columns in the mask', () => {
    expect(Array.from(realMask(plainAxis(5)))).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(Array.from(realMask(groupedAxis(2, 2)))).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
  });
});
