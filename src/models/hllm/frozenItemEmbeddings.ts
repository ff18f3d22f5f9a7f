import { numpy as np, tree } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { poolHidden, type Pooling } from '../../itemEncoders/pooling';
import { toDevice, type StorageDtype } from '../params';
import type { HostParams, HostTensor } from '../recommender';
import { forEachChunk, type PassProgressCallback } from './cataloguePass';
import { EMBED_TOKENS, embedRows } from './hostEmbeddings';
import { catalogueLayout, gatherItemRows } from './itemRows';
import { createLayerwiseItemLlm } from './layerwiseItemLlm';

/** How a frozen Item LLM runs over the catalogue. */
export interface FrozenEncodeOptions {
  /** Items per call (default 64). */
  chunk?: number;
  /** How the weights are stored on the device (default float32). */
  storage?: StorageDtype;
  onPass?: PassProgressCallback;
}

/**
 * Item embeddings [numItems, hidden] of a frozen Llama: final-norm token states of each item's
 * prompt, pooled (`last` = HLLM's last-token read-out), `chunk` items at a time and one decoder
 * layer per call, so the device holds the decoder's weights (not the token embeddings, looked
 * up on the host) and one layer's intermediates of one chunk.
 */
export async function frozenItemEmbeddings(
  config: LlamaConfig,
  weights: HostParams,
  tokenIds: readonly (readonly number[])[],
  pooling: Pooling,
  options: FrozenEncodeOptions = {},
): Promise<HostTensor> {
  const chunk = Math.min(options.chunk ?? 64, tokenIds.length);
  const dim = config.hiddenSize;
  const out = new Float32Array(tokenIds.length * dim);
  const catalogue = catalogueLayout(tokenIds); // [numItems, seq]
  const seq = catalogue.seq;
  const runner = createLayerwiseItemLlm(config, 0, config.numLayers);
  // The token embeddings are looked up on the host; the table is never uploaded.
  const { [EMBED_TOKENS]: table, ...layers } = weights;
  const w = { trainable: {}, frozen: toDevice(layers, options.storage) };
  try {
    await forEachChunk(
      'frozen encoding',
      tokenIds.length,
      chunk,
      async (start, end) => {
        const items = Int32Array.from({ length: end - start }, (_, i) => start + i);
        const rows = gatherItemRows(catalogue, items, chunk);
        const embeds = np.array(embedRows(table, rows.ids)).reshape([chunk, seq, dim]);
        const valid = np.greater(np.array(rows.valid).reshape([chunk, seq]), 0.5);
        const x = await runner.runLayers(w, embeds, valid, 0, config.numLayers);
        const states = (await runner.finalNorm(w, x).data()) as Float32Array; // [chunk, seq, dim]
        const count = end - start;
        const mask = new Uint8Array(count * seq);
        for (let r = 0; r < count; r++)
          mask.fill(1, r * seq, r * seq + catalogue.lengths[start + r]);
        const pooled = poolHidden(
          states.subarray(0, count * seq * dim),
          mask,
          count,
          seq,
          dim,
          pooling,
        );
        out.set(pooled, start * dim);
      },
      options.onPass,
    );
  } finally {
    tree.dispose(w.frozen);
    runner.dispose();
  }
  return { shape: [tokenIds.length, dim], data: out };
}
