import { init } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HstuConfig } from '../../src/config/runConfig';
import { hstuModel, hstuSpecs } from '../../src/models/hstu';
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

  it('has no LayerNorm weights, and a xavier-initialised output projection (as hstu.py)', () => {
    const cfg: HstuConfig = { kind: 'hstu', hiddenSize: 24, numLayers: 2, numHeads: 2, dropout: 0 };
    const specs = hstuSpecs(cfg, 10, 5);
    expect(Object.keys(specs).filter((n) => /norm/i.test(n))).toEqual([]);
    expect(specs['layers.1.o.weight']).toEqual({
      kind: 'uniform',
      bound: Math.sqrt(6 / 48),
      shape: [24, 24],
    });
  });
});
