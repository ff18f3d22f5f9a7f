import { describe, expect, it } from 'vitest';
import { defaultDataConfig } from '../../src/config/defaults';
import type { DataConfig } from '../../src/config/runConfig';
import { leaveOneOutSplit } from '../../src/dataset/split';
import type { Dataset, EvalCase, SplitSlices } from '../../src/dataset/types';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';
import { makeDataset } from './makeDataset';

const NO_COLD: DataConfig = { ...defaultDataConfig(), coldFraction: 0, maxHistory: 50 };

const arr = (a: Int32Array): number[] => Array.from(a);

describe('leaveOneOutSplit: targets, histories, short users', () => {
  const dataset = makeDataset([[0, 1, 2, 3, 4], [5, 6, 7], [8, 9], [0]]);

  it('uses the last item as test target, the second-to-last as validation target', () => {
    const { split } = leaveOneOutSplit(dataset, NO_COLD, 1);
    expect(split.test.map((c) => [c.user, arr(c.history), c.target])).toEqual([
      [0, [0, 1, 2, 3], 4],
      [1, [5, 6], 7],
    ]);
    expect(split.valid.map((c) => [c.user, arr(c.history), c.target])).toEqual([
      [0, [0, 1, 2], 3],
      [1, [5], 6],
    ]);
  });

  it('trains on the items before the validation target; one-item sequences give no pair', () => {
    const { split, report } = leaveOneOutSplit(dataset, NO_COLD, 1);
    expect(split.train.map(arr)).toEqual([[0, 1, 2]]);
    expect(report.usersWithOneTrainItem).toBe(1);
    expect(arr(split.itemTrainCount)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("drops users with fewer than 3 items under 'drop' and reports them", () => {
    const { split, report } = leaveOneOutSplit(dataset, { ...NO_COLD, shortUsers: 'drop' }, 1);
    expect(report.shortUsers).toEqual({ policy: 'drop', count: 2, interactions: 3 });
    expect(split.train.some((s) => s.includes(8))).toBe(false);
    expect(report.evalUsers).toBe(2);
  });

  it("trains on all items of short users under 'train-only', without eval cases", () => {
    const { split, report } = leaveOneOutSplit(
      dataset,
      { ...NO_COLD, shortUsers: 'train-only' },
      1,
    );
    expect(split.train.map(arr)).toEqual([
      [0, 1, 2],
      [8, 9],
    ]);
    expect(report.shortUsers.count).toBe(2);
    expect(report.usersWithOneTrainItem).toBe(2);
    expect(split.test.map((c) => c.user)).toEqual([0, 1]);
  });

  it('cuts histories to the maxHistory most recent items', () => {
    const { split } = leaveOneOutSplit(dataset, { ...NO_COLD, maxHistory: 2 }, 1);
    expect(arr(split.test[0].history)).toEqual([2, 3]);
    expect(arr(split.valid[0].history)).toEqual([1, 2]);
    expect(arr(split.test[1].history)).toEqual([5, 6]);
  });

  it('rejects coldFraction outside [0, 0.5] and maxHistory below 1', () => {
    expect(() => leaveOneOutSplit(dataset, { ...NO_COLD, coldFraction: 0.6 }, 1)).toThrow(
      /data.coldFraction must be in \[0, 0.5\], got 0.6/,
    );
    expect(() => leaveOneOutSplit(dataset, { ...NO_COLD, maxHistory: 0 }, 1)).toThrow(
      /data.maxHistory/,
    );
  });
});

describe('leaveOneOutSplit: cold items', () => {
  it('keeps users whose training items are all cold, with their eval cases', () => {
    // Exactly one of the two items is cold; one user trains only on it.
    const dataset = makeDataset([
      [0, 0, 1, 1],
      [1, 1, 0, 0],
    ]);
    const { split, report } = leaveOneOutSplit(dataset, { ...NO_COLD, coldFraction: 0.5 }, 3);
    const cold = split.coldItems.indexOf(1);
    expect(report.coldItems).toBe(1);
    expect(report.usersWithNoTrainItems).toBe(1);
    expect(report.coldInteractionsRemoved).toBe(2);
    expect(split.train.map(arr)).toEqual([[1 - cold, 1 - cold]]);
    expect(split.test).toHaveLength(2);
    expect(split.valid).toHaveLength(2);
    expect(arr(split.testSlices.cold)).toEqual([split.test.findIndex((c) => c.target === cold)]);
  });

  const dataset: Dataset = generateSyntheticDataset({ seed: 5, numItems: 300, numUsers: 400 });
  const config: DataConfig = {
    ...defaultDataConfig(),
    coldFraction: 0.2,
    maxHistory: 8,
    longTailMaxCount: 10,
    shortHistoryMaxLen: 6,
  };
  const { split, report } = leaveOneOutSplit(dataset, config, 11);

  it('holds out round(coldFraction × items) items that never appear in training', () => {
    expect(report.coldItems).toBe(60);
    expect(split.coldItems.reduce((a, b) => a + b, 0)).toBe(60);
    for (const seq of split.train) for (const i of seq) expect(split.coldItems[i]).toBe(0);
    const counts = new Int32Array(split.numItems);
    for (const seq of split.train) for (const i of seq) counts[i]++;
    expect(arr(split.itemTrainCount)).toEqual(arr(counts));
    expect(report.trainInteractions).toBe(counts.reduce((a, b) => a + b, 0));
  });

  it("keeps cold items in histories, which are the user's real preceding items", () => {
    let coldInHistory = 0;
    for (const c of split.test) {
      const seq = dataset.sequences[c.user];
      expect(c.target).toBe(seq[seq.length - 1]);
      expect(arr(c.history)).toEqual(arr(seq.slice(Math.max(0, seq.length - 9), seq.length - 1)));
      for (const i of c.history) coldInHistory += split.coldItems[i];
    }
    expect(coldInHistory).toBeGreaterThan(0);
  });

  function expectSlices(cases: EvalCase[], slices: SplitSlices, fromEnd: number): void {
    const want = {
      all: [] as number[],
      cold: [] as number[],
      longtail: [] as number[],
      short: [] as number[],
    };
    cases.forEach((c, k) => {
      want.all.push(k);
      const cold = split.coldItems[c.target] === 1;
      if (cold) want.cold.push(k);
      if (!cold && split.itemTrainCount[c.target] <= config.longTailMaxCount) want.longtail.push(k);
      if (dataset.sequences[c.user].length - fromEnd <= config.shortHistoryMaxLen)
        want.short.push(k);
    });
    expect(arr(slices.all)).toEqual(want.all);
    expect(arr(slices.cold)).toEqual(want.cold);
    expect(arr(slices.longtail)).toEqual(want.longtail);
    expect(arr(slices.short)).toEqual(want.short);
    expect(want.cold.length).toBeGreaterThan(0);
    expect(want.longtail.length).toBeGreaterThan(0);
    expect(want.short.length).toBeGreaterThan(0);
  }

  it('builds the cold, long-tail and short slices of test and validation', () => {
    expectSlices(split.test, split.testSlices, 1);
    expectSlices(split.valid, split.validSlices, 2);
    expect(report.test.cold).toBe(split.testSlices.cold.length);
    expect(report.valid.short).toBe(split.validSlices.short.length);
  });

  it('is deterministic given the seed and changes with another seed', () => {
    const again = leaveOneOutSplit(dataset, config, 11).split;
    expect(arr(again.coldItems as unknown as Int32Array)).toEqual(
      arr(split.coldItems as unknown as Int32Array),
    );
    expect(again.train.map(arr)).toEqual(split.train.map(arr));
    const other = leaveOneOutSplit(dataset, config, 12).split;
    expect(Array.from(other.coldItems)).not.toEqual(Array.from(split.coldItems));
  });
});
