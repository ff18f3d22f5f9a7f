import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { estimateRun, validationPasses } from '../../src/pipeline/estimateRun';
import { runExperiment } from '../../src/pipeline/runExperiment';
import { TrainCancelledError, TrainControl } from '../../src/training/trainControl';
import { smallDataset } from '../state/summaryFixture';

/** A small SASRec run that never stops early, so its steps are every planned step. */
function tinySasrec(): RunConfig {
  const c = defaultRunConfig('sasrec');
  return {
    ...c,
    data: { ...c.data, kCore: 0, maxHistory: 8 },
    model: c.model.kind === 'sasrec' ? { ...c.model, hiddenSize: 16, innerSize: 16 } : c.model,
    train: { ...c.train, epochs: 3, batchSize: 8, numNegatives: 8, patience: 100, evalEvery: 2 },
  };
}

describe('estimateRun', () => {
  it('counts the steps the run takes and times real ones', async () => {
    const dataset = smallDataset(40, 25);
    const config = tinySasrec();
    const estimate = await estimateRun(dataset, config, { steps: 2 });
    const run = await runExperiment(dataset, config, { device: 'test', onEvent: () => undefined });
    expect(run.result).not.toBeNull();
    expect(estimate.steps).toBe(run.result!.run.usage!.steps);
    expect(estimate.stepsPerEpoch * estimate.epochs).toBe(estimate.steps);
    expect(estimate.measuredSteps).toBe(2);
    expect(estimate.secondsPerStep).toBeGreaterThan(0);
    expect(estimate.trainSeconds).toBeCloseTo(estimate.secondsPerStep * estimate.steps, 9);
    expect(estimate.evalSeconds).toBeGreaterThan(0);
    expect(estimate.totalSeconds).toBeCloseTo(
      estimate.setupSeconds + estimate.trainSeconds + estimate.evalSeconds,
      9,
    );
    run.result!.model.dispose();
  });

  it('stops before its next step once cancelled', async () => {
    const control = new TrainControl();
    control.cancel();
    await expect(estimateRun(smallDataset(40, 25), tinySasrec(), { control })).rejects.toThrow(
      TrainCancelledError,
    );
  });

  it('counts a validation pass every evalEvery epochs and after the last', () => {
    expect(validationPasses(3, 2)).toBe(2);
    expect(validationPasses(4, 2)).toBe(2);
    expect(validationPasses(5, 1)).toBe(5);
  });
});
