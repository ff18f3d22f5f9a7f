import type { HllmConfig, TrainConfig } from '../../config/runConfig';
import { roundUpToLanes } from '../lanePadding';
import { estimateHllmMemory, memoryRefusal, type HllmMemory } from './hllmMemory';
import {
  negativesCached,
  stepItemRows,
  trainedItemLayers,
  type HllmWorkload,
} from './hllmWorkload';
import { WASM_BACKEND, WASM_HEAP_LIMIT, type MemoryBackend } from './memoryBackend';

/** Default device budget: jax-js's 4 GiB Wasm heap (the app derives WebGPU's from the device). */
export const DEFAULT_MEMORY_BUDGET = WASM_HEAP_LIMIT;

/** How an HLLM run executes within its budget, and what it is estimated to hold. */
export interface HllmPlan {
  /** The workload with the chosen micro-batch (`itemRows`) and stage size (`stageLayers`). */
  workload: HllmWorkload;
  memory: HllmMemory;
  budgetBytes: number;
  /** Why the run does not fit (naming the part to shrink); null when it fits. */
  refusal: string | null;
}

/** Which of the workload's execution settings the user fixed (the rest are planned). */
export interface PlanOptions {
  budgetBytes?: number;
  /** Keep `itemRows` as given (else the largest of 64, 32, … 1 that fits). */
  fixedItemRows?: boolean;
  /** Keep `stageLayers` as given (else every trained layer in one stage, or one layer each). */
  fixedStageLayers?: boolean;
}

/** The largest micro-batch the planner tries: fewer, larger calls where memory allows. */
export const MAX_ITEM_ROWS = 512;

/**
 * Text-state values (rows × positions × width) one Item LLM call may take: small models get
 * large calls (less overhead per item), real ones the micro-batches the estimate was fitted on.
 */
const MAX_CALL_VALUES = 2 ** 21;

/** Share of the budget a plan may fill: the rest covers the estimate's error. */
export const PLAN_HEADROOM = 0.9;

/** Below this micro-batch the planner recomputes stages rather than shrink calls further. */
const MIN_ROWS_WITHOUT_RECOMPUTATION = 32;

/**
 * Chooses the micro-batch and stage size of a run within its budget (`PLAN_HEADROOM` of it, to
 * cover the estimate's error): every trained layer in one stage (no recomputation) with the
 * largest micro-batch that fits, from all the step's items in one call (at most `MAX_ITEM_ROWS`,
 * fewer for wide models, see `MAX_CALL_VALUES`) through powers of two down to 32; else per-layer recomputation with the largest micro-batch that fits, down to 1. Fixed
 * settings are kept and may fill the budget. When nothing fits, the plan of the smallest setting
 * carries the refusal.
 */
export function planHllm(
  w: HllmWorkload,
  options: PlanOptions = {},
  backend: MemoryBackend = WASM_BACKEND,
): HllmPlan {
  const budgetBytes = options.budgetBytes ?? DEFAULT_MEMORY_BUDGET;
  const trained = Math.max(1, trainedItemLayers(w.item, w.mode));
  const stepItems = stepItemRows(w, negativesCached(w));
  const seq = roundUpToLanes(w.textTokens + 1);
  const bySize =
    2 ** Math.floor(Math.log2(Math.max(1, MAX_CALL_VALUES / (seq * w.item.hiddenSize))));
  // The step's items in one call where allowed, else powers of two below the caps.
  const cap = Math.min(MAX_ITEM_ROWS, bySize);
  const rowsChoices = stepItems <= cap ? [stepItems] : [];
  for (let r = 2 ** Math.floor(Math.log2(cap)); r >= 1; r /= 2) {
    if (r < stepItems) rowsChoices.push(r);
  }
  const rows = options.fixedItemRows ? [w.itemRows] : rowsChoices;
  // Recomputation costs a forward pass more; smaller calls cost only call overhead. So: every
  // trained layer in one stage with calls of at least MIN_ROWS_WITHOUT_RECOMPUTATION items
  // first, then per-layer recomputation at any size.
  const candidates: [number, number][] = options.fixedStageLayers
    ? rows.map((r) => [r, w.stageLayers])
    : [
        ...rows
          .filter((r) => r >= Math.min(MIN_ROWS_WITHOUT_RECOMPUTATION, rows[0]))
          .map((r): [number, number] => [r, trained]),
        ...rows.map((r): [number, number] => [r, 1]),
      ];
  let last: HllmPlan | null = null;
  for (const [itemRows, stageLayers] of candidates) {
    const workload = { ...w, itemRows, stageLayers };
    const memory = estimateHllmMemory(workload, backend);
    last = { workload, memory, budgetBytes, refusal: memoryRefusal(memory, budgetBytes, backend) };
    // A plan the user chose (fixed settings) may fill the budget; a planned one keeps headroom.
    const planned = !options.fixedItemRows || !options.fixedStageLayers;
    const fits = memoryRefusal(
      memory,
      planned ? budgetBytes * PLAN_HEADROOM : budgetBytes,
      backend,
    );
    if (fits === null) return last;
  }
  return last!;
}

