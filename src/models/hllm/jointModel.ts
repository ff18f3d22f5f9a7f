import { numpy as np, tree } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { ITEM_TOKEN, runLlamaLayers } from '../../itemEncoders/itemLlm';
import { infonceLoss } from '../../training/loss';
import { LOGIT_SCALE_PARAM } from '../../training/optimizer';
import { llamaDecoder } from '../llama/llamaDecoder';
import { linear } from '../nn/linear';
import { rmsNorm } from '../nn/rmsNorm';
import type { Params } from '../params';
import { mergeLora } from './lora';

/** Prefix of the Item LLM's parameters (trainable and frozen) inside an HLLM parameter tree. */
export const ITEM_PREFIX = 'item.';
/** Prefix of the User LLM's parameters. */
export const USER_PREFIX = 'user.';
/** Linear map from Item LLM width to User LLM width, present only when the widths differ. */
export const ITEM_PROJ_WEIGHT = 'item_proj.weight';
/** Bias of `item_proj`. */
export const ITEM_PROJ_BIAS = 'item_proj.bias';
/** Frozen [numItems, seq, itemHidden] text states at the top-k boundary (top-k fine-tuning). */
export const BOUNDARY_STATES = 'boundary_states';
/** Frozen [numItems, itemHidden] Item LLM embeddings of the catalogue (cached-negatives option). */
export const NEGATIVE_CACHE = 'negative_cache';

/** The static shape of a joint HLLM: both Llama configs and how item text enters. */
export interface JointShape {
  item: LlamaConfig;
  user: LlamaConfig;
  /** Layer the [ITEM] vector enters at. */
  boundary: number;
  /** Text states come from `BOUNDARY_STATES` (top-k) instead of the token embeddings. */
  cachedStates: boolean;
  /** Item vectors pass through `item_proj` (Item and User LLM widths differ). */
  project: boolean;
}

/** Device inputs of the Item LLM for a block of catalogue rows (see `ItemRows`). */
export interface ItemRowArrays {
  /** [rows, seq] int32 text ids. */
  ids: np.Array;
  /** [rows] int32 catalogue indices. */
  rows: np.Array;
  /** [rows, seq] float32, 1 at the [ITEM] slot. */
  slots: np.Array;
  /** [rows, seq] bool, true up to and including the [ITEM] slot. */
  valid: np.Array;
}

/** Device inputs of one joint training step; shapes are fixed per item capacity. */
export interface JointInputs {
  itemRows: ItemRowArrays;
  /** [batch, seq] int32 history items as 1 + row of `itemRows` (0 = padding). */
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

/**
 * Item LLM embeddings of a block of rows, [rows, itemHidden]: text states (token embeddings, or
 * the cached boundary states), the [ITEM] vector at each row's slot, layers boundary..L-1 (LoRA
 * adapters merged into their weights), final norm, read at the slot. Borrows `params` and
 * `frozen`; consumes `rows`.
 */
export function itemVectors(
  shape: JointShape,
  params: Params,
  frozen: Params,
  rows: ItemRowArrays,
): np.Array {
  const cfg = shape.item;
  const { params: p, created } = mergeLora({
    ...withoutPrefix(frozen, ITEM_PREFIX),
    ...withoutPrefix(params, ITEM_PREFIX),
  });
  const [count, seq] = rows.slots.shape;
  let states: np.Array; // [rows, seq, itemHidden]
  if (shape.cachedStates) {
    rows.ids.dispose();
    states = np.take(frozen[BOUNDARY_STATES].ref, rows.rows, 0);
  } else {
    rows.rows.dispose();
    states = np.take(p['embed_tokens.weight'].ref, rows.ids, 0);
  }
  const slots = rows.slots.reshape([count, seq, 1]); // [rows, seq, 1]
  const item = p[ITEM_TOKEN].ref.reshape([1, 1, cfg.hiddenSize]);
  const x = states.mul(np.subtract(1, slots.ref)).add(slots.ref.mul(item)); // [rows, seq, hidden]
  const hidden = runLlamaLayers(cfg, p, x, rows.valid, shape.boundary, cfg.numLayers);
  const normed = rmsNorm(hidden, p['norm.weight'].ref, cfg.rmsNormEps); // [rows, seq, hidden]
  created.forEach((a) => a.dispose());
  return normed.mul(slots).sum(1); // [rows, itemHidden]
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
 * HLLM's joint loss: the step's items are embedded by the Item LLM, histories run through the
 * User LLM, and InfoNCE (learned temperature, shared negatives, cosine > 0.99 masking) scores
 * each position's output against the next item. Cached negatives enter without Item LLM
 * gradients. Consumes every argument; gradients flow to `params`.
 */
export function jointLoss(
  shape: JointShape,
  params: Params,
  frozen: Params,
  inputs: JointInputs,
): np.Array {
  const encoded = toUserSpace(shape, params, itemVectors(shape, params, frozen, inputs.itemRows));
  const parts = [encoded]; // [rows, userHidden]
  if (inputs.negativeRows !== undefined) {
    const cached = np.take(frozen[NEGATIVE_CACHE].ref, inputs.negativeRows, 0); // [pool, itemHidden]
    parts.push(toUserSpace(shape, params, cached));
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
  tree.dispose(frozen);
  return loss;
}
