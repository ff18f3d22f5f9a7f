import { init } from '@jax-js/jax';
import { beforeAll, describe, it } from 'vitest';
import type { SasrecConfig } from '../../src/config/runConfig';
import { sasrecModel } from '../../src/models/sasrec';
import { loadGolden } from './golden';
import { checkModelGolden, type ModelGolden } from './modelGolden';

type SasrecGolden = ModelGolden & { config: SasrecConfig; numItems: number; seqLen: number };

describe('SASRec', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  it('matches the PyTorch reference: outputs and InfoNCE gradients of every parameter', async () => {
    const golden = loadGolden<SasrecGolden>('sasrec.json');
    await checkModelGolden(sasrecModel(golden.config, golden.numItems, golden.seqLen), golden);
  });
});
