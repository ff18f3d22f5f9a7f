import { describe, expect, it } from 'vitest';
import { createTrainService } from '../../src/compute/trainService';
import { tinyConfig, tinyDataset } from './tinyTrainRun';

const dataset = tinyDataset;

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
