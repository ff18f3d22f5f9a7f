import type { TrainConfig } from '../../src/config/runConfig';
import type { Recommender } from '../../src/models/recommender';
import type { TrainEvent } from '../../src/training/trainEvents';

/** What the budget did to a run. */
export interface BudgetState {
  /** Whether the budget made an earlier epoch the last one. */
  cut: boolean;
  /** 0-based epoch made the last one, when cut. */
  cutAfterEpoch?: number;
  /** Optimiser steps of the last epoch that were skipped because the budget ran out mid-epoch. */
  skippedSteps: number;
}

/** A budget watcher: feed it the trainer's events and train through `wrap(model)`. */
export interface BudgetWatcher {
  onEvent(event: TrainEvent): void;
  /** The model whose `trainStep` is skipped (no update, loss of the last real step) once training time is up. */
  wrap(model: Recommender): Recommender;
  state: BudgetState;
}

/**
 * Keeps a `trainRun` inside a wall-clock deadline, leaving time for the final validation and test.
 * Before any validation, `reserveFraction` of the time left at the start is kept for evaluation;
 * after one, three times the longest validation seen. At the first step of each epoch it estimates
 * the epoch's wall time (the last epoch's, without validation); when the next epoch would not fit,
 * it lowers `train.epochs` so that the current epoch is the last one (the trainer reads
 * `train.epochs` every epoch, so that epoch is validated, the best parameters restored and tested
 * as usual). If even the current epoch overruns the time for training, its remaining steps are
 * skipped. `train` must be the very object passed to `trainRun`.
 */
export function budgetWatcher(
  train: TrainConfig,
  deadlineMs: number,
  now: () => number = () => performance.now(),
  reserveFraction = 0.25,
): BudgetWatcher {
  const state: BudgetState = { cut: false, skippedSteps: 0 };
  const start = now();
  let epoch = -1;
  let epochStart = start;
  let lastStep = start;
  let trainWall = 0;
  let validWall = 0;
  let lastLoss = 0;
  const reserve = (): number =>
    validWall > 0 ? 3 * validWall : reserveFraction * (deadlineMs - start);
  const makeLast = (e: number): void => {
    if (state.cut || e + 1 >= train.epochs) return;
    train.epochs = e + 1;
    state.cut = true;
    state.cutAfterEpoch = e;
  };
  const onEvent = (event: TrainEvent): void => {
    const t = now();
    if (event.kind === 'step') {
      if (event.epoch !== epoch) {
        epoch = event.epoch;
        if (epoch >= 1 && deadlineMs - t < 2 * trainWall + reserve()) makeLast(epoch);
      }
      if (state.skippedSteps > 0) makeLast(epoch);
      lastStep = t;
    } else if (event.kind === 'epoch') {
      const validation = event.valid !== null ? t - lastStep : 0;
      trainWall = t - epochStart - validation;
      validWall = Math.max(validWall, validation);
      epochStart = t;
    }
  };
  const wrap = (model: Recommender): Recommender =>
    new Proxy(model, {
      get(target, key, receiver) {
        if (key !== 'trainStep') {
          const value: unknown = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (batch: Parameters<Recommender['trainStep']>[0]): Promise<number> => {
          if (deadlineMs - now() < reserve()) {
            state.skippedSteps++;
            return lastLoss;
          }
          lastLoss = await target.trainStep(batch);
          return lastLoss;
        };
      },
    });
  return { onEvent, wrap, state };
}
