import type { Rng } from '../random/rng';

/**
 * The items negatives are drawn from (0-based): every item but the `excluded` ones (a split's
 * held-out cold items, which must not enter training, not even as negatives).
 */
export function negativeCandidates(numItems: number, excluded?: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < numItems; i++) if (excluded === undefined || !excluded[i]) out.push(i);
  return Int32Array.from(out);
}

/** `count` items drawn uniformly with replacement from `candidates` (+1 encoding): InfoNCE's shared pool. */
export function sampleNegativePool(rng: Rng, candidates: Int32Array, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = 1 + candidates[rng.int(candidates.length)];
  return out;
}

/**
 * One uniform negative per position from `candidates`, different from that position's target
 * (+1 encoding; positions without a target still get one). Requires at least 2 candidates.
 */
export function samplePerPositionNegatives(
  rng: Rng,
  candidates: Int32Array,
  targets: Int32Array,
): Int32Array {
  if (candidates.length < 2) {
    throw new RangeError(`negatives need at least 2 candidate items, got ${candidates.length}`);
  }
  const out = new Int32Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    let item = 1 + candidates[rng.int(candidates.length)];
    while (item === targets[i]) item = 1 + candidates[rng.int(candidates.length)];
    out[i] = item;
  }
  return out;
}
