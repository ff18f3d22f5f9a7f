import type { Rng } from '../random/rng';

/** `count` items drawn uniformly with replacement from 1..numItems (+1 encoding): InfoNCE's shared pool. */
export function sampleNegativePool(rng: Rng, numItems: number, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = 1 + rng.int(numItems);
  return out;
}

/**
 * One uniform negative per position, different from that position's target (+1 encoding;
 * positions without a target still get one). Requires numItems ≥ 2.
 */
export function samplePerPositionNegatives(
  rng: Rng,
  numItems: number,
  targets: Int32Array,
): Int32Array {
  const out = new Int32Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    let item = 1 + rng.int(numItems);
    while (item === targets[i]) item = 1 + rng.int(numItems);
    out[i] = item;
  }
  return out;
}
