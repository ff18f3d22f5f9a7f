import { init } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvalCase, SplitSlices } from '../../src/dataset/types';
import { evaluateRecommender, evaluateWithScorer } from '../../src/evaluation/evaluate';
import { createItemScorer } from '../../src/evaluation/itemScorer';
import { evaluatePopularity } from '../../src/evaluation/popularity';
import { createRng } from '../../src/random/rng';
import { handRecommender } from './fakeRecommender';

beforeAll(async () => {
  await init('wasm');
});

const ev = (user: number, history: number[], target: number): EvalCase => ({
  user,
  history: Int32Array.from(history),
  target,
});
const ints = (...v: number[]): Int32Array => Int32Array.from(v);
const allSlices = (n: number): SplitSlices => ({
  all: Int32Array.from({ length: n }, (_, i) => i),
  cold: ints(),
  longtail: ints(),
  short: ints(),
});

// Items: i0=(1,0) i1=(0,1) i2=(1,1) i3=(2,0) i4=(-1,0); a user is the vector of its last item.
const items = [
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 0],
  [-1, 0],
];
const lastToUser = (last: number): number[] => items[last].map((v) => v / 2);

describe('evaluateRecommender with hand-set vectors', () => {
  // Case A: user (.5,0), history [3, 0]: scores i0=.5(m) i1=0 i2=.5 i3=1(m) i4=-.5, target i2
  //   → rank 0.
  // Case B: user (0,.5), history [1]: scores i0=0 i1=.5(m) i2=.5 i3=0 i4=0, target i3 ties with
  //   i0 and i4 → pessimistic rank 3 (i2 above, i0 and i4 tied).
  // Case C: user (-.5,0), history [4]: scores i0=-.5 i1=0 i2=-.5 i3=-1 i4=.5(m), target i0
  //   → i1 above, i2 tied → rank 2.
  const cases = [ev(0, [3, 0], 2), ev(1, [1], 3), ev(2, [4], 0)];

  it('ranks targets with the history masked and ties counted pessimistically', async () => {
    const model = handRecommender(items, lastToUser);
    const result = await evaluateRecommender(model, cases, allSlices(3), {
      maxHistory: 3,
      similarity: 'dot',
      topK: 3,
    });
    expect(Array.from(result.ranks)).toEqual([0, 3, 2]);
    const n5 = ((1 + 1 / Math.log2(5) + 1 / Math.log2(4)) / 3) * 100;
    expect(result.metrics.all?.['R@5']).toBeCloseTo(100, 10);
    expect(result.metrics.all?.['N@5']).toBeCloseTo(n5, 4);
    expect(result.metrics.cold).toBeNull();
    // Case A top list: i2 (.5), i1 (0), i4 (-.5); masked i0 and i3 never appear.
    expect(Array.from(result.topK[0])).toEqual([2, 1, 4]);
    // Case B: i2 (.5) then i0, i3 (0) by index.
    expect(Array.from(result.topK[1])).toEqual([2, 0, 3]);
  });

  it('feeds left-padded, +1-encoded histories cut to maxHistory', async () => {
    const model = handRecommender(items, lastToUser);
    await evaluateRecommender(model, [ev(0, [4, 3, 0], 2), ev(1, [1], 3)], allSlices(2), {
      maxHistory: 2,
      similarity: 'dot',
    });
    expect(Array.from(model.seenHistories[0])).toEqual([4, 1, 0, 2]);
  });

  it('scores by cosine when asked', async () => {
    // User (1, 0.1); i0=(1,0): dot 1, cosine .995; i1=(10,10): dot 11, cosine .78.
    const model = handRecommender(
      [
        [1, 0],
        [10, 10],
        [0, 1],
      ],
      () => [1, 0.1],
    );
    const cases1 = [ev(0, [2], 0)];
    const dot = await evaluateRecommender(model, cases1, allSlices(1), {
      maxHistory: 2,
      similarity: 'dot',
    });
    const cosine = await evaluateRecommender(model, cases1, allSlices(1), {
      maxHistory: 2,
      similarity: 'cosine',
    });
    expect(dot.ranks[0]).toBe(1);
    expect(cosine.ranks[0]).toBe(0);
  });

  it('rejects a target outside the catalogue', async () => {
    const model = handRecommender(items, lastToUser);
    await expect(
      evaluateRecommender(model, [ev(0, [1], 9)], allSlices(1), {
        maxHistory: 2,
        similarity: 'dot',
      }),
    ).rejects.toThrow(/case 0: target 9/);
  });
});