/** A change to a run's settings that makes it fit, with the estimate it then has. */
export interface FitSuggestion {
  /** What changes, in words ("LoRA r=8 on the User LLM"). */
  label: string;
  /** Fields of the model config to set. */
  model: Partial<HllmConfig>;
  /** Fields of the training config to set. */
  train: Partial<TrainConfig>;
  /** The estimate with the change. */
  totalBytes: number;
}

/** One candidate change: its label, config patches and the workload it gives. */
interface Candidate {
  label: string;
  model: Partial<HllmConfig>;
  train: Partial<TrainConfig>;
  workload: HllmWorkload;
}

const LORA_RANK = 8;

/**
 * The nearest settings under which a run that does not fit would (LoRA on the User LLM, LoRA on
 * the Item LLM, fewer trained layers, fewer text tokens, cached negatives, fewer User LLM
 * layers, a smaller batch, and pairs of the first ones), in that order, each with its estimate;
 * empty when the run fits or nothing tried fits. `model` is the run's HLLM config.
 */
export function fitSuggestions(
  model: HllmConfig,
  w: HllmWorkload,
  options: PlanOptions = {},
  backend: MemoryBackend = WASM_BACKEND,
): FitSuggestion[] {
  if (planHllm(w, options, backend).refusal === null) return [];
  const singles: Candidate[] = [];
  if (w.userLora === 0) {
    singles.push({
      label: `LoRA r=${LORA_RANK} on the User LLM`,
      model: { userLora: LORA_RANK },
      train: {},
      workload: { ...w, userLora: LORA_RANK },
    });
  }
  const spec = model.itemEncoder;
  if (spec.kind === 'finetune' && w.lora === 0 && w.mode !== 'frozen') {
    singles.push({
      label: `LoRA r=${LORA_RANK} on the Item LLM`,
      model: { itemEncoder: { ...spec, lora: LORA_RANK } },
      train: {},
      workload: { ...w, lora: LORA_RANK },
    });
  }
  if (spec.kind === 'finetune' && w.mode !== 'frozen') {
    const trained = trainedItemLayers(w.item, w.mode);
    const k = trained > 2 ? 2 : 1;
    if (k < trained) {
      singles.push({
        label: `fine-tune the top ${k} Item LLM layer${k > 1 ? 's' : ''}`,
        model: { itemEncoder: { ...spec, topLayers: k } },
        train: {},
        workload: { ...w, mode: { topLayers: k }, stageLayers: k },
      });
    }
  }
  if (w.textTokens > 16) {
    const tokens = Math.max(16, Math.floor(w.textTokens / 2));
    singles.push({
      label: `${tokens} text tokens per item`,
      model: { maxTextTokens: tokens },
      train: {},
      workload: { ...w, textTokens: tokens },
    });
  }
  if (w.reencode && w.mode !== 'frozen') {
    singles.push({
      label: 'negatives from a per-epoch cache',
      model: { negatives: 'epoch-cache' },
      train: {},
      workload: { ...w, reencode: false },
    });
  }
  if (w.user.numLayers > 1) {
    const layers = Math.max(1, Math.floor(w.user.numLayers / 2));
    singles.push({
      label: `${layers} User LLM layer${layers > 1 ? 's' : ''}`,
      model: { userLayers: layers },
      train: {},
      workload: { ...w, user: { ...w.user, numLayers: layers } },
    });
  }
  if (w.batchSize > 8) {
    const batch = Math.max(8, Math.floor(w.batchSize / 2));
    singles.push({
      label: `batch size ${batch}`,
      model: {},
      train: { batchSize: batch },
      workload: { ...w, batchSize: batch },
    });
  }
  const pairs: Candidate[] = [];
  for (let i = 0; i < Math.min(3, singles.length); i++) {
    for (let j = i + 1; j < Math.min(4, singles.length); j++) {
      const a = singles[i];
      const b = singles[j];
      const itemEncoder =
        a.model.itemEncoder && b.model.itemEncoder
          ? { ...a.model.itemEncoder, ...b.model.itemEncoder }
          : (b.model.itemEncoder ?? a.model.itemEncoder);
      pairs.push({
        label: `${a.label} and ${b.label}`,
        model: { ...a.model, ...b.model, ...(itemEncoder ? { itemEncoder } : {}) },
        train: { ...a.train, ...b.train },
        workload: mergeWorkloads(w, a.workload, b.workload),
      });
    }
  }
  const fits: FitSuggestion[] = [];
  for (const c of [...singles, ...pairs]) {
    const plan = planHllm(c.workload, options, backend);
    if (plan.refusal === null) {
      fits.push({ label: c.label, model: c.model, train: c.train, totalBytes: plan.memory.total });
    }
  }
  return fits.slice(0, 3);
}

/** `base` with the changes of both `a` and `b` (each differs from `base` in its own fields). */
function mergeWorkloads(base: HllmWorkload, a: HllmWorkload, b: HllmWorkload): HllmWorkload {
  const out = { ...base } as Record<string, unknown>;
  for (const changed of [a, b] as unknown as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(changed)) {
      if (value !== (base as unknown as Record<string, unknown>)[key]) out[key] = value;
    }
  }
  return out as unknown as HllmWorkload;
}
