import type { numpy as np } from '@jax-js/jax';
import type { DropoutKeys } from './nn/dropout';
import type { ParamLayouts } from './lanePadding';
import type { Params, ParamSpecs } from './params';

/** Outputs of one forward pass over a batch of histories. */
export interface SequenceOutput {
  /** [batch, seq, deviceDim] user states at every position (real values in the first `dim` columns). */
  hidden: np.Array;
  /** [numItems + 1, deviceDim] item vectors scored against users; row 0 is padding. */
  table: np.Array;
}

/**
 * A sequential model as pure functions over parameter trees. Functions BORROW `params` and
 * `frozen` (they take `.ref` of what they use; the caller keeps ownership) and consume `items`.
 */
export interface SequenceModel {
  /** Width of user and item vectors. */
  readonly dim: number;
  /** Initialisers of the trainable parameters (host shapes), by Hugging Face-style name. */
  readonly specs: ParamSpecs;
  /** How parameters are zero-padded on the device (padding stays exactly zero in training). */
  readonly layouts: ParamLayouts;
  /**
   * Name of the trainable [numItems + 1, deviceDim] item table, when the model reads it only by
   * row lookups (`apply` then accepts the rows ready-made and returns the table as `table`).
   */
  readonly lookupTable?: string;
  /**
   * [batch, seq] left-padded items (+1, 0 = padding) → user states and the item table. Positions
   * are right-aligned: the last column is the most recent position whatever `seq` is. Models with
   * a `lookupTable` take `rows` ([batch, seq, deviceDim] rows of that table at `items`, consumed)
   * instead of looking them up.
   */
  apply(
    params: Params,
    frozen: Params,
    items: np.Array,
    dropout: DropoutKeys | null,
    rows?: np.Array,
  ): SequenceOutput;
  /**
   * Inference shortcut, when a model has one: the user state at the last position only,
   * [batch, seq] items → [batch, deviceDim], equal to `apply(...).hidden[:, -1]` without dropout.
   */
  applyLast?(params: Params, frozen: Params, items: np.Array): np.Array;
  /** [numItems + 1, deviceDim] item vectors; row 0 is padding. */
  itemTable(params: Params, frozen: Params): np.Array;
}
