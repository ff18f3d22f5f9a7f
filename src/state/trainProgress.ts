import type { Metrics } from '../evaluation/metrics';
import type { TrainErrorCode, TrainEvent } from '../training/trainEvents';

/** One point of the live loss curve. */
export interface LossPoint {
  step: number;
  loss: number;
}

/** One finished epoch: its mean loss and, when it was evaluated, its validation metrics. */
export interface EpochPoint {
  epoch: number;
  loss: number;
  valid: Metrics | null;
  seconds: number;
}

/** What the Train step shows about the current run, built from its `TrainEvent`s. */
export interface TrainProgress {
  losses: LossPoint[];
  epochs: EpochPoint[];
  /** The latest `step` event's numbers, or null before the first step. */
  latest: { step: number; epoch: number; seqPerSec: number; etaSec: number } | null;
  /** The Item LLM pass over the catalogue under way (HLLM), or null. */
  pass: Omit<Extract<TrainEvent, { kind: 'pass' }>, 'kind'> | null;
  /** The evaluation under way, or null. */
  evaluation: Omit<Extract<TrainEvent, { kind: 'evaluate' }>, 'kind'> | null;
  /** Set by the final `error` event. */
  error: { code: TrainErrorCode; message: string } | null;
}

/** Progress of a run that has not sent any event yet. */
export const EMPTY_PROGRESS: TrainProgress = {
  losses: [],
  epochs: [],
  latest: null,
  pass: null,
  evaluation: null,
  error: null,
};

/** Folds one event into the progress (a new object; the input is not changed). */
export function applyTrainEvent(progress: TrainProgress, event: TrainEvent): TrainProgress {
  switch (event.kind) {
    case 'pass': {
      const { pass, done, total, itemsPerSecond, etaSec } = event;
      return {
        ...progress,
        pass: done < total ? { pass, done, total, itemsPerSecond, etaSec } : null,
      };
    }
    case 'evaluate': {
      const { phase, done, total, usersPerSecond, etaSec } = event;
      return {
        ...progress,
        evaluation: done < total ? { phase, done, total, usersPerSecond, etaSec } : null,
      };
    }
    case 'step':
      return {
        ...progress,
        pass: null,
        evaluation: null,
        losses: [...progress.losses, { step: event.step, loss: event.loss }],
        latest: {
          step: event.step,
          epoch: event.epoch,
          seqPerSec: event.seqPerSec,
          etaSec: event.etaSec,
        },
      };
    case 'epoch':
      return {
        ...progress,
        epochs: [
          ...progress.epochs,
          { epoch: event.epoch, loss: event.loss, valid: event.valid, seconds: event.seconds },
        ],
      };
    case 'error':
      return { ...progress, error: { code: event.code, message: event.message } };
    case 'done':
      return progress;
  }
}
