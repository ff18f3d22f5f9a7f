import { describe, expect, it } from 'vitest';
import {
  negativeCandidates,
  sampleNegativePool,
  samplePerPositionNegatives,
} from '../../src/models/negativeSampler';
import { createRng } from '../../src/random/rng';

describe('negative sampling', () => {
  const cold = Uint8Array.from([0, 1, 0, 1, 0, 0]); // items 1 and 3 held out

  it('never draws a held-out item, in the shared pool or per position', () => {
    const candidates = negativeCandidates(6, cold);
    expect(Array.from(candidates)).toEqual([0, 2, 4, 5]);
    const pool = sampleNegativePool(createRng(1), candidates, 2000); // +1 encoding
    const perPosition = samplePerPositionNegatives(
      createRng(2),
      candidates,
      Int32Array.from({ length: 2000 }, (_, i) => 1 + (i % 6)),
    );
    for (const drawn of [pool, perPosition]) {
      const seen = new Set(drawn);
      expect([...seen].sort()).toEqual([1, 3, 5, 6]);
    }
  });

  it('draws per position anything but the target, and needs two candidates', () => {
    const targets = Int32Array.from([1, 1, 1, 1]);
    const drawn = samplePerPositionNegatives(createRng(3), negativeCandidates(2), targets);
    expect(Array.from(drawn)).toEqual([2, 2, 2, 2]);
    expect(() => samplePerPositionNegatives(createRng(3), Int32Array.of(0), targets)).toThrow(
      /at least 2 candidate items/,
    );
  });

  it('with no item held out, draws the same items as uniform sampling over the catalogue', () => {
    const rng = createRng(4);
    const expected = Array.from({ length: 50 }, () => 1 + rng.int(9));
    expect(Array.from(sampleNegativePool(createRng(4), negativeCandidates(9), 50))).toEqual(
      expected,
    );
  });
});
