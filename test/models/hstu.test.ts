import { init } from '@jax-js/jax';
import { beforeAll, describe, it } from 'vitest';
import type { HstuConfig } from '../../src/config/runConfig';
import { hstuModel } from '../../src/models/hstu';
import { loadGolden } from './golden';
import { checkModelGolden, type ModelGolden } from './modelGolden';

type HstuGolden = ModelGolden & { config: HstuConfig; numItems: number; seqLen: number };

describe('HSTU', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  it('matches the PyTorch reference: outputs and InfoNCE gradients of every parameter', async () => {
    const golden = loadGolden<HstuGolden>('hstu.json');
    await checkModelGolden(hstuModel(golden.config, golden.numItems, golden.seqLen), golden);
  });
});
