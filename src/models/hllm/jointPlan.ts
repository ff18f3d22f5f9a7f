import type { LlamaConfig } from '../../config/runConfig';
import {
  defaultMemoryBackend,
  estimateItemLlmMemory,
  ITEM_ROWS,
  memoryRefusal,
  WASM_HEAP_LIMIT,
  type ItemLlmMemory,
  type ItemLlmWorkload,
  type MemoryBackend,
} from '../../itemEncoders/itemLlmMemory';
import { itemBoundary, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import type { StorageDtype } from '../params';

/** What a joint HLLM run is, for planning its memory. */
export interface JointWorkload {
  item: LlamaConfig;
  user: LlamaConfig;
  mode: Exclude<FinetuneMode, 'frozen'>;
  lora: number;
  catalogueItems: number;
  textTokens: number;
  batchSize: number;
  maxHistory: number;
  numNegatives: number;
  reencode: boolean;
  storage: StorageDtype;
  /** Device bytes the run may use (default: the backend's, see `defaultBudgetBytes`). */
  budgetBytes?: number;
  /** Fixed items per Item LLM call (planned when absent). */
  itemRows?: number;
  /** Fixed decoder layers per checkpointed stage (planned when absent). */
  stageLayers?: number;
}

/** How a joint HLLM run executes within its budget, and what it is estimated to hold. */
export interface JointPlan {
  /** Items per Item LLM call: the micro-batch of a step and the chunk of a catalogue pass. */
  itemRows: number;
  /** Decoder layers per checkpointed stage (the trained layers' count = no recomputation). */
  stageLayers: number;
  memory: ItemLlmMemory;
  budgetBytes: number;
}

/** Default device budget: jax-js's 4 GiB Wasm heap (WebGPU reports no memory size; see the app). */
export const DEFAULT_MEMORY_BUDGET = WASM_HEAP_LIMIT;

/** The estimator's workload of a joint run at a given micro-batch and stage size. */
export function jointWorkload(
  w: JointWorkload,
  itemRows: number,
  stageLayers: number,
): ItemLlmWorkload {
  return {
    config: w.item,
    mode: w.mode,
    lora: w.lora,
    batchItems: Math.min(
      w.catalogueItems,
      w.batchSize * w.maxHistory + (w.reencode ? w.numNegatives : 0),
    ),
    catalogueItems: w.catalogueItems,
    maxTextTokens: w.textTokens,
    itemRows,
    stageLayers,
    storage: w.storage,
    epochCache: !w.reencode,
    user: {
      config: w.user,
      tokens: w.batchSize * Math.ceil(w.maxHistory / 4) * 4,
      project: w.user.hiddenSize !== w.item.hiddenSize,
    },
  };
}

/**
 * Chooses the largest micro-batch (at most `ITEM_ROWS` items, halving down to 1) whose estimate
 * fits the budget, without recomputation when that fits (every trained layer in one stage),
 * else with per-layer recomputation; given values are kept. Throws the estimator's refusal
 * (the part to shrink) when even one item per call with per-layer recomputation does not fit.
 */
export function planJointHllm(
  w: JointWorkload,
  backend: MemoryBackend = defaultMemoryBackend(),
): JointPlan {
  const budgetBytes = w.budgetBytes ?? DEFAULT_MEMORY_BUDGET;
  const trained = w.item.numLayers - itemBoundary(w.item, w.mode);
  const rowsChoices: number[] = [];
  for (let r = Math.min(ITEM_ROWS, w.catalogueItems); r >= 1; r = Math.floor(r / 2)) {
    rowsChoices.push(r);
  }
  const rows = w.itemRows !== undefined ? [w.itemRows] : rowsChoices;
  const stages = w.stageLayers !== undefined ? [w.stageLayers] : [trained, 1];
  let last: JointPlan | null = null;
  for (const itemRows of rows) {
    for (const stageLayers of stages) {
      const memory = estimateItemLlmMemory(jointWorkload(w, itemRows, stageLayers), backend);
      last = { itemRows, stageLayers, memory, budgetBytes };
      if (memoryRefusal(memory, budgetBytes, backend) === null) return last;
    }
  }
  throw new Error(memoryRefusal(last!.memory, budgetBytes, backend) ?? 'no memory plan fits');
}
