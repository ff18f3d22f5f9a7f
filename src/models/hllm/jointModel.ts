import { numpy as np, tree } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { infonceLoss } from '../../training/loss';
import { LOGIT_SCALE_PARAM } from '../../training/optimizer';
import { llamaDecoder } from '../llama/llamaDecoder';
import { linear } from '../nn/linear';
import type { Params } from '../params';

/** Prefix of the Item LLM's parameters (trainable and frozen) inside an HLLM parameter tree. */
export const ITEM_PREFIX = 'item.';
/** Prefix of the User LLM's parameters. */
export const USER_PREFIX = 'user.';
/** Linear map from Item LLM width to User LLM width, present only when the widths differ. */
export const ITEM_PROJ_WEIGHT = 'item_proj.weight';
/** Bias of `item_proj`. */
export const ITEM_PROJ_BIAS = 'item_proj.bias';

/** The static shape of a joint HLLM: both Llama configs and how item text enters. */
export interface JointShape {
  item: LlamaConfig;
  user: LlamaConfig;
  /** Layer the [ITEM] vector enters at. */
  boundary: number;
  /** Item vectors pass through `item_proj` (Item and User LLM widths differ). */
  project: boolean;
}

/** Device inputs of the User LLM side of one joint step; shapes are fixed per item capacity. */
export interface UserInputs {
  /** [batch, seq] int32 history items as 1 + row of the step's item vectors (0 = padding). */
  items: np.Array;
  /** [batch, seq] int32 next items, same indexing (0 = no target). */
  targets: np.Array;
  /** [pool] int32 shared negatives, same indexing, or after the rows when cached (0 = unused). */
  negatives: np.Array;
  /** [pool] int32 catalogue indices of cached negatives (cached-negatives option only). */
  negativeRows?: np.Array;
}

/** The entries of `params` under `prefix`, renamed without it (arrays are not copied or referenced). */
export function withoutPrefix(params: Params, prefix: string): Params {
  const out: Params = {};
  for (const [name, a] of Object.entries(params)) {
    if (name.startsWith(prefix)) out[name.slice(prefix.length)] = a;
  }
  return out;
}

/** The entries of `params` not under `prefix` (arrays are not copied or referenced). */
export function withoutEntriesUnder(params: Params, prefix: string): Params {
  const out: Params = {};
  for (const [name, a] of Object.entries(params)) if (!name.startsWith(prefix)) out[name] = a;
  return out;
}

/** Item vectors in the User LLM's space: `item_proj` when the widths differ. Borrows `params`; consumes `v`. */
export function toUserSpace(shape: JointShape, params: Params, v: np.Array): np.Array {
  if (!shape.project) return v;
  return linear(v, params[ITEM_PROJ_WEIGHT].ref, params[ITEM_PROJ_BIAS].ref); // [n, userHidden]
}

/** [n + 1, userHidden]: a zero padding row 0, then `vectors` [n, userHidden] (consumed). */
export function withPaddingRow(vectors: np.Array): np.Array {
  return np.concatenate([np.zeros([1, vectors.shape[1]]), vectors], 0);
}

/**
 * User LLM states [batch, seq, userHidden] of histories `items` [batch, seq] (indices into
 * `table` [n + 1, userHidden], 0 = padding). Borrows `params` and `table`; consumes `items`.
 */
export function userStates(
  shape: JointShape,
  params: Params,
  table: np.Array,
  items: np.Array,
): np.Array {
  const embeds = np.take(table.ref, items.ref, 0); // [batch, seq, userHidden]
  return llamaDecoder(shape.user, params, embeds, items.greater(0), USER_PREFIX);
}

/**
 * The User LLM side of HLLM's joint loss: the step's item vectors [rows, itemHidden] (from the
 * Item LLM) and any cached negatives (`negativeCache` [numItems, itemHidden], rows picked by
 * `inputs.negativeRows`) go into the User LLM's space, histories run through the User LLM, and
 * InfoNCE (learned temperature, shared negatives, cosine > 0.99 masking) scores each position's
 * output against the next item. Differentiable in `params` (User LLM, `item_proj`,
 * `logit_scale`) and `vectors`; cached negatives carry no gradient to the Item LLM. Consumes
 * every argument.
 */
export function userLoss(
  shape: JointShape,
  params: Params,
  vectors: np.Array,
  negativeCache: np.Array | null,
  inputs: UserInputs,
): np.Array {
  const parts = [toUserSpace(shape, params, vectors)]; // [rows, userHidden]
  if (inputs.negativeRows !== undefined && negativeCache !== null) {
    const cached = np.take(negativeCache, inputs.negativeRows, 0); // [pool, itemHidden]
    parts.push(toUserSpace(shape, params, cached));
  } else {
    negativeCache?.dispose();
    inputs.negativeRows?.dispose();
  }
  const table = withPaddingRow(parts.length === 1 ? parts[0] : np.concatenate(parts, 0));
  const hidden = userStates(shape, params, table.ref, inputs.items); // [batch, seq, userHidden]
  const loss = infonceLoss(
    hidden,
    table,
    inputs.targets,
    inputs.negatives,
    params[LOGIT_SCALE_PARAM].ref,
  );
  tree.dispose(params);
  return loss;
}
