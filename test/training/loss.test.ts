import { init, numpy as np, valueAndGrad } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { bceLoss } from '../../src/training/bceLoss';
import { infonceLoss, l2Normalize } from '../../src/training/loss';
import { expectClose, loadGolden, type GoldenTensor } from '../models/golden';

interface LossGolden {
  user: GoldenTensor;
  table: GoldenTensor;
  targets: number[][];
  negatives: number[] | number[][];
  logitScale?: number;
  loss: number;
  grads: Record<string, GoldenTensor>;
}

const tensor = (t: GoldenTensor) => np.array(Float32Array.from(t.data)).reshape(t.shape);
const ints = (rows: number[] | number[][]) => {
  const flat = (rows as number[][]).flat();
  const arr = np.array(Int32Array.from(flat), { dtype: np.int32 });
  return Array.isArray(rows[0]) ? arr.reshape([rows.length, (rows[0] as number[]).length]) : arr;
};

describe('InfoNCE (HLLM)', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  const golden = loadGolden<LossGolden>('infonce.json');
  const lossOf = (user: np.Array, table: np.Array, scale: np.Array) =>
    infonceLoss(user, table, ints(golden.targets), ints(golden.negatives), scale);

  it('matches the PyTorch loss and gradients w.r.t. users, item table and logit scale', async () => {
    const [loss, [gUser, gTable, gScale]] = valueAndGrad(lossOf, { argnums: [0, 1, 2] })(
      tensor(golden.user),
      tensor(golden.table),
      np.array(golden.logitScale!),
    );
    expectClose('loss', await loss.data(), [golden.loss]);
    expectClose('grad user', await gUser.data(), golden.grads.user.data);
    expectClose('grad table', await gTable.data(), golden.grads.table.data);
    expectClose('grad logit_scale', await gScale.data(), golden.grads.logit_scale.data);
  });

  it('masks negatives that are (near-)copies of the target, leaving a zero loss', async () => {
    // Item 3 is a near-duplicate of item 7 (cosine > 0.99); with target 7 and negatives {7, 3}
    // every negative is masked, so the only logit left is the positive one.
    const user = tensor(golden.user).slice([0, 1], [5, 6]); // [1, 1, d]
    const targets = np.array([[7]], { dtype: np.int32 });
    const loss = infonceLoss(user.ref, tensor(golden.table), targets, ints([7, 3]), np.array(2.5));
    expect(Math.abs((await loss.data())[0])).toBeLessThan(1e-6);
    const unmasked = infonceLoss(
      user,
      tensor(golden.table),
      np.array([[2]], { dtype: np.int32 }),
      ints([7, 3]),
      np.array(2.5),
    );
    expect((await unmasked.data())[0]).toBeGreaterThan(1e-3);
  });

  it('l2Normalize gives unit rows and leaves zero rows at zero', async () => {
    const x = np.array([
      [3, 4],
      [0, 0],
    ]);
    expectClose('normalised', await l2Normalize(x).data(), [0.6, 0.8, 0, 0], 1e-6);
  });
  it('keeps gradients finite through all-zero (padding) rows', async () => {
    const x = np.array(Float32Array.from([3, 4, 0, 0])).reshape([2, 2]);
    // The padding row's output is masked out downstream, as the losses do.
    const mask = np.array(Float32Array.from([1, 1, 0, 0])).reshape([2, 2]);
    const [, g] = valueAndGrad((v: np.Array) => l2Normalize(v).mul(mask).sum())(x);
    const grads = Array.from(await g.data());
    expect(grads.every(Number.isFinite)).toBe(true);
    expect(grads.slice(2)).toEqual([0, 0]);
  });
});

describe('BCE (SASRec)', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  it('matches the PyTorch loss and gradients w.r.t. users and item table', async () => {
    const golden = loadGolden<LossGolden>('bce.json');
    const lossOf = (user: np.Array, table: np.Array) =>
      bceLoss(user, table, ints(golden.targets), ints(golden.negatives));
    const [loss, [gUser, gTable]] = valueAndGrad(lossOf, { argnums: [0, 1] })(
      tensor(golden.user),
      tensor(golden.table),
    );
    expectClose('loss', await loss.data(), [golden.loss]);
    expectClose('grad user', await gUser.data(), golden.grads.user.data);
    expectClose('grad table', await gTable.data(), golden.grads.table.data);
  });
});
