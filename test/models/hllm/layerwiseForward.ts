import { numpy as np, tree } from '@jax-js/jax';
import type { LlamaConfig } from '../../../src/config/runConfig';
import type { ItemBatch } from '../../../src/itemEncoders/itemLlm';
import {
  createLayerwiseItemLlm,
  type ItemRowInputs,
  type LayerwiseItemLlm,
} from '../../../src/models/hllm/layerwiseItemLlm';
import type { Params } from '../../../src/models/params';

/**
 * The production layerwise Item LLM driven on whole batches, for tests against PyTorch goldens,
 * ONNX and finite differences. `p` holds every weight (and `item_token`); all functions borrow it.
 */

/** [batch, seq] bool, true for the first `upTo[b]` positions of row b. */
function prefixMask(upTo: ArrayLike<number>, seq: number): np.Array {
  const valid = new Float32Array(upTo.length * seq);
  for (let b = 0; b < upTo.length; b++) valid.fill(1, b * seq, b * seq + upTo[b]);
  return np.greater(np.array(valid).reshape([upTo.length, seq]), 0.5);
}

/** Token embeddings [batch, seq, hidden] of an item batch's text ids (`p` borrowed). */
function tokenEmbeddings(p: Params, batch: ItemBatch): np.Array {
  const ids = np.array(batch.ids, { dtype: np.int32 }).reshape([batch.batch, batch.seq]);
  return np.take(p['embed_tokens.weight'].ref, ids, 0);
}

/** Device inputs of an item batch (text states, [ITEM] slots, valid up to the slot). */
function rowInputs(batch: ItemBatch, states: np.Array): ItemRowInputs {
  const slots = new Float32Array(batch.batch * batch.seq);
  batch.lengths.forEach((len, b) => (slots[b * batch.seq + len] = 1));
  return {
    states,
    slots: np.array(slots).reshape([batch.batch, batch.seq]),
    valid: prefixMask(
      Array.from(batch.lengths, (len) => len + 1),
      batch.seq,
    ),
  };
}

/** Runs `fn` with a fresh layerwise Item LLM of `cfg` and `stageLayers` layers per stage. */
async function withRunner<T>(
  cfg: LlamaConfig,
  boundary: number,
  fn: (runner: LayerwiseItemLlm) => Promise<T>,
  stageLayers = 1,
): Promise<T> {
  const runner = createLayerwiseItemLlm(cfg, boundary, stageLayers);
  try {
    return await fn(runner);
  } finally {
    runner.dispose();
  }
}

/** Final-norm states [batch, seq, hidden] of right-padded token rows with `lengths` tokens. */
export function hiddenStates(
  cfg: LlamaConfig,
  p: Params,
  ids: Int32Array,
  lengths: Int32Array,
  seq: number,
): Promise<np.Array> {
  return withRunner(cfg, 0, async (runner) => {
    const w = { trainable: {}, frozen: p };
    const tokens = np.array(ids, { dtype: np.int32 }).reshape([lengths.length, seq]);
    const embeds = np.take(p['embed_tokens.weight'].ref, tokens, 0); // [batch, seq, hidden]
    const x = await runner.runLayers(w, embeds, prefixMask(lengths, seq), 0, cfg.numLayers);
    return runner.finalNorm(w, x);
  });
}

/** Text states [batch, seq, hidden] entering layer `boundary` (token embeddings below it run). */
export function boundaryStates(
  cfg: LlamaConfig,
  p: Params,
  batch: ItemBatch,
  boundary: number,
): Promise<np.Array> {
  return withRunner(cfg, boundary, async (runner) => {
    const w = { trainable: {}, frozen: p };
    const rows = rowInputs(batch, tokenEmbeddings(p, batch));
    rows.slots.dispose();
    return runner.runLayers(w, rows.states, rows.valid, 0, boundary);
  });
}

/** Item embeddings [batch, hidden] with [ITEM] entering at `boundary` (from `states` when given). */
export async function itemEmbeddings(
  cfg: LlamaConfig,
  p: Params,
  batch: ItemBatch,
  boundary = 0,
  states?: np.Array,
): Promise<np.Array> {
  const text =
    states ??
    (boundary > 0 ? await boundaryStates(cfg, p, batch, boundary) : tokenEmbeddings(p, batch));
  return withRunner(cfg, boundary, (runner) =>
    runner.embed({ trainable: {}, frozen: p }, rowInputs(batch, text)),
  );
}

/**
 * Gradient of ⟨itemEmbeddings, dEmb⟩ with respect to the [ITEM] vector ([hidden]), through the
 * layerwise backward (per-stage `vjp`s).
 */
export async function itemTokenGradient(
  cfg: LlamaConfig,
  p: Params,
  batch: ItemBatch,
  boundary: number,
  dEmb: np.Array,
  stageLayers = 1,
): Promise<np.Array> {
  const states =
    boundary > 0 ? await boundaryStates(cfg, p, batch, boundary) : tokenEmbeddings(p, batch);
  return withRunner(
    cfg,
    boundary,
    async (runner) => {
      const { item_token: item, ...rest } = p;
      const acc: Params = {};
      const w = { trainable: { item_token: item }, frozen: rest };
      await runner.accumulateGrads(w, rowInputs(batch, states), dEmb, acc);
      const g = acc.item_token;
      delete acc.item_token;
      tree.dispose(acc);
      return g;
    },
    stageLayers,
  );
}
