import { init, numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  infonceLoss,
  infoncePerPositionLoss,
  MAX_ITEM_SIMILARITY_ENTRIES,
} from '../../src/training/loss';
import { createRng } from '../../src/random/rng';

beforeAll(async () => {
  await init('wasm');
});

const B = 2;
const S = 3;
const D = 4;
const ITEMS = 7; // table rows 0..7, row 0 padding
const N = 5;

function randomValues(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}

const unit = (v: number[]) => {
  const norm = Math.max(Math.sqrt(v.reduce((a, x) => a + x * x, 0)), 1e-12);
  return v.map((x) => x / norm);
};
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

/** The per-position InfoNCE written out with loops over gathered rows. */
function naiveLoss(
  user: Float32Array,
  table: Float32Array,
  targets: Int32Array,
  negatives: Int32Array,
  scale: number,
): number {
  const row = (data: Float32Array, i: number) => Array.from(data.subarray(i * D, (i + 1) * D));
  let sum = 0;
  let count = 0;
  for (let p = 0; p < B * S; p++) {
    if (targets[p] === 0) continue;
    const u = unit(row(user, p));
    const pos = unit(row(table, targets[p]));
    const logits = [dot(u, pos) * scale];
    for (let j = 0; j < N; j++) {
      const item = negatives[p * N + j];
      const neg = unit(row(table, item));
      if (item !== 0 && dot(pos, neg) <= 0.99) logits.push(dot(u, neg) * scale);
    }
    const max = Math.max(...logits);
    const lse = Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0)) + max;
    sum += lse - logits[0];
    count++;
  }
  return sum / count;
}

describe('InfoNCE with per-position negatives', () => {
  const user = randomValues(B * S * D, 1);
  const table = randomValues((ITEMS + 1) * D, 2);
  const targets = Int32Array.from([0, 3, 5, 1, 7, 2]);
  // Position 1 draws its own target (masked as too similar), position 4 an unused slot.
  const negatives = Int32Array.from(
    { length: B * S * N },
    (_, i) => 1 + ((i * 3 + (i >> 2)) % ITEMS),
  );
  negatives[1 * N] = 3;
  negatives[4 * N + 2] = 0;
  const scale = 1 / 0.07;

  it('equals the loss written out over gathered rows, target and unused slots masked', async () => {
    const loss = infoncePerPositionLoss(
      np.array(user).reshape([B, S, D]),
      np.array(table).reshape([ITEMS + 1, D]),
      np.array(targets, { dtype: np.int32 }).reshape([B, S]),
      np.array(negatives, { dtype: np.int32 }).reshape([B, S, N]),
      np.array(Math.log(scale)),
    );
    const value = (await loss.data())[0];
    expect(value).toBeCloseTo(naiveLoss(user, table, targets, negatives, scale), 4);
  });

  it('masks by the same cosines read from the item-item table or from each target row', async () => {
    // A table whose rows 2 and 5 point the same way: a negative 5 for target 2 is masked.
    const twin = Float32Array.from(table);
    for (let k = 0; k < D; k++) twin[5 * D + k] = 2 * twin[2 * D + k];
    const run = (maxEntries: number) =>
      infoncePerPositionLoss(
        np.array(user).reshape([B, S, D]),
        np.array(twin).reshape([ITEMS + 1, D]),
        np.array(targets, { dtype: np.int32 }).reshape([B, S]),
        np.array(negatives, { dtype: np.int32 }).reshape([B, S, N]),
        np.array(Math.log(scale)),
        maxEntries,
      ).data();
    const viaTable = (await run(MAX_ITEM_SIMILARITY_ENTRIES))[0];
    const viaRows = (await run(0))[0];
    expect(viaTable).toBeCloseTo(viaRows, 5);
    expect(viaTable).toBeCloseTo(naiveLoss(user, twin, targets, negatives, scale), 4);
  });

  it('equals the shared-pool loss when every position draws the same negatives', async () => {
    const pool = Int32Array.from([4, 6, 1, 0, 2]);
    const tiled = Int32Array.from({ length: B * S * N }, (_, i) => pool[i % N]);
    const args = () =>
      [
        np.array(user).reshape([B, S, D]),
        np.array(table).reshape([ITEMS + 1, D]),
        np.array(targets, { dtype: np.int32 }).reshape([B, S]),
      ] as const;
    const perPosition = infoncePerPositionLoss(
      ...args(),
      np.array(tiled, { dtype: np.int32 }).reshape([B, S, N]),
      np.array(Math.log(scale)),
    );
    const shared = infonceLoss(
      ...args(),
      np.array(pool, { dtype: np.int32 }),
      np.array(Math.log(scale)),
    );
    expect((await perPosition.data())[0]).toBeCloseTo((await shared.data())[0], 5);
  });
});
