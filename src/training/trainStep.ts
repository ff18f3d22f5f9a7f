import { jit, tree, valueAndGrad, type numpy as np, type OwnedFunction } from '@jax-js/jax';
import type { LossKind, TrainConfig } from '../config/runConfig';
import { dropoutKeys } from '../models/nn/dropout';
import type { Params } from '../models/params';
import type { SequenceModel } from '../models/sequenceModel';
import { bceLoss } from './bceLoss';
import { infonceLoss, infoncePerPositionLoss } from './loss';
import {
  adamwUpdate,
  LOGIT_SCALE_PARAM,
  type AdamwOptions,
  type AdamwState,
  type StepScalars,
} from './optimizer';

/** Device inputs of one step; shapes are fixed for a run so the step is traced once. */
export type StepInputs = {
  /** [batch, seq] int32 left-padded items (+1). */
  items: np.Array;
  /** [batch, seq] int32 next items (+1), 0 = no target. */
  targets: np.Array;
  /**
   * InfoNCE: [numNegatives] int32 shared pool, or [batch, seq, numNegatives] per position; BCE:
   * [batch, seq] int32, one per position.
   */
  negatives: np.Array;
  /** [] uint32 seed for this step's dropout masks. */
  dropoutSeed: np.Array;
};

/** What the jitted step returns: updated parameters and moments, and the batch loss []. */
export type StepOutputs = { params: Params; state: AdamwState; loss: np.Array };

/** The loss a training step computes: BCE, InfoNCE over a shared pool, or InfoNCE per position. */
export type StepLoss = LossKind | 'infonce-per-position';

/** The step loss of a training config. */
export function stepLossOf(train: Pick<TrainConfig, 'loss' | 'negativeSampling'>): StepLoss {
  return train.loss === 'infonce' && train.negativeSampling === 'per-position'
    ? 'infonce-per-position'
    : train.loss;
}

/** InfoNCE's log logit scale []: the learned parameter, or the fixed one among the frozen inputs. */
export function logScaleOf(params: Params, frozen: Params): np.Array {
  return (params[LOGIT_SCALE_PARAM] ?? frozen[LOGIT_SCALE_PARAM]).ref;
}

/**
 * Training loss of `model` on one batch (consumes every argument; gradients flow to `params`).
 * InfoNCE reads the `logit_scale` parameter.
 */
export function modelLoss(
  model: SequenceModel,
  loss: StepLoss,
  dropoutRate: number,
  params: Params,
  frozen: Params,
  inputs: StepInputs,
): np.Array {
  const drop = dropoutKeys(inputs.dropoutSeed, dropoutRate);
  const { hidden, table } = model.apply(params, frozen, inputs.items, drop);
  drop.dispose();
  const value =
    loss === 'infonce'
      ? infonceLoss(hidden, table, inputs.targets, inputs.negatives, logScaleOf(params, frozen))
      : loss === 'infonce-per-position'
        ? infoncePerPositionLoss(
            hidden,
            table,
            inputs.targets,
            inputs.negatives,
            logScaleOf(params, frozen),
          )
        : bceLoss(hidden, table, inputs.targets, inputs.negatives);
  tree.dispose(params);
  tree.dispose(frozen);
  return value;
}

/** The jitted step: forward, loss, gradients and AdamW update in one traced function. */
export type TrainStepFn = OwnedFunction<
  (
    params: Params,
    frozen: Params,
    state: AdamwState,
    scalars: StepScalars,
    inputs: StepInputs,
  ) => StepOutputs
>;

/** Builds the single jitted training step (forward + loss + grads + clipped AdamW update). */
export function createTrainStep(
  model: SequenceModel,
  loss: StepLoss,
  dropoutRate: number,
  opts: AdamwOptions,
): TrainStepFn {
  const lossOf = (params: Params, frozen: Params, inputs: StepInputs) =>
    modelLoss(model, loss, dropoutRate, params, frozen, inputs);
  return jit(
    (
      params: Params,
      frozen: Params,
      state: AdamwState,
      scalars: StepScalars,
      inputs: StepInputs,
    ): StepOutputs => {
      const [value, grads] = valueAndGrad(lossOf)(tree.ref(params), frozen, inputs);
      const next = adamwUpdate(params, grads, state, scalars, opts);
      return { params: next.params, state: next.state, loss: value };
    },
  );
}
