import { jit, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import type { LossKind } from '../config/runConfig';
import { dropoutKeys } from '../models/nn/dropout';
import type { Params } from '../models/params';
import type { SequenceModel } from '../models/sequenceModel';
import { addRows } from './addRows';
import { bceLossOnRows } from './bceLoss';
import { infonceLossOnRows } from './loss';
import { adamwUpdate, type AdamwOptions, type AdamwState, type StepScalars } from './optimizer';
import { logScaleOf, type StepInputs, type StepOutputs } from './trainStep';

/** Host copies of the step's index inputs (the same values as the device `StepInputs`). */
export interface HostIndices {
  /** [batch·seq] items (+1). */
  items: Int32Array;
  /** [batch·seq] targets (+1). */
  targets: Int32Array;
  /** [batch·seq] (BCE) or [numNegatives] (InfoNCE) negatives (+1). */
  negatives: Int32Array;
}

/** Item-table rows read by one step, and their gradients. */
type Rows = { items: np.Array; targets: np.Array; negatives: np.Array };

/** A training step whose item-table gradient is summed on the host. */
export interface HostTableStep {
  /** One step; consumes params, state, scalars and inputs, borrows frozen. */
  run(
    params: Params,
    frozen: Params,
    state: AdamwState,
    scalars: StepScalars,
    inputs: StepInputs,
    indices: HostIndices,
  ): Promise<StepOutputs>;
  /** Releases the jitted functions. */
  dispose(): void;
}

/**
 * Training step for a model with a `lookupTable` (read only by row lookups in the model and the
 * loss): a jitted pass gathers the rows, differentiates the loss with respect to the other
 * parameters and to the rows, then the rows' gradients are added into the table gradient on the
 * host and a second jitted function applies AdamW. Same math as `createTrainStep`; it only avoids
 * jax-js's JavaScript scatter (the transpose of a gather), which took ~35 ms of a SASRec step.
 */
export function createHostTableStep(
  model: SequenceModel,
  loss: LossKind,
  dropoutRate: number,
  opts: AdamwOptions,
): HostTableStep {
  const name = model.lookupTable;
  if (name === undefined) throw new Error('createHostTableStep: the model has no lookupTable');

  const lossOf = (
    trainable: { params: Params; rows: Rows },
    fixed: { table: np.Array; frozen: Params },
    inputs: StepInputs,
  ) => {
    const { params, rows } = trainable;
    const drop = dropoutKeys(inputs.dropoutSeed, dropoutRate);
    const { hidden, table } = model.apply(
      { ...params, [name]: fixed.table },
      fixed.frozen,
      inputs.items,
      drop,
      rows.items,
    );
    table.dispose();
    drop.dispose();
    let value: np.Array;
    if (loss === 'infonce') {
      const logScale = logScaleOf(params, fixed.frozen);
      value = infonceLossOnRows(
        hidden,
        rows.targets,
        rows.negatives,
        inputs.targets,
        inputs.negatives,
        logScale,
      );
    } else {
      inputs.negatives.dispose();
      value = bceLossOnRows(hidden, rows.targets, rows.negatives, inputs.targets);
    }
    tree.dispose(params);
    tree.dispose(fixed);
    return value;
  };

  const gradients = jit((params: Params, frozen: Params, inputs: StepInputs) => {
    const table = params[name]; // [numItems + 1, d]
    const others: Params = { ...params };
    delete others[name];
    const rows: Rows = {
      items: np.take(table.ref, inputs.items.ref, 0), // [b, s, d]
      targets: np.take(table.ref, inputs.targets.ref, 0), // [b, s, d]
      negatives: np.take(table.ref, inputs.negatives.ref, 0), // [b, s, d] or [k, d]
    };
    const [value, grads] = valueAndGrad(lossOf)(
      { params: others, rows },
      { table, frozen },
      inputs,
    );
    return { loss: value, grads: grads.params, rows: grads.rows };
  });

  const update = jit((params: Params, grads: Params, state: AdamwState, scalars: StepScalars) =>
    adamwUpdate(params, grads, state, scalars, opts),
  );

  return {
    async run(params, frozen, state, scalars, inputs, indices) {
      const table = params[name];
      const [tableRows, width] = table.shape;
      const out = gradients(tree.ref(params), tree.ref(frozen), inputs);
      const tableGrad = new Float32Array(tableRows * width); // [numItems + 1, d]
      for (const key of ['items', 'targets', 'negatives'] as const) {
        const rowGrads = (await out.rows[key].data()) as Float32Array;
        addRows(tableGrad, rowGrads, indices[key], width);
      }
      const grads = { ...out.grads, [name]: np.array(tableGrad).reshape([tableRows, width]) };
      const next = update(params, grads, state, scalars);
      return { params: next.params, state: next.state, loss: out.loss };
    },
    dispose() {
      gradients.dispose();
      update.dispose();
    },
  };
}
