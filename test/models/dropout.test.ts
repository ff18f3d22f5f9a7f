import { init, numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropout, dropoutKeys } from '../../src/models/nn/dropout';

describe('dropout', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  const masked = async (seed: number, rate: number) => {
    const keys = dropoutKeys(np.array(seed, { dtype: np.uint32 }), rate);
    const first = await dropout(np.ones([200, 100]), keys).data();
    const second = await dropout(np.ones([200, 100]), keys).data();
    keys.dispose();
    return [Array.from(first), Array.from(second)];
  };

  it('zeroes about `rate` of the elements and rescales the rest by 1/(1 − rate)', async () => {
    const [values] = await masked(7, 0.3);
    const zeros = values.filter((v) => v === 0).length / values.length;
    expect(zeros).toBeGreaterThan(0.28);
    expect(zeros).toBeLessThan(0.32);
    const kept = values.filter((v) => v !== 0);
    for (const v of kept) expect(v).toBeCloseTo(1 / 0.7, 5);
  });

  it('gives a new mask on every call, the same masks for the same seed, others for another seed', async () => {
    const [a1, a2] = await masked(7, 0.5);
    const [b1, b2] = await masked(7, 0.5);
    const [c1] = await masked(8, 0.5);
    expect(a2).not.toEqual(a1);
    expect(b1).toEqual(a1);
    expect(b2).toEqual(a2);
    expect(c1).not.toEqual(a1);
  });

  it('is the identity without keys', async () => {
    expect(Array.from(await dropout(np.array([1, 2, 3]), null).data())).toEqual([1, 2, 3]);
  });
});
