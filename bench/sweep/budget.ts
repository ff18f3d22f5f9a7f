import type { TrainConfig } from '../../src/config/runConfig';
import type { TrainEvent } from '../../src/training/trainEvents';

/** What the budget did to a run. */
export interface BudgetState {
  /** Whether the budget made an earlier epoch the last one. */
  cut: boolean;
  /** 0-based epoch made the last one, when cut. */
  cutAfterEpoch?: number;
}

/**
 * Watches a `trainRun` and keeps it inside a wall-clock deadline: at the first step of each epoch
 * after the first it estimates that epoch's and the next epoch's wall time (the last epoch's, without
 * validation) plus three validations (that epoch's, the final one and the test); when the next
 * epoch would not fit, it lowers `train.epochs` so the current epoch is the last one. The trainer
 * reads `train.epochs` at each epoch, so the current epoch is then validated, the best parameters
 * are restored and tested as usual. `train` must be the very object passed to `trainRun`.
 */
export function budgetWatcher(
  train: TrainConfig,
  deadlineMs: number,
  now: () => number = () => performance.now(),
): { onEvent(event: TrainEvent): void; state: BudgetState } {
  const state: BudgetState = { cut: false };
  let epoch = -1;
  let epochStart = now();
  let lastStep = epochStart;
  let trainWall = 0;
  let validWall = 0;
  const onEvent = (event: TrainEvent): void => {
    const t = now();
    if (event.kind === 'step') {
      if (event.epoch !== epoch) {
        epoch = event.epoch;
        if (epoch >= 1 && !state.cut && epoch + 1 < train.epochs) {
          const validation = validWall > 0 ? validWall : 0.3 * trainWall;
          const need = 2 * trainWall + 3 * validation;
          if (deadlineMs - t < need) {
            train.epochs = epoch + 1;
            state.cut = true;
            state.cutAfterEpoch = epoch;
          }
        }
      }
      lastStep = t;
    } else if (event.kind === 'epoch') {
      const validation = event.valid !== null ? t - lastStep : 0;
      trainWall = t - epochStart - validation;
      validWall = Math.max(validWall, validation);
      epochStart = t;
    }
  };
  return { onEvent, state };
}
