import { DEFAULT_HLLM_NEGATIVES } from '../../config/defaults';
import type { HllmConfig, LlamaConfig } from '../../config/runConfig';
import { itemBoundary, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import type { StorageDtype } from '../params';
import { itemEncoderMode } from './itemEncoderMode';

/** Items per Item LLM call when none is planned: the micro-batch and the catalogue chunk. */
export const ITEM_ROWS = 64;

/** Everything that sizes an HLLM run's memory and compute, for the estimator and the planner. */
export interface HllmWorkload {
  item: LlamaConfig;
  mode: FinetuneMode;
  /** LoRA rank of the Item LLM (0 = off). */
  lora: number;
  /** The User LLM's architecture as it runs. */
  user: LlamaConfig;
  /** LoRA rank of the User LLM (0 = its weights train). */
  userLora: number;
  /** The User LLM's weights come from the Item LLM's checkpoint (LoRA bases can be shared). */
  userShares: boolean;
  catalogueItems: number;
  /** Text tokens per item (the prompt is truncated to these). */
  textTokens: number;
  batchSize: number;
  maxHistory: number;
  numNegatives: number;
  /** Negatives run through the Item LLM every step (else from a per-epoch cache). */
  reencode: boolean;
  /** Items per Item LLM call: the micro-batch of a step and the chunk of a catalogue pass. */
  itemRows: number;
  /** Decoder layers per checkpointed stage of the Item LLM's backward. */
  stageLayers: number;
  /** How frozen weights and cached text states are stored. */
  storage: StorageDtype;
  /** Global-norm gradient clipping (0 = off): with it the User LLM's backward runs twice. */
  gradClip: number;
}

/** What a run trains on besides its model config. */
export interface HllmRunShape {
  catalogueItems: number;
  batchSize: number;
  maxHistory: number;
  numNegatives: number;
  gradClip: number;
}

/** Decoder layers of the Item LLM that train under `mode` (0 when frozen). */
export function trainedItemLayers(item: LlamaConfig, mode: FinetuneMode): number {
  return mode === 'frozen' ? 0 : item.numLayers - itemBoundary(item, mode);
}

/**
 * The workload of an HLLM config whose User LLM is resolved (`resolveUserLlm`) over an Item LLM
 * of architecture `item`: micro-batch and stage size from the config or the options, else
 * `ITEM_ROWS` items and every trained layer in one stage.
 */
export function hllmWorkload(
  model: HllmConfig,
  item: LlamaConfig,
  run: HllmRunShape,
  options: { storage?: StorageDtype; itemRows?: number; stageLayers?: number } = {},
): HllmWorkload {
  const { mode, lora } = itemEncoderMode(model.itemEncoder);
  return {
    item,
    mode,
    lora,
    user: model.user,
    userLora: model.userLora ?? 0,
    userShares: model.userInit === 'checkpoint',
    catalogueItems: run.catalogueItems,
    textTokens: model.maxTextTokens,
    batchSize: run.batchSize,
    maxHistory: run.maxHistory,
    numNegatives: run.numNegatives,
    reencode: (model.negatives ?? DEFAULT_HLLM_NEGATIVES) === 'reencode',
    itemRows: options.itemRows ?? model.itemRows ?? ITEM_ROWS,
    stageLayers: options.stageLayers ?? Math.max(1, trainedItemLayers(item, mode)),
    storage: options.storage ?? 'float32',
    gradClip: run.gradClip,
  };
}

/**
 * Item rows of one training step: every distinct item a batch can hold (each history and its next
 * item, `batchSize × (maxHistory + 1)`), plus the shared negatives unless they come from a cache,
 * at most the catalogue. The joint step fixes its item capacity to this, so every step has one
 * shape.
 */
export function stepItemRows(
  run: Pick<HllmRunShape, 'catalogueItems' | 'batchSize' | 'maxHistory' | 'numNegatives'>,
  cachedNegatives: boolean,
): number {
  const negatives = cachedNegatives ? 0 : run.numNegatives;
  return Math.min(run.catalogueItems, run.batchSize * (run.maxHistory + 1) + negatives);
}

/** Whether a workload's step takes its negatives from a per-epoch cache (trained Item LLM only). */
export function negativesCached(w: HllmWorkload): boolean {
  return w.mode !== 'frozen' && !w.reencode;
}
