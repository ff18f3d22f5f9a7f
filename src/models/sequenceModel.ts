import type { numpy as np } from '@jax-js/jax';
import type { DropoutKeys } from './nn/dropout';
import type { Params, ParamSpecs } from './params';

/** Outputs of one forward pass over a batch of histories. */
export interface SequenceOutput {
  /** [batch, seq, dim] user states at every position. */
  hidden: np.Array;
  /** [numItems + 1, dim] item vectors scored against users; row 0 is padding. */
  table: np.Array;
}

/**
 * A sequential model as pure functions over parameter trees. Functions BORROW `params` and
 * `frozen` (they take `.ref` of what they use; the caller keeps ownership) and consume `items`.
 */
export interface SequenceModel {
  /** Width of user and item vectors. */
  readonly dim: number;
  /** Initialisers of the trainable parameters, by Hugging Face-style name. */
  readonly specs: ParamSpecs;
  /** [batch, seq] left-padded items (+1, 0 = padding) → user states and the item table. */
  apply(
    params: Params,
    frozen: Params,
    items: np.Array,
    dropout: DropoutKeys | null,
  ): SequenceOutput;
  /** [numItems + 1, dim] item vectors; row 0 is padding. */
  itemTable(params: Params, frozen: Params): np.Array;
}
