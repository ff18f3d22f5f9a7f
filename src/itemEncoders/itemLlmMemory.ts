import { defaultDevice, getWebGPUDevice } from '@jax-js/jax';
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
  /** Items per Item LLM call in a pass over the catalogue (default `CATALOGUE_CHUNK`). */
  encodeChunk?: number;
}

/** Items per Item LLM call when a joint HLLM encodes the whole catalogue. */
export const CATALOGUE_CHUNK = 64;

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

/** Estimated bytes by part, as the backend holds them. */
export interface ItemLlmMemory {
  weights: number;
  /** Gradients plus AdamW's two moments of the trainable weights. */
  optimizer: number;
  /** Transient values of one training step (forward and backward of the trained layers). */
  activations: number;
  /** Cached text states at the top-k boundary for the whole catalogue. */
  boundaryCache: number;
  /**
   * Transient values of a pass over the whole catalogue (boundary cache, `encodeItems`), which holds
   * one chunk at a time; always set by `estimateItemLlmMemory` (optional so estimates made before it existed still type-check).
   */
  cataloguePass?: number;
  /** The catalogue's item embeddings. */
  itemTable: number;
  total: number;
  /**
   * Bytes of the largest single tensor, checked against a WebGPU device's buffer limits; always
   * set by `estimateItemLlmMemory`.
   */
  largestBuffer?: number;
}

const BYTES = 4;

/** Parameter count of a Llama with its embedding table (attention biases included). */
export function llamaParamCount(c: LlamaConfig): number {
  const headDim = c.hiddenSize / c.numHeads;
  const attention =
    2 * c.hiddenSize * c.numHeads * headDim + 2 * c.hiddenSize * c.numKvHeads * headDim;
  const mlp = 3 * c.hiddenSize * c.intermediateSize;
  const bias = c.attentionBias ?? 'none';
  const biases =
    bias === 'none'
      ? 0
      : (c.numHeads + 2 * c.numKvHeads) * headDim + (bias === 'qkvo' ? c.hiddenSize : 0);
  return (
    c.vocabSize * c.hiddenSize +
    c.numLayers * (attention + mlp + biases + 2 * c.hiddenSize) +
    c.hiddenSize
  );
}

/** Floats kept per token and layer: multiples of heads × seq, hidden and intermediate. */
interface PerToken {
  attention: number;
  hidden: number;
  intermediate: number;
}

/** Per-token-and-layer footprints of a training step and of a pass over the catalogue. */
interface Footprint {
  step: PerToken;
  pass: PerToken;
}

/**
 * Wasm footprints fitted to `bench/hllmMemory.ts` (Node, jax-js 0.1.25; docs/item-llm-checkpoints.md
 * has the table): 6 runs of the tiny-llama fixture (2 × 32, 4 heads) top-1 and all and of a scratch
 * 2 × 64 Llama (2 heads), 224–448 items per step, 33–97 tokens, 500–1,000 items, peaks 134–806
 * MiB. jax-js's allocator reuses a freed buffer only for the same size class and the heap never
 * shrinks, so a step keeps about 9 × heads × seq + 90 × hidden floats per token and trained layer
 * (measured 3.4k–6.4k). A pass over the catalogue (boundary cache, `encodeItems`) reads each
 * chunk back before the next, so it holds one chunk's intermediates: 8 × heads × seq + 92 × hidden
 * per chunk token and layer it runs, fitted to the set-up of top-1 (3.9k at 33 tokens, 5.8k at 97,
 * for 500 and 1,000 items alike). The step and the pass use differently sized buffers, so they add
 * up.
 */
const WASM_FOOTPRINT: Footprint = {
  step: { attention: 9, hidden: 90, intermediate: 0 },
  pass: { attention: 8, hidden: 92, intermediate: 0 },
};

/**
 * WebGPU footprints, not measured: the analytic count per token and layer, with a 2× allowance for
 * a step's temporaries (jax-js's WebGPU backend destroys freed buffers instead of keeping them per
 * size), and once per chunk token for a pass (each chunk is read back before the next).
 */
const WEBGPU_FOOTPRINT: Footprint = {
  step: { attention: 2, hidden: 20, intermediate: 6 },
  pass: { attention: 1, hidden: 10, intermediate: 3 },
};

/**
 * Estimates the memory of an Item LLM run on `backend` (Wasm by default): weights, optimizer state
 * and caches at 4 bytes a value, plus a training step's and a catalogue pass's transient values
 * from the backend's measured footprint per token and layer (see `WASM_FOOTPRINT`).
 */
