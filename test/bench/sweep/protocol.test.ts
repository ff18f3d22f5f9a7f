import { describe, expect, it } from 'vitest';
import { coldStartConfig, officialConfig, parityConfig } from '../../../bench/sweep/protocol';

describe('sweep protocol configs', () => {
  it('parity config is the README protocol', () => {
    const c = parityConfig('sasrec', 0.5, 200, 43);
    expect(c.seed).toBe(43);
    expect(c.model).toEqual({
      kind: 'sasrec',
      hiddenSize: 50,
      numLayers: 2,
      numHeads: 1,
      innerSize: 50,
      dropout: 0.5,
    });
    expect(c.data).toMatchObject({ kCore: 0, coldFraction: 0, maxHistory: 50 });
    expect(c.train).toMatchObject({
      loss: 'bce',
      epochs: 200,
      batchSize: 128,
      learningRate: 1e-3,
      weightDecay: 0,
      gradClip: 0,
      evalEvery: 5,
      patience: 3,
      earlyStopMetric: 'N@10',
    });
    expect(parityConfig('hstu', 0.2, 10, 42).model.kind).toBe('hstu');
  });

  it('cold-start config keeps the parity model and split settings but holds out items and uses InfoNCE', () => {
    const cold = coldStartConfig('sasrec', 0.2, 100, 42, 0.1);
    const parity = parityConfig('sasrec', 0.2, 100, 42);
    expect(cold.model).toEqual(parity.model);
    expect(cold.data).toEqual({ ...parity.data, coldFraction: 0.1 });
    expect(cold.train.loss).toBe('infonce');
    expect(cold.train.epochs).toBe(100);
  });

  it('official config trains as the paper-faithful ID preset on the parity data and sizes', () => {
    const c = officialConfig('sasrec', 0.2, 200, 44, 'official');
    expect(c.seed).toBe(44);
    expect(c.model).toEqual(parityConfig('sasrec', 0.2, 200, 44).model);
    expect(c.data).toMatchObject({
      kCore: 0,
      coldFraction: 0,
      maxHistory: 50,
      chunkHistories: true,
    });
    expect(c.train).toMatchObject({
      loss: 'infonce',
      numNegatives: 512,
      negativeSampling: 'per-position',
      schedule: 'constant',
      learningRate: 1e-3,
      gradClip: 0,
      evalEvery: 1,
      patience: 10,
      earlyStopMetric: 'N@200',
      epochs: 200,
    });
    expect(officialConfig('hstu', 0.2, 200, 42, 'no-chunking').data.chunkHistories).toBe(false);
    const shared = officialConfig('sasrec', 0.2, 200, 42, 'shared-no-chunking');
    expect(shared.train.negativeSampling).toBe('shared');
    expect(shared.data.chunkHistories).toBe(false);
    expect(officialConfig('llmidrec', 0.2, 200, 42, 'official').model.kind).toBe('llmidrec');
  });
});
