import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, metricsFromRanks, sliceMetrics } from '../../src/evaluation/metrics';
import { HistoryMask, rankOfTarget, topItems } from '../../src/evaluation/ranking';

describe('metricsFromRanks', () => {
  it('computes recall and NDCG (×100) at every cut-off', () => {
    const m = metricsFromRanks(Int32Array.from([0, 7, 60]))!;
    expect(METRIC_NAMES).toEqual(['R@5', 'R@10', 'R@50', 'R@200', 'N@5', 'N@10', 'N@50', 'N@200']);
    expect(m['R@5']).toBeCloseTo(100 / 3, 10);
    expect(m['R@10']).toBeCloseTo(200 / 3, 10);
    expect(m['R@50']).toBeCloseTo(200 / 3, 10);
    expect(m['R@200']).toBeCloseTo(100, 10);
    expect(m['N@5']).toBeCloseTo(100 / 3, 10);
    expect(m['N@10']).toBeCloseTo(((1 + 1 / Math.log2(9)) / 3) * 100, 10);
    expect(m['N@200']).toBeCloseTo(((1 + 1 / Math.log2(9) + 1 / Math.log2(62)) / 3) * 100, 10);
  });

  it('averages over the selected cases only and gives null for an empty slice', () => {
    const ranks = Int32Array.from([0, 100, 3]);
    const s = sliceMetrics(ranks, {
      all: Int32Array.from([0, 1, 2]),
      cold: Int32Array.from([1]),
      longtail: Int32Array.from([0, 2]),
      short: new Int32Array(0),
    });
    expect(s.cold!['R@200']).toBe(100);
    expect(s.cold!['R@50']).toBe(0);
    expect(s.longtail!['N@5']).toBeCloseTo(((1 + 1 / Math.log2(5)) / 2) * 100, 10);
    expect(s.short).toBeNull();
  });
});

describe('rankOfTarget and topItems', () => {
  it('never masks the target and ranks a NaN target last', () => {
    const mask = new HistoryMask(4);
    const scores = Float32Array.from([0.1, 0.9, 0.5, NaN]);
    mask.set(Int32Array.from([1, 2]), 2);
    expect(rankOfTarget(scores, 2, mask)).toBe(0);
    mask.set(Int32Array.from([1]), 3);
    expect(rankOfTarget(scores, 3, mask)).toBe(2);
    expect(Array.from(topItems(scores, 3, mask))).toEqual([2, 0]);
  });
});

describe('rankOfTarget and topItems against their definitions', () => {
  it('match a brute-force count and sort over random rows with ties, NaNs and repeated history items', () => {
    const numItems = 40;
    const mask = new HistoryMask(numItems);
    let state = 12345;
    const next = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    for (let trial = 0; trial < 300; trial++) {
      // Few distinct values, so ties are common; some NaNs.
      const scores = Float32Array.from({ length: numItems }, () =>
        next(10) === 0 ? NaN : next(6) / 2,
      );
      const target = next(numItems);
      // Repeats, and sometimes the target itself, in the history.
      const history = Int32Array.from({ length: next(30) }, () => next(numItems));
      mask.set(history, target);
      const masked = new Set([...history].filter((item) => item !== target));
      const t = scores[target];
      const expectedRank = Number.isNaN(t)
        ? numItems - 1 - masked.size
        : scores.filter((s, j) => j !== target && !masked.has(j) && s >= t).length;
      expect(rankOfTarget(scores, target, mask)).toBe(expectedRank);
      const k = 1 + next(8);
      const expectedTop = [...scores.keys()]
        .filter((j) => !masked.has(j) && !Number.isNaN(scores[j]))
        .sort((a, b) => scores[b] - scores[a] || a - b)
        .slice(0, k);
      expect(Array.from(topItems(scores, k, mask))).toEqual(expectedTop);
    }
  });
});
