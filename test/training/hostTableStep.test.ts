import { init, numpy as np, tree } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LossKind } from '../../src/config/runConfig';
import { hstuModel } from '../../src/models/hstu';
import { padParams } from '../../src/models/lanePadding';
import { initHostParams, toDevice, toHost, type Params } from '../../src/models/params';
import { sasrecModel } from '../../src/models/sasrec';
import type { SequenceModel } from '../../src/models/sequenceModel';
import { createRng } from '../../src/random/rng';
import { createHostTableStep } from '../../src/training/hostTableStep';
import { LOGIT_SCALE_INIT } from '../../src/training/loss';
import {
  ADAMW_DEFAULTS,
  initAdamw,
  LOGIT_SCALE_PARAM,
  stepScalars,
  type AdamwOptions,
} from '../../src/training/optimizer';
import { createTrainStep, type StepInputs } from '../../src/training/trainStep';

const NUM_ITEMS = 30;
const BATCH = 6;
const SEQ = 8;
const POOL = 8;

beforeAll(async () => {
  await init('wasm');
});

/** Seeded left-padded items, next-item targets and negatives (host copies). */
function batch(loss: LossKind, seed: number) {
  const rng = createRng(seed);
  const items = new Int32Array(BATCH * SEQ);
  const targets = new Int32Array(BATCH * SEQ);
  for (let b = 0; b < BATCH; b++) {
    const start = rng.int(SEQ - 1);
    for (let s = start; s < SEQ; s++) {
      items[b * SEQ + s] = 1 + rng.int(NUM_ITEMS);
      targets[b * SEQ + s] = 1 + rng.int(NUM_ITEMS);
    }
  }
  const negatives =
    loss === 'infonce'
      ? Int32Array.from({ length: POOL }, (_, i) => (i < POOL - 2 ? 1 + rng.int(NUM_ITEMS) : 0))
      : Int32Array.from(targets, () => 1 + rng.int(NUM_ITEMS));
  return { items, targets, negatives };
}

function deviceInputs(host: ReturnType<typeof batch>, loss: LossKind, seed: number): StepInputs {
  const matrix = (a: Int32Array) => np.array(a, { dtype: np.int32 }).reshape([BATCH, SEQ]);
  return {
    items: matrix(host.items),
    targets: matrix(host.targets),
    negatives:
      loss === 'infonce' ? np.array(host.negatives, { dtype: np.int32 }) : matrix(host.negatives),
    dropoutSeed: np.array(seed, { dtype: np.uint32 }),
  };
}

function startParams(model: SequenceModel, loss: LossKind): Params {
  const specs = { ...model.specs };
  if (loss === 'infonce')
    specs[LOGIT_SCALE_PARAM] = { kind: 'fill', value: LOGIT_SCALE_INIT, shape: [] };
  return toDevice(padParams(initHostParams(specs, 11), model.layouts));
}

function expectAllClose(name: string, got: Float32Array, want: Float32Array): void {
  expect(got.length, name).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst, name).toBeLessThan(1e-6);
}

/**
 * Runs three steps with the single jitted step and with the host-table step from the same
 * parameters and batches; the losses, parameters and moments must agree.
 */
async function compareSteps(model: SequenceModel, loss: LossKind, dropout: number) {
  const opts: AdamwOptions = { ...ADAMW_DEFAULTS, weightDecay: 0.1, gradClip: 1 };
  const plain = createTrainStep(model, loss, dropout, opts);
  const host = createHostTableStep(model, loss, dropout, opts);
  let a = startParams(model, loss);
  let b = startParams(model, loss);
  let stateA = initAdamw(a);
  let stateB = initAdamw(b);
  const lossesA: number[] = [];
  const lossesB: number[] = [];
  for (let t = 1; t <= 3; t++) {
    const hostBatch = batch(loss, t);
    const outA = plain(a, {}, stateA, stepScalars(t, 0.01, opts), deviceInputs(hostBatch, loss, t));
    const outB = await host.run(
      b,
      {},
      stateB,
      stepScalars(t, 0.01, opts),
      deviceInputs(hostBatch, loss, t),
      hostBatch,
    );
    lossesA.push((await outA.loss.data())[0]);
    lossesB.push((await outB.loss.data())[0]);
    a = outA.params;
    b = outB.params;
    stateA = outA.state;
    stateB = outB.state;
  }
  // The two steps sum the same gradients in a different order: equal up to float32 rounding
  // (relative 1e-6, a few ulps; the InfoNCE loss is ~9, where one ulp is 1e-6 in absolute terms).
  for (let t = 0; t < 3; t++) {
    expect(Math.abs(lossesB[t] - lossesA[t])).toBeLessThanOrEqual(1e-6 * Math.abs(lossesA[t]));
  }
  const [pa, pb, ma, mb, va, vb] = await Promise.all(
    [a, b, stateA.m, stateB.m, stateA.v, stateB.v].map(toHost),
  );
  expect(Object.keys(pb).sort()).toEqual(Object.keys(pa).sort());
  for (const name of Object.keys(pa)) {
    expectAllClose(`param ${name}`, pb[name].data, pa[name].data);
    expectAllClose(`m ${name}`, mb[name].data, ma[name].data);
    expectAllClose(`v ${name}`, vb[name].data, va[name].data);
  }
  tree.dispose([a, b, stateA, stateB]);
  plain.dispose();
  host.dispose();
}

describe('createHostTableStep', () => {
  const sasrec = sasrecModel(
    { kind: 'sasrec', hiddenSize: 6, numLayers: 2, numHeads: 2, innerSize: 10, dropout: 0.3 },
    NUM_ITEMS,
    SEQ,
  );
  const hstu = hstuModel(
    { kind: 'hstu', hiddenSize: 6, numLayers: 2, numHeads: 1, dropout: 0.3 },
    NUM_ITEMS,
    SEQ,
  );

  it('SASRec with BCE and dropout: same losses, parameters and moments as the single jitted step', async () => {
    await compareSteps(sasrec, 'bce', 0.3);
  });

  it('SASRec with InfoNCE (padded negative pool, logit scale): same as the single jitted step', async () => {
    await compareSteps(sasrec, 'infonce', 0);
  });

  it('HSTU with BCE and dropout: same as the single jitted step', async () => {
    await compareSteps(hstu, 'bce', 0.3);
  });

  it('refuses a model without a lookup table', () => {
    const withoutTable: SequenceModel = { ...sasrec, lookupTable: undefined };
    expect(() =>
      createHostTableStep(withoutTable, 'bce', 0, {
        ...ADAMW_DEFAULTS,
        weightDecay: 0,
        gradClip: 0,
      }),
    ).toThrow(/no lookupTable/);
  });
});
