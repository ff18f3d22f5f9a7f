import { grad, init, numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerNorm } from '../../src/models/nn/layerNorm';

const WIDTH = 8;
const REAL = 6;
const x = Float32Array.from({ length: WIDTH }, (_, i) => (i < REAL ? Math.sin(i + 1) : 0));
const upstream = Float32Array.from({ length: WIDTH }, (_, i) => Math.cos(3 * i) + 0.5);
const realMask = () => np.array(Float32Array.from({ length: WIDTH }, (_, i) => (i < REAL ? 1 : 0)));

/** ⟨upstream, layerNorm(x)⟩ over the padded width, weight 1 and bias 0 on every lane. */
function probe(input: np.Array, padded: boolean): np.Array {
  const width = input.shape[0];
  const real = padded ? { mask: realMask(), count: REAL } : undefined;
  const out = layerNorm(input, np.ones([width]), np.zeros([width]), 1e-12, real);
  real?.mask.dispose();
  return out.mul(np.array(upstream.slice(0, width))).sum();
}

describe('layerNorm over zero-padded lanes', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  it('normalises the real columns as the unpadded LayerNorm does and zeroes the padding', async () => {
    const real = { mask: realMask(), count: REAL };
    const padded = await layerNorm(
      np.array(x),
      np.ones([WIDTH]),
      np.zeros([WIDTH]),
      1e-12,
      real,
    ).data();
    real.mask.dispose();
    const plain = await layerNorm(
      np.array(x.slice(0, REAL)),
      np.ones([REAL]),
      np.zeros([REAL]),
      1e-12,
    ).data();
    for (let i = 0; i < REAL; i++) expect(padded[i]).toBeCloseTo(plain[i], 5);
    expect(Array.from(padded.slice(REAL))).toEqual([0, 0]);
  });

  it('gives the padded lanes zero gradient and the real ones the unpadded gradient', async () => {
    const padded = await grad((v: np.Array) => probe(v, true))(np.array(x)).data();
    const plain = await grad((v: np.Array) => probe(v, false))(np.array(x.slice(0, REAL))).data();
    for (let i = 0; i < REAL; i++) expect(padded[i]).toBeCloseTo(plain[i], 4);
    expect(Array.from(padded.slice(REAL), Math.abs)).toEqual([0, 0]);
  });

  it('ignores values in the padded lanes', async () => {
    const dirty = Float32Array.from(x, (v, i) => (i < REAL ? v : 3 + i));
    const clean = await probe(np.array(x), true).data();
    const noisy = await probe(np.array(dirty), true).data();
    expect(noisy[0]).toBeCloseTo(clean[0], 5);
  });
});
