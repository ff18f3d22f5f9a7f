import { describe, expect, it } from 'vitest';
import { budgetWatcher } from '../../../bench/sweep/budget';
import { defaultTrainConfig } from '../../../src/config/defaults';
import type { Recommender, TrainBatch } from '../../../src/models/recommender';

/**
 * Drives the watcher like the trainer: `epochs` epochs of `steps` steps through the wrapped model,
 * each real step taking `stepMs` on a fake clock, `train.epochs` read every epoch.
 */
async function simulate(deadlineMs: number, epochs: number, steps: number, stepMs: number) {
  let clock = 0;
  let realSteps = 0;
  const train = { ...defaultTrainConfig('sasrec'), epochs };
  const watcher = budgetWatcher(train, deadlineMs, () => clock, 0.25);
  const model = {
    dim: 8,
    trainStep: async () => {
      clock += stepMs;
      realSteps++;
      return 1 / realSteps;
    },
  } as unknown as Recommender;
  const wrapped = watcher.wrap(model);
  let ran = 0;
  for (let epoch = 0; epoch < train.epochs; epoch++) {
    for (let step = 0; step < steps; step++) {
      const loss = await wrapped.trainStep({} as TrainBatch);
      watcher.onEvent({ kind: 'step', step, epoch, loss, seqPerSec: 1, etaSec: 0 });
    }
    watcher.onEvent({ kind: 'epoch', epoch, loss: 1, valid: null, seconds: 0 });
    ran++;
  }
  return { ran, realSteps, train, state: watcher.state, dim: wrapped.dim };
}

describe('budgetWatcher', () => {
  it('leaves a run alone when every epoch fits, and passes other members through', async () => {
    const { ran, realSteps, state, dim } = await simulate(1_000_000, 5, 4, 10);
    expect(ran).toBe(5);
    expect(realSteps).toBe(20);
    expect(state).toEqual({ cut: false, skippedSteps: 0 });
    expect(dim).toBe(8);
  });

  it('makes the current epoch the last when the next would not fit', async () => {
    // Epochs of 4 steps × 10 ms; deadline 400 ms, 100 ms kept for evaluation.
    const { ran, realSteps, train, state } = await simulate(400, 100, 4, 10);
    expect(state.cut).toBe(true);
    expect(state.skippedSteps).toBe(0);
    expect(train.epochs).toBe(ran);
    expect(state.cutAfterEpoch).toBe(ran - 1);
    expect(realSteps * 10).toBeLessThanOrEqual(300);
    expect(ran).toBeGreaterThanOrEqual(5);
  });

  it('skips the rest of an epoch that overruns the time for training, and ends the run there', async () => {
    // One epoch of 100 steps × 10 ms = 1 s against a 400 ms deadline (300 ms for training).
    const { ran, realSteps, train, state } = await simulate(400, 3, 100, 10);
    expect(ran).toBe(1);
    expect(train.epochs).toBe(1);
    // Real steps stop once less than the 100 ms reserve is left (the step started at 300 ms may run).
    expect(realSteps * 10).toBeGreaterThanOrEqual(300);
    expect(realSteps * 10).toBeLessThanOrEqual(310);
    expect(state).toEqual({ cut: true, cutAfterEpoch: 0, skippedSteps: 100 - realSteps });
  });
});
