import type { LlamaConfig } from '../../config/runConfig';
import { itemBoundary } from '../../itemEncoders/itemLlmModel';
import { roundUpToLanes } from '../lanePadding';
import { llamaLayerParams, loraLayerParams } from '../llama/paramCount';
import { MAX_GROUP_FLOATS } from '../../training/groupedAdamw';
import {
  negativesCached,
  stepItemRows,
  trainedItemLayers,
  type HllmWorkload,
} from './hllmWorkload';
import { usableBytes, WASM_BACKEND, type MemoryBackend } from './memoryBackend';

/** Estimated device bytes of an HLLM run by part (and the host bytes of cached text states). */
export interface HllmMemory {
  /** Weights on the device while training: trained ones in float32, frozen ones as stored. */
  weights: number;
  /** AdamW's moments, the Item LLM's accumulated gradients and one User LLM layer's gradients. */
  optimizer: number;
  /**
   * Transient values of the largest call: one micro-batch through one checkpointed stage of
   * the Item LLM's backward, one User LLM layer's backward, or one chunk of a catalogue pass.
   */
  activations: number;
  /** Item vector tables: the catalogue's, the User LLM's copy, cached negatives. */
  tables: number;
  /** Peak while the frozen layers run over the catalogue at set-up (top-k, frozen); 0 without. */
  setup: number;
  /** Host bytes of the cached text states at the top-k boundary (not on the device). */
  hostCache: number;
  /** Host bytes of trained token embeddings: weights, gradient and AdamW's moments. */
  hostTable: number;
  /** Peak device bytes of the run. */
  total: number;
  /** Bytes of the largest single tensor, checked against a WebGPU device's buffer limits. */
  largestBuffer: number;
}

/** Floats a call keeps per token and layer: multiples of hidden, intermediate and heads × seq. */
interface PerToken {
  hidden: number;
  intermediate: number;
  attention: number;
}

/** Per-token-and-layer footprints of a backend's forward passes and backward stages. */
interface Footprint {
  /** One layer's forward, no graph (catalogue passes, the step's embedding pass, user encoding). */
  pass: PerToken;
  /** One layer's backward, its forward recomputed inside the `vjp`. */
  grad: PerToken;
}

/**
 * Wasm footprints, fitted to the SmolLM2-135M-shaped runs of `npm run bench -- itemllm-scale`
 * (Node, jax-js 0.1.25; BENCHMARKS.md): jax-js's allocator reuses a freed buffer only for a
 * later one of the same size class and the heap never shrinks, so each call keeps the largest
 * set of live buffers of each shape it makes (a layer's forward about 12.5k floats per token,
 * its backward about 40k for SmolLM2's shapes).
 */
const WASM_FOOTPRINT: Footprint = {
  pass: { hidden: 8, intermediate: 4, attention: 3 },
  grad: { hidden: 28, intermediate: 12, attention: 9 },
};

/**
 * WebGPU footprints, not measured on a GPU: the analytic count of what a call keeps alive
 * (jax-js's WebGPU backend pools freed buffers per size up to 64 MiB).
 */
const WEBGPU_FOOTPRINT: Footprint = {
  pass: { hidden: 6, intermediate: 3, attention: 2 },
  grad: { hidden: 18, intermediate: 8, attention: 6 },
};

const F32 = 4;

/** Histories per User LLM call when users are encoded (see `USER_ROWS` of the recommender). */
const USER_EVAL_ROWS = 64;

/** Heap a run holds whatever its size: small buffers, masks, scalars, padding to size classes. */
const RUNTIME_BYTES = 48 * 2 ** 20;

/** Floats per token and layer of `k` for a model `c` attending over `positions`. */
function perToken(k: PerToken, c: LlamaConfig, positions: number): number {
  return (
    k.hidden * c.hiddenSize +
    k.intermediate * c.intermediateSize +
    k.attention * c.numHeads * positions
  );
}

/** Trained and frozen parameters of a decoder's layers with `lora` (0 = the weights train). */
function layerSplit(
  c: LlamaConfig,
  layers: number,
  lora: number,
): { trained: number; frozen: number } {
  const layer = llamaLayerParams(c);
  const norms = 2 * c.hiddenSize;
  return lora > 0
    ? { trained: layers * (loraLayerParams(c, lora) + norms), frozen: layers * (layer - norms) }
    : { trained: layers * layer, frozen: 0 };
}

