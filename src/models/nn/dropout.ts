import { numpy as np } from '@jax-js/jax';

/** Source of per-mask seeds for dropout inside one traced step. */
export interface DropoutKeys {
  /** Dropout probability. */
  rate: number;
  /** A fresh [] uint32 seed for the next mask. */
  next(): np.Array;
  /** Releases the base seed. */
  dispose(): void;
}

const u32 = (value: number) => np.array(value >>> 0, { dtype: np.uint32 });

/** Derives one seed per dropout mask from a [] uint32 base seed (taken over). */
export function dropoutKeys(seed: np.Array, rate: number): DropoutKeys {
  let calls = 0;
  return {
    rate,
    next() {
      calls += 1;
      return seed.ref.add(u32(Math.imul(calls, 0x632be5ab)));
    },
    dispose: () => seed.dispose(),
  };
}

/**
 * Uniform 24-bit integers [shape] from a counter hash (golden-ratio stride XOR seed, then
 * murmur3's fmix32 finaliser): one fused elementwise kernel, much cheaper than threefry on Wasm.
 * Consumes `seed`.
 */
function uniform24(seed: np.Array, shape: number[]): np.Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const shift = (h: np.Array, bits: number) => np.bitwiseXor(h.ref, np.rightShift(h, u32(bits)));
  const counter = np.arange(0, size, 1, { dtype: np.uint32 }).reshape(shape).mul(u32(0x9e3779b1));
  let h = np.bitwiseXor(counter, seed);
  h = shift(h, 16).mul(u32(0x85ebca6b));
  h = shift(h, 13).mul(u32(0xc2b2ae35));
  return np.rightShift(shift(h, 16), u32(8));
}

/** Inverted dropout: zeroes elements with probability `keys.rate` and rescales; identity when `keys` is null. */
export function dropout(x: np.Array, keys: DropoutKeys | null): np.Array {
  if (keys === null || keys.rate === 0) return x;
  const keep = uniform24(keys.next(), x.shape).less(u32(Math.round((1 - keys.rate) * 2 ** 24)));
  return np.where(keep, x.mul(1 / (1 - keys.rate)), 0);
}
