import { describe, expect, it } from 'vitest';
import { withEvalSample } from '../../src/dataset/evalSample';
import { leaveOneOutSplit } from '../../src/dataset/split';
import { defaultDataConfig } from '../../src/config/defaults';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

const dataset = generateSyntheticDataset({ seed: 4, numItems: 80, numUsers: 200 });
const config = { ...defaultDataConfig(), kCore: 0, coldFraction: 0.1 };
const { split } = leaveOneOutSplit(dataset, config, 42);

describe('evaluation on a seeded sample of users', () => {
  it('keeps the same users for validation and test, and slices as subsets of them', () => {
    const sample = withEvalSample(split, 50, 42);
    const users = new Set(sample.test.map((c) => c.user));
    expect(users.size).toBe(50);
    expect(sample.valid.every((c) => users.has(c.user))).toBe(true);
    expect(sample.train).toBe(split.train);
    for (const name of ['all', 'cold', 'longtail', 'short'] as const) {
      const kept = Array.from(sample.testSlices[name], (i) => sample.test[i]);
      const original = Array.from(split.testSlices[name], (i) => split.test[i]);
      expect(kept).toEqual(original.filter((c) => users.has(c.user)));
    }
    expect(sample.testSlices.all).toHaveLength(50);
  });

  it('draws the same sample for a seed and another for another seed', () => {
    const users = (seed: number) => withEvalSample(split, 30, seed).test.map((c) => c.user);
    expect(users(1)).toEqual(users(1));
    expect(users(1)).not.toEqual(users(2));
  });

  it('evaluates everyone when the sample is 0 or covers every user', () => {
    expect(withEvalSample(split, 0, 42)).toBe(split);
    expect(withEvalSample(split, 10_000, 42)).toBe(split);
  });
});
