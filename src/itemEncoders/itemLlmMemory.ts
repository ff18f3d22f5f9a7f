import { defaultDevice, getWebGPUDevice } from '@jax-js/jax';
import type { LlamaConfig } from '../config/runConfig';
import type { StorageDtype } from '../models/params';
import { itemBoundary, type FinetuneMode } from './itemLlmModel';

/** The User LLM an HLLM run trains over the item embeddings. */
export interface UserLlmWorkload {
  config: LlamaConfig;
  /** History positions per step (batch × history). */
  tokens: number;
  /** Item vectors pass through a projection (the widths differ, or precomputed features). */
  project: boolean;
}

/** What an HLLM run holds in memory. */
export interface ItemLlmWorkload {
  config: LlamaConfig;
  mode: FinetuneMode;
  /** LoRA rank on the trained layers (0 or absent = off). */
  lora?: number;
  /** Items encoded per training step (its distinct items, re-encoded negatives included). */
  batchItems: number;
  /** Items in the catalogue. */
  catalogueItems: number;
  maxTextTokens: number;
  /** Items per Item LLM call: micro-batch of a step, chunk of a catalogue pass (default `ITEM_ROWS`). */
  itemRows?: number;
  /** Decoder layers per checkpointed stage of the backward pass (default: every trained layer). */
  stageLayers?: number;
  /** How frozen weights and cached states are stored (default float32). */
  storage?: StorageDtype;
  /** Cached negatives: a [catalogue, hidden] table refreshed each epoch. */
  epochCache?: boolean;
  /** The User LLM trained beside the Item LLM (left out when absent). */
  user?: UserLlmWorkload;
}

/** Items per Item LLM call when none is planned: the micro-batch and the catalogue chunk. */
export const ITEM_ROWS = 64;

/**
 * Where an Item LLM run keeps its tensors: jax-js's Wasm heap (one 32-bit linear memory), or a
 * WebGPU device, whose adapter limits cap each buffer.
 */
export type MemoryBackend =
  { kind: 'wasm' } | { kind: 'webgpu'; maxBufferSize: number; maxStorageBufferBindingSize: number };

/** jax-js's Wasm backend, the backend of Node tests, the CLI and the browser's fallback. */
export const WASM_BACKEND: MemoryBackend = { kind: 'wasm' };

/** A memory32 Wasm heap addresses at most 4 GiB; jax-js throws beyond it. */
export const WASM_HEAP_LIMIT = 2 ** 32;

/** The backend of jax-js's default device: WebGPU with its device's buffer limits, else Wasm. */
export function defaultMemoryBackend(): MemoryBackend {
  if (defaultDevice() !== 'webgpu') return WASM_BACKEND;
  const { limits } = getWebGPUDevice();
  return {
    kind: 'webgpu',
    maxBufferSize: limits.maxBufferSize,
    maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
  };
}

/** Estimated device bytes by part (and the host bytes of cached text states). */
export interface ItemLlmMemory {
  /** Weights on the device while training: trained ones in float32, frozen ones as stored. */
  weights: number;
  /** Gradients plus AdamW's two moments of everything that trains. */
  optimizer: number;
  /** Transient values of a training step: one micro-batch's stage backward, or the User LLM's. */
  activations: number;
  /** Transient values of one chunk through one layer in a pass over the catalogue. */
  cataloguePass: number;
  /** The catalogue's item embeddings (and the cached negatives when they are on). */
  itemTable: number;
  /** Peak while the boundary cache is built (the frozen lower layers on the device); 0 without. */
  setup: number;
  /** Host bytes of the cached text states at the top-k boundary (not on the device). */
  hostCache: number;
  /** Peak device bytes: the set-up, or training with a catalogue pass. */
  total: number;
  /** Bytes of the largest single tensor, checked against a WebGPU device's buffer limits. */
  largestBuffer: number;
}

const F32 = 4;

/** Parameters of one decoder layer (attention biases included). */
export function llamaLayerParams(c: LlamaConfig): number {
  const headDim = c.hiddenSize / c.numHeads;
  const attention =
    2 * c.hiddenSize * c.numHeads * headDim + 2 * c.hiddenSize * c.numKvHeads * headDim;
  const mlp = 3 * c.hiddenSize * c.intermediateSize;
  const bias = c.attentionBias ?? 'none';
  const biases =
    bias === 'none'
      ? 0
      : (c.numHeads + 2 * c.numKvHeads) * headDim + (bias === 'qkvo' ? c.hiddenSize : 0);
  return attention + mlp + biases + 2 * c.hiddenSize;
}

/** Parameter count of a Llama with its embedding table (attention biases included). */
export function llamaParamCount(c: LlamaConfig): number {
  return c.vocabSize * c.hiddenSize + c.numLayers * llamaLayerParams(c) + c.hiddenSize;
}

