import type { Metrics } from '../evaluation/metrics';
import type { CataloguePass } from '../models/hllm/cataloguePass';
import type { RunRecord } from '../runs/runRecord';

/** Why a run ended without a result. */
export type TrainErrorCode =
  'device-lost' | 'out-of-memory' | 'bad-config' | 'cancelled' | 'internal';

/** The evaluations of a run: after an epoch, at the best epoch on validation, on the test users. */
export type EvalPhase = 'validation' | 'final validation' | 'test';

/**
 * Progress of a training run, as plain structured-clonable objects that a worker forwards unchanged:
 * `pass` after each chunk of an Item LLM pass over the catalogue (HLLM), one `step` per optimiser
 * step, `evaluate` after each chunk of users an evaluation scores, one `epoch` per epoch (`valid` is `null` on epochs without validation), then exactly one
 * `done` or `error`.
 */
export type TrainEvent =
  | {
      kind: 'pass';
      pass: CataloguePass;
      done: number;
      total: number;
      itemsPerSecond: number;
      /** Estimated seconds left of this pass (`Infinity` before the first chunk's rate). */
      etaSec: number;
    }
  | {
      kind: 'step';
      /** 1-based global step. */
      step: number;
      /** 0-based epoch. */
      epoch: number;
      loss: number;
      /** Training sequences per second, averaged over the run's steps so far. */
      seqPerSec: number;
      /** Estimated seconds of training left (validation not included). */
      etaSec: number;
    }
  | {
      kind: 'evaluate';
      /** Which evaluation: an epoch's validation, the final validation or the test. */
      phase: EvalPhase;
      /** Users scored so far, of `total`. */
      done: number;
      total: number;
      usersPerSecond: number;
      /** Estimated seconds left of this evaluation. */
      etaSec: number;
    }
  | { kind: 'epoch'; epoch: number; loss: number; valid: Metrics | null; seconds: number }
  | { kind: 'done'; run: RunRecord }
  | { kind: 'error'; code: TrainErrorCode; message: string };
