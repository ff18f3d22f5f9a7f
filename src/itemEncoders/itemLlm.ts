import { numpy as np } from '@jax-js/jax';
import type { LlamaConfig } from '../config/runConfig';
import { causalPaddingMask } from '../models/nn/attentionMask';
import { rmsNorm } from '../models/nn/rmsNorm';
import { rotaryTables } from '../models/nn/rotary';
import { llamaBlock } from '../models/llama/llamaBlock';
import type { Params } from '../models/params';

/** Name of the learnable [ITEM] vector in the Item LLM's parameters ([hidden]). */
export const ITEM_TOKEN = 'item_token';

/** Token ids of a batch of items, right-padded, with one [ITEM] slot after each item's text. */
export interface ItemBatch {
  batch: number;
  /** Positions per row: longest text + 1 (or the fixed length asked for). */
  seq: number;
  /** [batch, seq] text ids; 0 at the [ITEM] slot and at padding. */
  ids: Int32Array;
  /** [batch] text tokens per row, which is also the [ITEM] position. */
  lengths: Int32Array;
}

/**
 * Lays out tokenized items (already truncated to maxTextTokens) right-padded to `seq` positions
 * (default: longest + 1), so every row keeps positions 0..len and its [ITEM] slot at `len`.
 */
export function buildItemBatch(tokenIds: readonly (readonly number[])[], seq?: number): ItemBatch {
  const longest = tokenIds.reduce((m, row) => Math.max(m, row.length), 0);
  const width = seq ?? longest + 1;
  if (width < longest + 1)
    throw new RangeError(`seq ${width} leaves no [ITEM] slot for ${longest} tokens`);
  const batch = tokenIds.length;
  const ids = new Int32Array(batch * width);
  const lengths = new Int32Array(batch);
  tokenIds.forEach((row, b) => {
    if (row.length === 0) throw new RangeError(`item ${b} of the batch has no tokens`);
    ids.set(row, b * width);
    lengths[b] = row.length;
  });
  return { batch, seq: width, ids, lengths };
}

/** [batch, seq] float32, 1 at each row's [ITEM] slot. */
function itemSlots(batch: ItemBatch): np.Array {
  const slots = new Float32Array(batch.batch * batch.seq);
  batch.lengths.forEach((len, b) => (slots[b * batch.seq + len] = 1));
  return np.array(slots).reshape([batch.batch, batch.seq]);
}

/** [batch, seq] bool, true up to and including each row's [ITEM] slot. */
function validPositions(batch: ItemBatch): np.Array {
  const valid = new Float32Array(batch.batch * batch.seq);
  batch.lengths.forEach((len, b) => valid.fill(1, b * batch.seq, b * batch.seq + len + 1));
  return np.greater(np.array(valid).reshape([batch.batch, batch.seq]), 0.5);
}

/**
 * Runs decoder layers `from`..`to`-1 (no final norm) on x [batch, seq, hidden], positions
 * 0..seq-1. Borrows `p`; consumes `x` and `valid` ([batch, seq] bool).
 */
export function runLlamaLayers(
  cfg: LlamaConfig,
  p: Params,
  x: np.Array,
  valid: np.Array,
  from: number,
  to: number,
): np.Array {
  const mask = causalPaddingMask(valid);
  const rope = rotaryTables(x.shape[1], cfg.hiddenSize / cfg.numHeads, cfg.ropeTheta);
  for (let i = from; i < to; i++) x = llamaBlock(cfg, p, `layers.${i}.`, x, mask, rope);
  mask.dispose();
  rope.cos.dispose();
  rope.sin.dispose();
  return x;
}

/**
 * Text-token states entering layer `boundary`: token embeddings through layers 0..boundary-1,
 * [batch, seq, hidden]. Text tokens never see the [ITEM] slot (causal), so these states are the
 * same whatever enters there; the frozen part of top-k fine-tuning computes them once.
 * Borrows `p` (`embed_tokens.weight`, lower layers).
 */
export function boundaryStates(
  cfg: LlamaConfig,
  p: Params,
  batch: ItemBatch,
  boundary: number,
): np.Array {
  const ids = np.array(batch.ids, { dtype: np.int32 }).reshape([batch.batch, batch.seq]);
  const embeds = np.take(p['embed_tokens.weight'].ref, ids, 0); // [b, s, hidden]
  if (boundary === 0) return embeds;
  return runLlamaLayers(cfg, p, embeds, validPositions(batch), 0, boundary);
}

/**
 * Item embeddings [batch, hidden]: the [ITEM] vector replaces each row's state at its slot in
 * `states` (the input of layer `boundary`), layers boundary..L-1 and the final norm run, and the
 * final-norm state at the slot is read. Differentiable in `p` (`item_token`, upper layers, norm).
 * Borrows `p`; consumes `states` [batch, seq, hidden].
 */
export function itemEmbeddingsFrom(
  cfg: LlamaConfig,
  p: Params,
  states: np.Array,
  batch: ItemBatch,
  boundary: number,
): np.Array {
  const slots = itemSlots(batch).reshape([batch.batch, batch.seq, 1]); // [b, s, 1]
  const item = p[ITEM_TOKEN].ref.reshape([1, 1, cfg.hiddenSize]);
  const x = states.mul(np.subtract(1, slots.ref)).add(slots.ref.mul(item)); // [b, s, hidden]
  const hidden = runLlamaLayers(cfg, p, x, validPositions(batch), boundary, cfg.numLayers);
  const normed = rmsNorm(hidden, p['norm.weight'].ref, cfg.rmsNormEps); // [b, s, hidden]
  return normed.mul(slots).sum(1); // [b, hidden]
}

/** Full Item LLM forward: tokens in, [batch, hidden] item embeddings out ([ITEM] at `boundary`). Borrows `p`. */
export function itemEmbeddings(
  cfg: LlamaConfig,
  p: Params,
  batch: ItemBatch,
  boundary = 0,
): np.Array {
  return itemEmbeddingsFrom(cfg, p, boundaryStates(cfg, p, batch, boundary), batch, boundary);
}

/**
 * Final-norm hidden states of plain token sequences (no [ITEM] slot), [batch, seq, hidden],
 * right-padded with `lengths` real tokens per row; what an ONNX `last_hidden_state` export gives.
 * Borrows `p`.
 */
export function llamaHiddenStates(
  cfg: LlamaConfig,
  p: Params,
  ids: Int32Array,
  lengths: Int32Array,
  seq: number,
): np.Array {
  const batch = lengths.length;
  const tokens = np.array(ids, { dtype: np.int32 }).reshape([batch, seq]);
  const valid = new Float32Array(batch * seq);
  lengths.forEach((len, b) => valid.fill(1, b * seq, b * seq + len));
  const mask = np.greater(np.array(valid).reshape([batch, seq]), 0.5);
  const x = runLlamaLayers(
    cfg,
    p,
    np.take(p['embed_tokens.weight'].ref, tokens, 0),
    mask,
    0,
    cfg.numLayers,
  );
  return rmsNorm(x, p['norm.weight'].ref, cfg.rmsNormEps);
}
