import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { createTrainService } from '../../src/compute/trainService';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

/** A tiny SASRec run over 120 synthetic users. */
function tinyConfig(): RunConfig {
  const c = defaultRunConfig('sasrec');
  return {
    ...c,
    data: { ...c.data, kCore: 0, maxHistory: 10 },
    model: c.model.kind === 'sasrec' ? { ...c.model, hiddenSize: 16, innerSize: 16 } : c.model,
    train: { ...c.train, epochs: 2, batchSize: 32, numNegatives: 32, patience: 0 },
  };
}

const dataset = generateSyntheticDataset({ seed: 3, numItems: 80, numUsers: 120 });

describe('train service warm-up estimate', () => {
  it('estimates a run on the worker device, and a run started meanwhile cancels it', async () => {
    const service = createTrainService();
    const estimate = await service.estimate(dataset, tinyConfig());
    if (!estimate.ok) throw new Error(estimate.failure.message);
    expect(estimate.value.model).toBe('sasrec');
    expect(estimate.value.steps).toBe(estimate.value.stepsPerEpoch * 2);
    expect(estimate.value.totalSeconds).toBeGreaterThan(0);

    const warming = service.estimate(dataset, tinyConfig());
    const run = await service.train(dataset, tinyConfig(), () => undefined);
    expect(run.ok && run.value !== null).toBe(true);
    const cancelled = await warming;
    expect(cancelled).toEqual({
      ok: false,
      failure: { kind: 'internal', message: 'Training was cancelled.' },
    });
  });
});
