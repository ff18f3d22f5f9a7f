import { describe, expect, it } from 'vitest';
import { budgetWatcher } from '../../../bench/sweep/budget';
import { defaultTrainConfig } from '../../../src/config/defaults';
import type { TrainEvent } from '../../../src/training/trainEvents';

/** Feeds `epochs` epochs of `steps` steps, each step `stepMs`, to the watcher, unless it cuts. */
function simulate(deadlineMs: number, epochs: number, stepMs: number) {
  let clock = 0;
  const train = { ...defaultTrainConfig('sasrec'), epochs };
  const watcher = budgetWatcher(train, deadlineMs, () => clock);
  let ran = 0;
  for (let epoch = 0; epoch < train.epochs; epoch++) {
    for (let step = 0; step < 4; step++) {
      clock += stepMs;
      const event: TrainEvent = { kind: 'step', step, epoch, loss: 1, seqPerSec: 1, etaSec: 0 };
      watcher.onEvent(event);
    }
    clock += stepMs;
    watcher.onEvent({ kind: 'epoch', epoch, loss: 1, valid: null, seconds: 0 });
    ran++;
  }
  return { ran, train, state: watcher.state };
}

describe('budgetWatcher', () => {
  it('leaves a run alone when every epoch fits', () => {
    const { ran, state } = simulate(1_000_000, 5, 10);
    expect(ran).toBe(5);
    expect(state.cut).toBe(false);
  });

  it('makes the current epoch the last when the next would not fit, before the deadline', () => {
    // Each epoch takes 5 steps of 10 ms = 50 ms; the deadline is at 320 ms.
    const { ran, train, state } = simulate(320, 100, 10);
    expect(state.cut).toBe(true);
    expect(train.epochs).toBe(ran);
    expect(state.cutAfterEpoch).toBe(ran - 1);
    expect(ran * 50).toBeLessThanOrEqual(320);
    expect(ran).toBeGreaterThanOrEqual(3);
  });
});
