import { describe, expect, it } from 'vitest';
import {
  datasetStats,
  giniOfSorted,
  linearHistogram,
  log2Histogram,
  summarizeSortedCounts,
} from '../../src/dataset/stats';
import { makeDataset } from './makeDataset';

describe('datasetStats', () => {
  const dataset = makeDataset([[0, 1, 2], [0, 1], [0], [0, 3, 0, 1]], {
    numItems: 5,
    text: [{ title: 'a' }, { title: '  ' }, {}, { title: 'x' }, {}],
  });
  const stats = datasetStats(dataset);

  it('counts users, items, interactions, density and items with text', () => {
    expect(stats.users).toBe(4);
    expect(stats.items).toBe(5);
    expect(stats.interactions).toBe(10);
    expect(stats.density).toBeCloseTo(10 / 20);
    expect(stats.itemsWithText).toBe(2);
  });

  it('summarises sequence lengths with one bin per length when the range is small', () => {
    expect(stats.sequenceLength.summary).toEqual({ min: 1, median: 2.5, mean: 2.5, max: 4 });
    expect(stats.sequenceLength.histogram).toEqual([
      { lo: 1, hi: 2, count: 1 },
      { lo: 2, hi: 3, count: 1 },
      { lo: 3, hi: 4, count: 1 },
      { lo: 4, hi: 5, count: 1 },
    ]);
  });

  it('describes item popularity: sorted counts, top-20% share, Gini, log bins', () => {
    const pop = stats.itemPopularity;
    expect(Array.from(pop.sortedCounts)).toEqual([5, 3, 1, 1, 0]);
    expect(pop.top20Share).toBeCloseTo(5 / 10);
    // ascending [0,1,1,3,5]: 2·(0+2+3+12+25)/(5·10) − 6/5
    expect(pop.gini).toBeCloseTo(0.48);
    expect(pop.itemsWithoutInteractions).toBe(1);
    expect(pop.summary).toEqual({ min: 0, median: 1, mean: 2, max: 5 });
    expect(pop.histogram).toEqual([
      { lo: 1, hi: 2, count: 2 },
      { lo: 2, hi: 4, count: 1 },
      { lo: 4, hi: 8, count: 1 },
    ]);
  });

  it('gives zeros, not NaN, for an empty dataset', () => {
    const empty = datasetStats(makeDataset([], { numItems: 0 }));
    expect(empty.density).toBe(0);
    expect(empty.sequenceLength.summary).toEqual({ min: 0, median: 0, mean: 0, max: 0 });
    expect(empty.sequenceLength.histogram).toEqual([]);
    expect(empty.itemPopularity.gini).toBe(0);
    expect(empty.itemPopularity.top20Share).toBe(0);
  });
});

describe('distribution helpers', () => {
  it('median of an odd-length list is its middle value', () => {
    expect(summarizeSortedCounts([1, 2, 10]).median).toBe(2);
  });

  it('linear histogram widens bins to stay within the bin budget and counts every value', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const bins = linearHistogram(values, 20);
    expect(bins).toHaveLength(20);
    expect(bins.every((b) => b.hi - b.lo === 5 && b.count === 5)).toBe(true);
    const skewed = [1, 1, 1, 2, 7, 1000];
    const wide = linearHistogram(skewed, 20);
    expect(wide.length).toBeLessThanOrEqual(20);
    expect(wide.reduce((a, b) => a + b.count, 0)).toBe(skewed.length);
    expect(wide[wide.length - 1].count).toBe(1);
  });

  it('log2 histogram puts each value v in [2^floor(log2 v), 2^(floor(log2 v)+1)) and skips zeros', () => {
    const bins = log2Histogram([0, 1, 3, 4, 7, 8, 1024]);
    expect(bins).toHaveLength(11);
    expect(bins.map((b) => b.count)).toEqual([1, 1, 2, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(bins[10]).toEqual({ lo: 1024, hi: 2048, count: 1 });
  });

  it('Gini is 0 for equal counts and (n-1)/n when one item takes everything', () => {
    expect(giniOfSorted([4, 4, 4, 4])).toBeCloseTo(0);
    expect(giniOfSorted([0, 0, 0, 9])).toBeCloseTo(3 / 4);
  });
});