/** Parameters of the rank-`r` LoRA adapters of one layer's seven linear weights. */
function loraLayerParams(c: LlamaConfig, r: number): number {
  const kv = c.numKvHeads * (c.hiddenSize / c.numHeads);
  const d = c.hiddenSize;
  const inOut = [d + d, d + kv, d + kv, d + d, d + c.intermediateSize, d + c.intermediateSize];
  return r * (inOut.reduce((a, b) => a + b, 0) + c.intermediateSize + d);
}

/** Floats kept per token and layer: multiples of heads × seq, hidden and intermediate. */
export interface PerToken {
  attention: number;
  hidden: number;
  intermediate: number;
}

/** Per-token-and-layer footprints of a backend's passes and backward stages. */
interface Footprint {
  /** One layer's forward in a pass (no graph). */
  pass: PerToken;
  /** One layer's backward (its forward recomputed inside the `vjp`). */
  grad: PerToken;
}

/**
 * Wasm footprints, fitted to `bench/itemLlmScale.ts` (Node, jax-js 0.1.25; BENCHMARKS.md has the
 * table). jax-js's allocator reuses a freed buffer only for the same size class and the heap
 * never shrinks, so every buffer shape of a call counts once per call it is alive in.
 */
const WASM_FOOTPRINT: Footprint = {
  pass: { attention: 3, hidden: 8, intermediate: 4 },
  grad: { attention: 8, hidden: 24, intermediate: 10 },
};

/**
 * WebGPU footprints, not measured on a GPU: the analytic count of what a call keeps alive
 * (jax-js's WebGPU backend pools freed buffers per size up to 64 MiB).
 */
const WEBGPU_FOOTPRINT: Footprint = {
  pass: { attention: 2, hidden: 6, intermediate: 3 },
  grad: { attention: 6, hidden: 18, intermediate: 8 },
};

/** Trained and frozen parameters of the Item LLM on the device while training. */
function itemParams(w: ItemLlmWorkload): { trained: number; frozen: number } {
  const c = w.config;
  const layer = llamaLayerParams(c);
  const embed = c.vocabSize * c.hiddenSize;
  const lora = w.lora ?? 0;
  if (w.mode === 'frozen') return { trained: 0, frozen: llamaParamCount(c) };
  const trainedLayers = c.numLayers - itemBoundary(c, w.mode);
  const head = 2 * c.hiddenSize; // final norm and [ITEM]
  const layers =
    lora > 0
      ? {
          trained: trainedLayers * (loraLayerParams(c, lora) + 2 * c.hiddenSize),
          frozen: trainedLayers * (layer - 2 * c.hiddenSize),
        }
      : { trained: trainedLayers * layer, frozen: 0 };
  if (w.mode === 'all') {
    return lora > 0
      ? { trained: layers.trained + head, frozen: layers.frozen + embed }
      : { trained: layers.trained + head + embed, frozen: 0 };
  }
  return { trained: layers.trained + head, frozen: layers.frozen };
}

/** Parameters of the User LLM (decoder, final norm, projection, logit scale). */
function userParams(u: UserLlmWorkload, itemHidden: number): number {
  const c = u.config;
  const projection = u.project ? c.hiddenSize * (itemHidden + 1) : 0;
  return c.numLayers * llamaLayerParams(c) + c.hiddenSize + projection + 1;
}

/**
 * Estimates the device memory of an HLLM run on `backend` (Wasm by default): weights
 * (trained ones float32, frozen ones as stored), gradients and moments of everything that
 * trains, a step's transients (one micro-batch's checkpointed stage backward through the Item
 * LLM, or the User LLM's graph), one chunk of a catalogue pass through one layer, the item
 * table, and the set-up peak of the boundary cache; the cache itself stays on the host.
 */
