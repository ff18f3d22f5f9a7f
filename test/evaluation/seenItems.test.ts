import { init } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../../src/dataset/types';
import { evaluateWithScorer } from '../../src/evaluation/evaluate';
import { createItemScorer } from '../../src/evaluation/itemScorer';
import { withSeenItems } from '../../src/evaluation/seenItems';

beforeAll(async () => {
  await init('wasm');
});

const ints = (...v: number[]): Int32Array => Int32Array.from(v);
const one = { all: ints(0), cold: ints(), longtail: ints(), short: ints() };

describe('seen items', () => {
  const sequences = [ints(9, 8, 7, 6, 5), ints(1, 2, 3)];
  const split: Split = {
    numUsers: 2,
    numItems: 10,
    train: [ints(9, 8, 7), ints(1)],
    valid: [{ user: 0, history: ints(7), target: 6 }],
    test: [{ user: 0, history: ints(7, 6), target: 5 }],
    coldItems: new Uint8Array(10),
    itemTrainCount: new Int32Array(10),
    testSlices: one,
    validSlices: one,
  };

  it('attaches the whole sequence before each target', () => {
    const s = withSeenItems(split, sequences);
    expect(Array.from(s.test[0].seen!)).toEqual([9, 8, 7, 6]);
    expect(Array.from(s.valid[0].seen!)).toEqual([9, 8, 7]);
    expect(Array.from(s.test[0].history)).toEqual([7, 6]);
  });

  it('refuses sequences the split was not made from', () => {
    expect(() => withSeenItems(split, [ints(9, 8, 7, 5, 6), ints(1, 2, 3)])).toThrow(
      /validation case 0: target 6 is not item 2 from the end of user 0's sequence/,
    );
  });

  it('masks seen items beyond the model history when present', async () => {
    // Items scored by index; target 5. Items 6..9 are above it; 9 and 8 are only in `seen`.
    const cases = withSeenItems(split, sequences).test;
    const rank = async (withSeen: boolean) => {
      const scorer = createItemScorer(
        Float32Array.from({ length: 10 }, (_, i) => i),
        10,
        1,
        'dot',
      );
      const c = withSeen ? cases : cases.map(({ seen: _seen, ...rest }) => rest);
      const result = await evaluateWithScorer(
        scorer,
        async (chunk) => new Float32Array(chunk.length).fill(1),
        c,
        one,
      );
      scorer.dispose();
      return result.ranks[0];
    };
    expect(await rank(false)).toBe(2); // 9 and 8 above; 7 and 6 masked
    expect(await rank(true)).toBe(0);
  });
});
