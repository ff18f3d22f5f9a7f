import type { LlamaConfig } from '../config/runConfig';
import { itemBoundary, type FinetuneMode } from './itemLlmModel';

/** What an Item LLM run holds in memory. */
export interface ItemLlmWorkload {
  config: LlamaConfig;
  mode: FinetuneMode;
  /** Items encoded per training step. */
  batchItems: number;
  /** Items in the catalogue. */
  catalogueItems: number;
  maxTextTokens: number;
}

/** Estimated float32 bytes by part. */
export interface ItemLlmMemory {
  weights: number;
  /** Gradients plus AdamW's two moments of the trainable weights. */
  optimizer: number;
  /** Activations kept for the backward pass of one batch (forward only when frozen). */
  activations: number;
  /** Cached text states at the top-k boundary for the whole catalogue. */
  boundaryCache: number;
  /** The catalogue's item embeddings. */
  itemTable: number;
  total: number;
}

const BYTES = 4;

/** Parameter count of a Llama with its embedding table. */
export function llamaParamCount(c: LlamaConfig): number {
  const headDim = c.hiddenSize / c.numHeads;
  const attention =
    2 * c.hiddenSize * c.numHeads * headDim + 2 * c.hiddenSize * c.numKvHeads * headDim;
  const mlp = 3 * c.hiddenSize * c.intermediateSize;
  return (
    c.vocabSize * c.hiddenSize + c.numLayers * (attention + mlp + 2 * c.hiddenSize) + c.hiddenSize
  );
}

/**
 * Estimates memory of an Item LLM run. Per token and layer the backward pass keeps about
 * 10 × hidden + 3 × intermediate values plus heads × seq attention weights.
 */
export function estimateItemLlmMemory(w: ItemLlmWorkload): ItemLlmMemory {
  const c = w.config;
  const boundary = itemBoundary(c, w.mode);
  const seq = w.maxTextTokens + 1;
  const layerParams =
    (llamaParamCount(c) - c.vocabSize * c.hiddenSize - c.hiddenSize) / c.numLayers;
  const trainableParams =
    w.mode === 'frozen'
      ? 0
      : w.mode === 'all'
        ? llamaParamCount(c) + c.hiddenSize
        : (c.numLayers - boundary) * layerParams + 2 * c.hiddenSize;
  const perTokenLayer = 10 * c.hiddenSize + 3 * c.intermediateSize + c.numHeads * seq;
  const keptLayers = w.mode === 'frozen' ? 1 : c.numLayers - boundary;
  const parts = {
    weights: llamaParamCount(c) * BYTES,
    optimizer: trainableParams * 3 * BYTES,
    activations: w.batchItems * seq * perTokenLayer * keptLayers * BYTES,
    boundaryCache: typeof w.mode === 'object' ? w.catalogueItems * seq * c.hiddenSize * BYTES : 0,
    itemTable: w.catalogueItems * c.hiddenSize * BYTES,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}

const ADVICE: Record<Exclude<keyof ItemLlmMemory, 'total'>, string> = {
  weights: 'choose a smaller model',
  optimizer: 'train fewer layers (top-k or frozen) or choose a smaller model',
  activations: 'lower the batch size, maxTextTokens or the number of trained layers',
  boundaryCache: 'lower maxTextTokens or the catalogue size, or train all layers instead of top-k',
  itemTable: 'use a smaller catalogue',
};

/**
 * Refuses a run whose estimate exceeds `budgetBytes`, naming the biggest part and what to shrink.
 * Returns the estimate when it fits.
 */
export function checkItemLlmMemory(w: ItemLlmWorkload, budgetBytes: number): ItemLlmMemory {
  const m = estimateItemLlmMemory(w);
  if (m.total <= budgetBytes) return m;
  const parts = Object.keys(ADVICE) as (keyof typeof ADVICE)[];
  const biggest = parts.reduce((a, b) => (m[b] > m[a] ? b : a));
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  throw new Error(
    `Item LLM needs about ${mib(m.total)} but ${mib(budgetBytes)} is available; the largest part is ${biggest} (${mib(m[biggest])}): ${ADVICE[biggest]}`,
  );
}
