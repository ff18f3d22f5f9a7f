import { numpy as np, random } from '@jax-js/jax';

/** Source of fresh PRNG keys for dropout masks inside one traced step. */
export interface DropoutKeys {
  /** Dropout probability. */
  rate: number;
  /** A new independent key. */
  next(): np.Array;
}

/** Splits `key` on demand into independent dropout keys. */
export function dropoutKeys(key: np.Array, rate: number): DropoutKeys {
  let current = key;
  return {
    rate,
    next() {
      const [carry, sub] = np.unstack(random.split(current, 2)); // 2 × [2]
      current = carry;
      return sub;
    },
  };
}

/** Inverted dropout: zeroes elements with probability `keys.rate` and rescales; identity when `keys` is null. */
export function dropout(x: np.Array, keys: DropoutKeys | null): np.Array {
  if (keys === null || keys.rate === 0) return x;
  const keep = random.bernoulli(keys.next(), 1 - keys.rate, x.shape);
  return np.where(keep, x.div(1 - keys.rate), 0);
}
