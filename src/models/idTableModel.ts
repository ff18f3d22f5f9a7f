import type { numpy as np } from '@jax-js/jax';
import type { ParamLayouts } from './lanePadding';
import type { DropoutKeys } from './nn/dropout';
import type { Params, ParamSpecs } from './params';
import type { SequenceModel } from './sequenceModel';

/** The item-id embedding table of SASRec and HSTU (RecBole's name). */
const ITEM_TABLE = 'item_embedding.weight';

/**
 * Forward pass of an ID model: [batch, seq] items → [batch, seq, deviceDim] user states, or
 * [batch, 1, deviceDim] with `lastOnly`; `rows` are the table rows at `items` when given.
 */
export type IdModelForward = (
  params: Params,
  items: np.Array,
  drop: DropoutKeys | null,
  rows: np.Array | undefined,
  lastOnly: boolean,
) => np.Array;

/** A SequenceModel whose item vectors are its trainable item-id embedding table (SASRec, HSTU). */
export function idTableModel(
  dim: number,
  specs: ParamSpecs,
  layouts: ParamLayouts,
  forward: IdModelForward,
): SequenceModel {
  return {
    dim,
    specs,
    layouts,
    lookupTable: ITEM_TABLE,
    apply: (p, _frozen, items, drop, rows) => ({
      hidden: forward(p, items, drop, rows, false),
      table: p[ITEM_TABLE].ref,
    }),
    applyLast: (p, _frozen, items) => {
      const batch = items.shape[0];
      return forward(p, items, null, undefined, true).reshape([batch, -1]);
    },
    itemTable: (p) => p[ITEM_TABLE].ref,
  };
}
