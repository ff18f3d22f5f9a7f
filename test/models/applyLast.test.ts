import { init, numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { hstuModel } from '../../src/models/hstu';
import { padParams } from '../../src/models/lanePadding';
import { initHostParams, toDevice } from '../../src/models/params';
import { sasrecModel } from '../../src/models/sasrec';
import type { SequenceModel } from '../../src/models/sequenceModel';
import { createRng } from '../../src/random/rng';

const NUM_ITEMS = 25;
const BATCH = 5;
const SEQ = 12;

beforeAll(async () => {
  await init('wasm');
});

/** Left-padded random histories; row 0 is all padding but its last position. */
function histories(): np.Array {
  const rng = createRng(5);
  const items = new Int32Array(BATCH * SEQ);
  for (let b = 0; b < BATCH; b++) {
    const start = b === 0 ? SEQ - 1 : rng.int(SEQ);
    for (let s = start; s < SEQ; s++) items[b * SEQ + s] = 1 + rng.int(NUM_ITEMS);
  }
  return np.array(items, { dtype: np.int32 }).reshape([BATCH, SEQ]);
}

async function checkLast(model: SequenceModel): Promise<void> {
  const params = toDevice(padParams(initHostParams(model.specs, 9), model.layouts));
  const { hidden, table } = model.apply(params, {}, histories(), null);
  table.dispose();
  const want = (await hidden.slice([], SEQ - 1, []).data()) as Float32Array; // [b, deviceDim]
  expect(model.applyLast).toBeDefined();
  const got = (await model.applyLast!(params, {}, histories()).data()) as Float32Array;
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
}

describe('applyLast', () => {
  it('SASRec: equals the last position of the full forward pass', async () => {
    await checkLast(
      sasrecModel(
        { kind: 'sasrec', hiddenSize: 6, numLayers: 2, numHeads: 2, innerSize: 10, dropout: 0.2 },
        NUM_ITEMS,
        SEQ,
      ),
    );
  });

  it('HSTU: equals the last position of the full forward pass', async () => {
    await checkLast(
      hstuModel(
        { kind: 'hstu', hiddenSize: 6, numLayers: 2, numHeads: 2, dropout: 0.2 },
        NUM_ITEMS,
        SEQ,
      ),
    );
  });
});