describe('evaluateWithScorer', () => {
  // 20 items scored by their own index (1-d dot product with a user of 1).
  const indexScorer = () =>
    createItemScorer(
      Float32Array.from({ length: 20 }, (_, i) => i),
      20,
      1,
      'dot',
    );
  const ones = async (chunk: EvalCase[]) => new Float32Array(chunk.length).fill(1);

  it('gives hand-computed ranks, recall and NDCG per slice', async () => {
    // Case 0: target 12, history [15, 3, 19] → items 13..19 above, 15 and 19 masked → rank 5.
    // Case 1: target 19 → rank 0. Case 2: target 0, history [] → rank 19.
    const cases = [ev(0, [15, 3, 19], 12), ev(1, [2], 19), ev(2, [], 0)];
    const slices: SplitSlices = {
      all: ints(0, 1, 2),
      cold: ints(0),
      longtail: ints(1, 2),
      short: ints(),
    };
    const scorer = indexScorer();
    const result = await evaluateWithScorer(scorer, ones, cases, slices);
    scorer.dispose();
    expect(Array.from(result.ranks)).toEqual([5, 0, 19]);
    const all = result.metrics.all!;
    expect(all['R@5']).toBeCloseTo(100 / 3, 10);
    expect(all['R@10']).toBeCloseTo(200 / 3, 10);
    expect(all['R@50']).toBeCloseTo(100, 10);
    expect(all['N@10']).toBeCloseTo(((1 + 1 / Math.log2(7)) / 3) * 100, 4);
    expect(all['N@50']).toBeCloseTo(((1 + 1 / Math.log2(7) + 1 / Math.log2(21)) / 3) * 100, 4);
    expect(result.metrics.cold!['R@5']).toBe(0);
    expect(result.metrics.cold!['N@10']).toBeCloseTo(100 / Math.log2(7), 4);
    expect(result.metrics.longtail!['R@10']).toBeCloseTo(50, 10);
    expect(result.metrics.short).toBeNull();
  });

  it('does not depend on the chunk size', async () => {
    const rng = createRng(5);
    const numItems = 40;
    const dim = 4;
    const vecs = Float32Array.from({ length: numItems * dim }, () => rng.normal());
    const cases = Array.from({ length: 23 }, (_, u) =>
      ev(
        u,
        Array.from({ length: 1 + (u % 5) }, () => rng.int(numItems)),
        rng.int(numItems),
      ),
    );
    const userVecs = async (chunk: EvalCase[]) => {
      const out = new Float32Array(chunk.length * dim);
      chunk.forEach((c, r) => out.set(vecs.subarray(c.user * dim, c.user * dim + dim), r * dim));
      return out;
    };
    const runs = [];
    for (const chunkSize of [1, 7, 256]) {
      const scorer = createItemScorer(vecs, numItems, dim, 'cosine');
      runs.push(
        await evaluateWithScorer(scorer, userVecs, cases, allSlices(23), { chunkSize, topK: 5 }),
      );
      scorer.dispose();
    }
    for (const run of runs.slice(1)) {
      expect(Array.from(run.ranks)).toEqual(Array.from(runs[0].ranks));
      expect(run.topK.map((t) => Array.from(t))).toEqual(runs[0].topK.map((t) => Array.from(t)));
      expect(run.metrics).toEqual(runs[0].metrics);
    }
    expect(new Set(runs[0].ranks).size).toBeGreaterThan(3);
  });

  it('splits the cases into the fewest chunks of about one size, at most chunkSize each', async () => {
    const cases = Array.from({ length: 943 }, (_, u) => ev(u, [0], 1));
    const sizes: number[] = [];
    const scorer = createItemScorer(Float32Array.from([1, 0, 0, 1]), 2, 2, 'dot');
    await evaluateWithScorer(
      scorer,
      async (chunk) => {
        sizes.push(chunk.length);
        return new Float32Array(chunk.length * 2).fill(1);
      },
      cases,
      allSlices(943),
    );
    scorer.dispose();
    expect(sizes).toEqual([236, 236, 236, 235]); // not 256, 256, 256, 175: one encoder shape
  });
});

describe('evaluatePopularity', () => {
  it('ranks by training count through the same protocol', async () => {
    const counts = ints(5, 0, 3, 3, 1);
    // Target 2 (count 3), history [0]: i0 masked, i3 ties → rank 1.
    // Target 1 (count 0, never trained), no history: all four others score ≥ 0 → rank 4.
    // Target 0, history [2, 3]: nothing above → rank 0.
    const cases = [ev(0, [0], 2), ev(1, [], 1), ev(2, [2, 3], 0)];
    const result = await evaluatePopularity(counts, cases, allSlices(3), { topK: 2 });
    expect(Array.from(result.ranks)).toEqual([1, 4, 0]);
    expect(Array.from(result.topK[0])).toEqual([2, 3]);
    expect(Array.from(result.topK[2])).toEqual([0, 4]);
  });
});

describe('diverged models', () => {
  it('fail with a clear error instead of ranking NaN scores', async () => {
    const nanUser = handRecommender(items, (last) => (last === 1 ? [NaN, 0] : [1, 0]));
    await expect(
      evaluateRecommender(nanUser, [ev(0, [0], 2), ev(1, [1], 3)], allSlices(2), {
        maxHistory: 2,
        similarity: 'dot',
      }),
    ).rejects.toThrow(/user vector of case 1 is not finite \(NaN\)/);
    const nanItem = handRecommender([...items.slice(0, 4), [Infinity, 0]], lastToUser);
    await expect(
      evaluateRecommender(nanItem, [ev(0, [0], 2)], allSlices(1), {
        maxHistory: 2,
        similarity: 'cosine',
      }),
    ).rejects.toThrow(/vector of item 4 is not finite \(Infinity\)/);
  });
});