/** Parameter counts of the run's parts on the device while it trains. */
export function hllmParams(w: HllmWorkload): {
  itemTrained: number;
  itemFrozen: number;
  userTrained: number;
  userFrozen: number;
  head: number;
} {
  const c = w.item;
  const trainedLayers = trainedItemLayers(c, w.mode);
  const item = layerSplit(c, trainedLayers, w.lora);
  const itemHead = w.mode === 'frozen' ? 0 : 2 * c.hiddenSize; // final norm and [ITEM]
  const user = layerSplit(w.user, w.user.numLayers, w.userLora);
  // LoRA bases of the User LLM that are the Item LLM's own (same checkpoint) are shared.
  const shared =
    w.userShares && w.userLora > 0 && w.lora > 0 && w.mode !== 'frozen'
      ? Math.max(0, Math.min(w.user.numLayers, c.numLayers) - itemBoundary(c, w.mode))
      : 0;
  const project = w.user.hiddenSize !== c.hiddenSize;
  return {
    itemTrained: item.trained + itemHead,
    itemFrozen: item.frozen,
    userTrained: user.trained + w.user.hiddenSize,
    userFrozen: user.frozen * (1 - shared / w.user.numLayers),
    head: 1 + (project ? w.user.hiddenSize * (c.hiddenSize + 1) : 0),
  };
}

/**
 * Estimates the device memory of an HLLM run on `backend` (Wasm by default), in the steady state
 * of training (after the first step every moment exists). Weights: trained ones in float32,
 * frozen ones as stored (never the token embeddings, which stay on the host and, when they
 * train, are updated there a chunk of rows at a time through the device). Optimizer: AdamW's two moments
 * of everything that trains, the Item LLM's gradient accumulator, and the largest of one stage's
 * gradients being added into it, one parameter's update (AdamW runs one parameter at a time)
 * and one User LLM layer's gradients (it updates layer by layer). Activations: every call shape
 * keeps its own buffers, so the transients of a catalogue pass's chunk through one layer, of a
 * micro-batch through one backward stage, of the User LLM's layer backward and of a user
 * encoding call add up. Tables: the item vectors. Set-up: the frozen layers below the boundary
 * (top-k) or the whole frozen Item LLM over the catalogue, whose layer buffers training reuses
 * when the User LLM has the Item LLM's shapes.
 */
