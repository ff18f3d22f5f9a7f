import { numpy as np } from '@jax-js/jax';
import type { LlamaConfig } from '../config/runConfig';
import type { Params } from '../models/params';
import { boundaryStates, buildItemBatch, itemEmbeddings, type ItemBatch } from './itemLlm';
import { tokenizeItemPrompt, type ItemText, type PromptTokenizer } from './prompt';

/** Every item's prompt tokens, truncated to `maxTextTokens` (the Item LLM's input). */
export function tokenizeCatalogue(
  tokenizer: PromptTokenizer,
  items: readonly ItemText[],
  fields: readonly string[],
  maxTextTokens: number,
): number[][] {
  return items.map((item) => tokenizeItemPrompt(tokenizer, item, fields, maxTextTokens));
}

/** Text states of the whole catalogue at the top-k boundary, computed once (frozen lower layers). */
export interface BoundaryCache {
  boundary: number;
  /** Positions per item: longest text + 1. */
  seq: number;
  /** [numItems, seq, hidden] */
  states: np.Array;
  /** [numItems, seq] text ids (0 at the [ITEM] slot and padding). */
  ids: Int32Array;
  /** [numItems] text tokens per item. */
  lengths: Int32Array;
}

/**
 * Runs the frozen layers 0..boundary-1 over the catalogue in chunks of `chunk` items and keeps the
 * states on the device. Borrows `p` (embedding table, lower layers).
 */
export function buildBoundaryCache(
  cfg: LlamaConfig,
  p: Params,
  tokenIds: readonly (readonly number[])[],
  boundary: number,
  chunk: number,
): BoundaryCache {
  const full = buildItemBatch(tokenIds);
  const parts: np.Array[] = [];
  for (let start = 0; start < tokenIds.length; start += chunk) {
    parts.push(
      boundaryStates(
        cfg,
        p,
        buildItemBatch(tokenIds.slice(start, start + chunk), full.seq),
        boundary,
      ),
    );
  }
  const states = parts.length === 1 ? parts[0] : np.concatenate(parts, 0);
  return { boundary, seq: full.seq, states, ids: full.ids, lengths: full.lengths };
}

/** The cached states [batch, seq, hidden] and the `ItemBatch` of the given items (0-based). */
export function gatherBoundary(
  cache: BoundaryCache,
  items: Int32Array,
): { states: np.Array; batch: ItemBatch } {
  const ids = new Int32Array(items.length * cache.seq);
  const lengths = new Int32Array(items.length);
  items.forEach((item, b) => {
    ids.set(cache.ids.subarray(item * cache.seq, (item + 1) * cache.seq), b * cache.seq);
    lengths[b] = cache.lengths[item];
  });
  const states = np.take(cache.states.ref, np.array(items, { dtype: np.int32 }), 0);
  return { states, batch: { batch: items.length, seq: cache.seq, ids, lengths } };
}

/**
 * Item embeddings of the whole catalogue, [numItems, hidden] float32 on the host, in chunks of
 * `chunk` items ([ITEM] entering at `boundary`). Borrows `p`.
 */
export async function encodeCatalogue(
  cfg: LlamaConfig,
  p: Params,
  tokenIds: readonly (readonly number[])[],
  boundary: number,
  chunk: number,
): Promise<Float32Array> {
  const out = new Float32Array(tokenIds.length * cfg.hiddenSize);
  for (let start = 0; start < tokenIds.length; start += chunk) {
    const emb = itemEmbeddings(
      cfg,
      p,
      buildItemBatch(tokenIds.slice(start, start + chunk)),
      boundary,
    );
    out.set(await emb.data(), start * cfg.hiddenSize);
  }
  return out;
}
