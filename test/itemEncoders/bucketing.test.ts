import { describe, expect, it } from 'vitest';
import { paddedTokenCount, planBuckets, planNaiveBatches } from '../../src/itemEncoders/bucketing';

const lengths = [9, 2, 7, 3, 8, 1, 2];

describe('planBuckets', () => {
  it('covers every index once, in batches sorted by length', () => {
    const plan = planBuckets(lengths, 3);
    expect(plan.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(plan.map((b) => b.map((i) => lengths[i]))).toEqual([[1, 2, 2], [3, 7, 8], [9]]);
  });

  it('pads fewer tokens than input-order batches', () => {
    const bucketed = paddedTokenCount(lengths, planBuckets(lengths, 3));
    const naive = paddedTokenCount(lengths, planNaiveBatches(lengths, 3));
    expect(bucketed).toBeLessThan(naive);
    expect(planNaiveBatches(lengths, 3)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('respects the padded-token cap', () => {
    const plan = planBuckets(lengths, 10, 16);
    for (const batch of plan) {
      expect(batch.length * Math.max(...batch.map((i) => lengths[i]))).toBeLessThanOrEqual(16);
    }
  });

  it('rejects a bad batch size', () => {
    expect(() => planBuckets(lengths, 0)).toThrow(/batchSize/);
  });
});