export function estimateHllmMemory(
  w: HllmWorkload,
  backend: MemoryBackend = WASM_BACKEND,
): HllmMemory {
  const c = w.item;
  const u = w.user;
  const fp = backend.kind === 'wasm' ? WASM_FOOTPRINT : WEBGPU_FOOTPRINT;
  const stored = w.storage === 'float16' ? 2 : F32;
  const seq = roundUpToLanes(w.textTokens + 1);
  const userSeq = roundUpToLanes(w.maxHistory);
  const rows = Math.min(w.itemRows, w.catalogueItems);
  const trainedLayers = trainedItemLayers(c, w.mode);
  const stage = Math.min(w.stageLayers, Math.max(trainedLayers, 1));
  const p = hllmParams(w);
  const trained = p.itemTrained + p.userTrained + p.head;
  const itemLayerTrained = trainedLayers === 0 ? 0 : layerSplit(c, 1, w.lora).trained;
  const userLayerTrained = layerSplit(u, 1, w.userLora).trained;
  const embedTrains = w.mode === 'all' && w.lora === 0;

  const weights = trained * F32 + (p.itemFrozen + p.userFrozen) * stored;
  // Layer-shaped buffers beside the weights, moments and the Item LLM's accumulated gradients
  // share one size class, so what they hold at any moment is the largest of: one stage's
  // gradients being added into the accumulator (old and new sums alive), one AdamW group's new
  // values and moments beside the old (a layer, one parameter of a large layer, or a chunk of
  // the host's token embeddings), one User LLM layer's gradients.
  const largestTrained = Math.max(
    trainedLayers > 0 && w.lora === 0 ? c.intermediateSize * c.hiddenSize : 0,
    w.userLora === 0 ? u.intermediateSize * u.hiddenSize : 0,
    Math.min(itemLayerTrained, MAX_GROUP_FLOATS), // small layers update as one group
    Math.min(userLayerTrained, MAX_GROUP_FLOATS),
    p.head,
    embedTrains ? MAX_GROUP_FLOATS : 0,
  );
  const inFlight = Math.max(2 * stage * itemLayerTrained, 3 * largestTrained, userLayerTrained);
  const optimizer = (2 * trained + p.itemTrained + inFlight + p.head) * F32;

  const pass = rows * seq * perToken(fp.pass, c, seq) * F32;
  const stepItems = stepItemRows(w, negativesCached(w));
  const itemStep =
    trainedLayers === 0
      ? 0
      : (Math.ceil(trainedLayers / stage) * rows * seq * c.hiddenSize +
          stage * rows * seq * perToken(fp.grad, c, seq) +
          3 * stepItems * c.hiddenSize) *
        F32;
  const userTokens = w.batchSize * userSeq;
  const userStep =
    (userTokens * perToken(fp.grad, u, userSeq) +
      u.numLayers * userTokens * u.hiddenSize +
      3 * stepItems * u.hiddenSize) *
    F32;
  const userEval = USER_EVAL_ROWS * userSeq * perToken(fp.pass, u, userSeq) * F32;
  // A LoRA stage merges its adapters into full weights and pulls gradients through them.
  const loraMerge =
    w.lora > 0 || w.userLora > 0 ? 3 * Math.max(llamaLayerParams(c), llamaLayerParams(u)) * F32 : 0;
  const activations = pass + itemStep + userStep + userEval + loraMerge + RUNTIME_BYTES;

  const epochCache = !w.reencode && w.mode !== 'frozen';
  const tables =
    (w.catalogueItems * (c.hiddenSize * (epochCache ? 2 : 1) + u.hiddenSize) + u.hiddenSize) * F32;

  const below = w.mode === 'frozen' ? c.numLayers : itemBoundary(c, w.mode);
  const setupLayers = below * llamaLayerParams(c) * stored;
  const setup = below === 0 ? 0 : setupLayers + pass + w.catalogueItems * c.hiddenSize * F32;
  const steady = weights + optimizer + activations + tables;
  // The set-up's layer buffers are reused by training's layer-shaped ones only when both LLMs
  // share the Item LLM's layer shapes (and storage); otherwise they stay in the heap.
  const sameShapes =
    llamaLayerParams(u) === llamaLayerParams(c) && u.hiddenSize === c.hiddenSize && stored === F32;
  const total = sameShapes ? Math.max(setup, steady) : steady + setupLayers;

  const largestBuffer = Math.max(
    c.intermediateSize * c.hiddenSize * F32, // the largest weight
    rows * c.numHeads * seq * seq * F32, // attention weights of a call
    w.catalogueItems * Math.max(c.hiddenSize, u.hiddenSize) * F32,
  );
  return {
    weights,
    optimizer,
    activations,
    tables,
    setup,
    hostCache:
      below > 0 && w.mode !== 'frozen' ? w.catalogueItems * seq * c.hiddenSize * stored : 0,
    hostTable: embedTrains ? 4 * c.vocabSize * c.hiddenSize * F32 : 0,
    total,
    largestBuffer,
  };
}

/** Parts a refusal can name, with what the user can change to shrink each. */
const ADVICE = {
  weights: 'choose a smaller model, fewer User LLM layers, or LoRA adapters',
  optimizer: 'train fewer layers (top-k) or use LoRA adapters (Item and User LLM)',
  activations: 'lower the micro-batch (items per call), maxTextTokens or the batch size',
  tables: 'use a smaller catalogue',
  setup: 'choose a smaller model (its frozen layers run once over the catalogue)',
} as const;

type Part = keyof typeof ADVICE;

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/**
 * Why the run estimated by `m` does not fit `budgetBytes` on `backend` (on Wasm also the 4 GiB
 * heap, on WebGPU a buffer over the device's limits), naming the biggest part and what to
 * shrink; null when it fits.
 */
export function memoryRefusal(
  m: HllmMemory,
  budgetBytes: number,
  backend: MemoryBackend = WASM_BACKEND,
): string | null {
  if (backend.kind === 'webgpu') {
    const bufferLimit = Math.min(backend.maxBufferSize, backend.maxStorageBufferBindingSize);
    if (m.largestBuffer > bufferLimit) {
      return `HLLM needs a ${mib(m.largestBuffer)} buffer but this WebGPU device allows ${mib(bufferLimit)}: lower the micro-batch, maxTextTokens or the catalogue size, or choose a smaller model`;
    }
  }
  const limit = usableBytes(budgetBytes, backend);
  if (m.total <= limit) return null;
  const parts = Object.keys(ADVICE) as Part[];
  const biggest = parts.reduce((a, b) => (m[b] > m[a] ? b : a));
  const where = backend.kind === 'wasm' ? 'Wasm heap' : 'WebGPU';
  return `HLLM needs about ${mib(m.total)} but ${mib(limit)} is available; the largest part is ${biggest} (${mib(m[biggest])}): ${ADVICE[biggest]} (${where} estimate)`;
}
