import type { HllmConfig, LlamaConfig } from '../../config/runConfig';
import { llamaHiddenStates } from '../../itemEncoders/itemLlm';
import { poolHidden, type Pooling } from '../../itemEncoders/pooling';
import { createRecommender } from '../createRecommender';
import { toDevice } from '../params';
import type { HostParams, HostTensor, Recommender, RecommenderInit } from '../recommender';
import { catalogueLayout, catalogueSlice } from './itemRows';

/**
 * Item embeddings [numItems, hidden] of a frozen Llama: final-norm token states of each item's
 * prompt, pooled (`last` = HLLM's last-token read-out), in chunks of `chunk` items.
 */
export async function frozenItemEmbeddings(
  config: LlamaConfig,
  weights: HostParams,
  tokenIds: readonly (readonly number[])[],
  pooling: Pooling,
  chunk = 64,
): Promise<HostTensor> {
  const p = toDevice(weights);
  const dim = config.hiddenSize;
  const out = new Float32Array(tokenIds.length * dim);
  const catalogue = catalogueLayout(tokenIds); // [numItems, seq]
  try {
    for (let start = 0; start < tokenIds.length; start += chunk) {
      const b = catalogueSlice(catalogue, start, Math.min(start + chunk, tokenIds.length));
      const states = await llamaHiddenStates(config, p, b.ids, b.lengths, b.seq).data(); // [b, seq, dim]
      const mask = new Uint8Array(b.batch * b.seq);
      b.lengths.forEach((len, r) => mask.fill(1, r * b.seq, r * b.seq + len));
      out.set(poolHidden(states as Float32Array, mask, b.batch, b.seq, dim, pooling), start * dim);
    }
  } finally {
    for (const a of Object.values(p)) a.dispose();
  }
  return { shape: [tokenIds.length, dim], data: out };
}

/**
 * HLLM with a frozen Item LLM: the catalogue's item embeddings are computed once and the User LLM
 * (with a learned input projection) trains over them as precomputed embeddings. The returned
 * recommender reports `config` unchanged.
 */
export function createFrozenHllm(
  config: HllmConfig,
  init: RecommenderInit,
  itemEmbeddings: HostTensor,
  source: string,
): Recommender {
  const inner = createRecommender(
    { ...config, itemEncoder: { kind: 'precomputed', path: `frozen Item LLM ${source}` } },
    init,
    { itemTextEmbeddings: itemEmbeddings },
  );
  return {
    config,
    numItems: inner.numItems,
    dim: inner.dim,
    trainStep: (batch) => inner.trainStep(batch),
    encodeUsers: (histories, n, seqLen) => inner.encodeUsers(histories, n, seqLen),
    encodeItems: () => inner.encodeItems(),
    getParams: () => inner.getParams(),
    setParams: (params) => inner.setParams(params),
    dispose: () => inner.dispose(),
  };
}