export function estimateItemLlmMemory(
  w: ItemLlmWorkload,
  backend: MemoryBackend = WASM_BACKEND,
): ItemLlmMemory {
  const c = w.config;
  const stored = w.storage === 'float16' ? 2 : F32;
  const boundary = itemBoundary(c, w.mode);
  const trainedLayers = w.mode === 'frozen' ? 0 : c.numLayers - boundary;
  const seq = Math.ceil((w.maxTextTokens + 1) / 4) * 4;
  const rows = Math.min(w.itemRows ?? ITEM_ROWS, w.catalogueItems);
  const microRows = Math.min(rows, Math.max(1, w.batchItems));
  const stage = Math.min(w.stageLayers ?? trainedLayers, trainedLayers);
  const footprint = backend.kind === 'wasm' ? WASM_FOOTPRINT : WEBGPU_FOOTPRINT;
  const perToken = (k: PerToken, cfg: LlamaConfig, positions: number) =>
    k.attention * cfg.numHeads * positions +
    k.hidden * cfg.hiddenSize +
    k.intermediate * cfg.intermediateSize;

  const item = itemParams(w);
  const user = w.user === undefined ? 0 : userParams(w.user, c.hiddenSize);
  const trained = item.trained + user;
  const chunkTokens = rows * seq;
  const cataloguePass = chunkTokens * (perToken(footprint.pass, c, seq) + 2 * c.hiddenSize) * F32;
  const checkpoints = stage > 0 ? Math.ceil(trainedLayers / stage) * microRows * seq : 0;
  const itemStep =
    w.mode === 'frozen'
      ? 0
      : (checkpoints * c.hiddenSize +
          stage * microRows * seq * perToken(footprint.grad, c, seq) +
          3 * w.batchItems * c.hiddenSize) *
        F32;
  const userStep =
    w.user === undefined
      ? 0
      : w.user.tokens *
        w.user.config.numLayers *
        perToken(footprint.grad, w.user.config, w.user.tokens) *
        F32;
  const userWidth = w.user?.config.hiddenSize ?? 0;
  const itemTable =
    w.catalogueItems * (c.hiddenSize + userWidth + (w.epochCache ? c.hiddenSize : 0)) * F32;
  const weights = trained * F32 + item.frozen * stored;
  const optimizer = trained * 3 * F32;
  const activations = Math.max(itemStep, userStep);
  const setup =
    boundary > 0
      ? (c.vocabSize * c.hiddenSize + boundary * llamaLayerParams(c)) * stored + cataloguePass
      : 0;
  // A frozen Item LLM encodes the catalogue once; the User LLM trains after its weights are gone.
  const total =
    w.mode === 'frozen'
      ? Math.max(weights + cataloguePass + itemTable, user * 4 * F32 + userStep + itemTable)
      : Math.max(setup, weights + optimizer + activations + cataloguePass + itemTable);
  const largestBuffer = Math.max(
    c.vocabSize * c.hiddenSize * (w.mode === 'all' && !(w.lora ?? 0) ? F32 : stored),
    rows * c.numHeads * seq * seq * F32, // attention weights of a call
    w.catalogueItems * c.hiddenSize * F32,
  );
  return {
    weights: w.mode === 'frozen' ? item.frozen * stored + user * F32 : weights,
    optimizer: w.mode === 'frozen' ? user * 3 * F32 : optimizer,
    activations: w.mode === 'frozen' ? userStep : activations,
    cataloguePass,
    itemTable,
    setup,
    hostCache: boundary > 0 ? w.catalogueItems * seq * c.hiddenSize * stored : 0,
    total,
    largestBuffer,
  };
}

type Part = 'weights' | 'optimizer' | 'activations' | 'cataloguePass' | 'itemTable' | 'setup';

const ADVICE: Record<Part, string> = {
  weights: 'choose a smaller model, or LoRA adapters instead of training its weights',
  optimizer: 'train fewer layers (top-k), use LoRA adapters, or a smaller User LLM',
  activations: 'lower the micro-batch, maxTextTokens or the batch size',
  cataloguePass: 'lower the micro-batch or maxTextTokens',
  itemTable: 'use a smaller catalogue',
  setup: 'choose a smaller model (its frozen layers run once over the catalogue)',
};

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** The bytes a run may use on `backend`: the budget, and on Wasm at most the 4 GiB heap. */
export function usableBytes(budgetBytes: number, backend: MemoryBackend): number {
  return backend.kind === 'wasm' ? Math.min(budgetBytes, WASM_HEAP_LIMIT) : budgetBytes;
}

/**
 * Why the run estimated by `m` does not fit `budgetBytes` on `backend` (on Wasm also the 4 GiB
 * heap, on WebGPU a buffer over the device's limits), naming the biggest part and what to
 * shrink; null when it fits.
 */
export function memoryRefusal(
  m: ItemLlmMemory,
  budgetBytes: number,
  backend: MemoryBackend = WASM_BACKEND,
): string | null {
  if (backend.kind === 'webgpu') {
    const bufferLimit = Math.min(backend.maxBufferSize, backend.maxStorageBufferBindingSize);
    if (m.largestBuffer > bufferLimit) {
      return `Item LLM needs a ${mib(m.largestBuffer)} buffer but this WebGPU device allows ${mib(bufferLimit)}: lower the micro-batch, maxTextTokens or the catalogue size, or choose a smaller model`;
    }
  }
  const limit = usableBytes(budgetBytes, backend);
  if (m.total <= limit) return null;
  const parts = Object.keys(ADVICE) as Part[];
  const biggest = parts.reduce((a, b) => (m[b] > m[a] ? b : a));
  const where = backend.kind === 'wasm' ? 'Wasm heap' : 'WebGPU';
  return `Item LLM needs about ${mib(m.total)} but ${mib(limit)} is available; the largest part is ${biggest} (${mib(m[biggest])}): ${ADVICE[biggest]} (${where} estimate)`;
}

/** Throws the refusal of `memoryRefusal` when the run does not fit; returns the estimate. */
export function checkItemLlmMemory(
  w: ItemLlmWorkload,
  budgetBytes: number,
  backend: MemoryBackend = WASM_BACKEND,
): ItemLlmMemory {
  const m = estimateItemLlmMemory(w, backend);
  const refusal = memoryRefusal(m, budgetBytes, backend);
  if (refusal !== null) throw new Error(refusal);
  return m;
}
