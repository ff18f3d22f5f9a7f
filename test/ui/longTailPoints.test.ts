import { describe, expect, it } from 'vitest';
import { longTailPoints } from '../../src/ui/data/longTailPoints';

describe('longTailPoints', () => {
  it('keeps every item when there are fewer than the maximum', () => {
    expect(longTailPoints(Int32Array.from([5, 3, 1]), 10)).toEqual([
      { rank: 1, interactions: 5 },
      { rank: 2, interactions: 3 },
      { rank: 3, interactions: 1 },
    ]);
  });

  it('samples evenly spaced ranks, first and last item included', () => {
    const counts = Int32Array.from({ length: 1001 }, (_, i) => 1001 - i);
    const points = longTailPoints(counts, 11);
    expect(points).toHaveLength(11);
    expect(points[0]).toEqual({ rank: 1, interactions: 1001 });
    expect(points[10]).toEqual({ rank: 1001, interactions: 1 });
    expect(points.map((p) => p.rank)).toEqual([
      1, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1001,
    ]);
  });

  it('handles one item and no items', () => {
    expect(longTailPoints(Int32Array.from([7]), 200)).toEqual([{ rank: 1, interactions: 7 }]);
    expect(longTailPoints(new Int32Array(0), 200)).toEqual([]);
  });
});
