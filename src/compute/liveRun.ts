import type { Dataset, Split } from '../dataset/types';
import type { Recommender } from '../models/recommender';
import type { TrainEvent } from '../training/trainEvents';
import { trainRun, type TrainerOptions, type TrainResult } from '../training/trainer';
import { transfer } from 'comlink';
import { withDeviceLoss } from './deviceLoss';
import { projectingRecommender, type ProjectingRecommender } from './projectingRecommender';
import { projectionContext, type ProjectedRun, type ProjectionEvent } from './projection';

/** What the train service adds to a run it trains: the live projection and device-loss errors. */
export interface LiveRun {
  /** Runs `trainRun` with the model wrapped for projection and events passed through `withDeviceLoss`. */
  train(options: TrainerOptions): Promise<TrainResult | null>;
  /** Sends the projection of the finished `model` (at its best epoch, numbered from 1). */
  finish(model: Recommender, bestEpoch: number): Promise<void>;
}

/**
 * Sets up the live side of a run (`run`: its future id and model) on `dataset` and `split`: sends
 * the projection context at once,
 * then (through `onProjection`, coordinates transferred) a snapshot before training, after each
 * validated epoch and at the end; and rewrites a failure as `device-lost` when `deviceLost()`
 * says the device went away.
 */
export function liveRun(
  dataset: Dataset,
  split: Split,
  onProjection: ((event: ProjectionEvent) => void) | undefined,
  deviceLost: () => string | null,
  run?: ProjectedRun,
): LiveRun {
  const context = onProjection === undefined ? null : projectionContext(dataset, split, run);
  if (context !== null) onProjection?.(context);
  let projecting: ProjectingRecommender | null = null;
  return {
    train: (options) =>
      trainRun({
        ...options,
        onEvent: (event: TrainEvent) => {
          if (event.kind === 'epoch' && event.valid !== null) {
            projecting?.request(`after epoch ${event.epoch + 1}`);
          }
          options.onEvent(withDeviceLoss(event, deviceLost()));
        },
        createModel: async (init) => {
          const model = await options.createModel(init);
          if (context === null || onProjection === undefined) return model;
          projecting = projectingRecommender(
            model,
            context.items,
            (snapshot) =>
              onProjection(transfer(snapshot, [snapshot.coords.buffer, snapshot.rows.buffer])),
            context.fields,
          );
          return projecting.model;
        },
      }),
    finish: async (model, bestEpoch) => {
      await projecting?.snapshot(model, `final (best epoch ${bestEpoch})`);
    },
  };
}