export function estimateItemLlmMemory(
  w: ItemLlmWorkload,
  backend: MemoryBackend = WASM_BACKEND,
): ItemLlmMemory {
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
  const footprint = backend.kind === 'wasm' ? WASM_FOOTPRINT : WEBGPU_FOOTPRINT;
  const perToken = (k: PerToken) =>
    k.attention * c.numHeads * seq + k.hidden * c.hiddenSize + k.intermediate * c.intermediateSize;
  const keptLayers = w.mode === 'frozen' ? 1 : c.numLayers - boundary;
  const chunkItems = Math.min(w.catalogueItems, w.encodeChunk ?? CATALOGUE_CHUNK);
  // Building the boundary cache runs the layers below it; `encodeItems` the trained ones.
  const passLayers = typeof w.mode === 'object' ? Math.max(boundary, keptLayers) : c.numLayers;
  const parts: Record<Part, number> = {
    weights: llamaParamCount(c) * BYTES,
    optimizer: trainableParams * 3 * BYTES,
    activations: w.batchItems * seq * perToken(footprint.step) * keptLayers * BYTES,
    boundaryCache: typeof w.mode === 'object' ? w.catalogueItems * seq * c.hiddenSize * BYTES : 0,
    // Joint modes hold one chunk of a catalogue pass at a time; a frozen encoder's pass is left
    // out, as before.
    cataloguePass:
      w.mode === 'frozen' ? 0 : chunkItems * seq * passLayers * perToken(footprint.pass) * BYTES,
    itemTable: w.catalogueItems * c.hiddenSize * BYTES,
  };
  const largestBuffer = Math.max(
    c.vocabSize * c.hiddenSize, // token embeddings
    w.batchItems * c.numHeads * seq * seq, // attention weights of a step
    parts.boundaryCache / BYTES,
    w.catalogueItems * c.hiddenSize,
  );
  return {
    ...parts,
    total: Object.values(parts).reduce((a, b) => a + b, 0),
    largestBuffer: largestBuffer * BYTES,
  };
}

type Part = Exclude<keyof ItemLlmMemory, 'total' | 'largestBuffer'>;

const ADVICE: Record<Part, string> = {
  weights: 'choose a smaller model',
  optimizer: 'train fewer layers (top-k or frozen) or choose a smaller model',
  activations: 'lower the batch size, maxTextTokens or the number of trained layers',
  boundaryCache: 'lower maxTextTokens or the catalogue size, or train all layers instead of top-k',
  cataloguePass: 'lower maxTextTokens or the catalogue size, or choose a smaller model',
  itemTable: 'use a smaller catalogue',
};

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/**
 * Refuses a run whose estimate on `backend` exceeds `budgetBytes` (on Wasm also the 4 GiB heap,
 * on WebGPU a buffer over the device's limits), naming the biggest part and what to shrink.
 * Returns the estimate when it fits.
 */
export function checkItemLlmMemory(
  w: ItemLlmWorkload,
  budgetBytes: number,
  backend: MemoryBackend = WASM_BACKEND,
): ItemLlmMemory {
  const m = estimateItemLlmMemory(w, backend);
  if (backend.kind === 'webgpu') {
    const bufferLimit = Math.min(backend.maxBufferSize, backend.maxStorageBufferBindingSize);
    const largest = m.largestBuffer ?? 0;
    if (largest > bufferLimit) {
      throw new Error(
        `Item LLM needs a ${mib(largest)} buffer but this WebGPU device allows ${mib(bufferLimit)}: lower the batch size, maxTextTokens or the catalogue size, or choose a smaller model`,
      );
    }
  }
  const limit = backend.kind === 'wasm' ? Math.min(budgetBytes, WASM_HEAP_LIMIT) : budgetBytes;
  if (m.total <= limit) return m;
  const parts = Object.keys(ADVICE) as Part[];
  const size = (p: Part) => m[p] ?? 0;
  const biggest = parts.reduce((a, b) => (size(b) > size(a) ? b : a));
  const where = backend.kind === 'wasm' ? 'Wasm heap' : 'WebGPU';
  throw new Error(
    `Item LLM needs about ${mib(m.total)} but ${mib(limit)} is available; the largest part is ${biggest} (${mib(size(biggest))}): ${ADVICE[biggest]} (${where} estimate)`,
  );
}
