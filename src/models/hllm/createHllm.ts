import { DEFAULT_HLLM_NEGATIVES } from '../../config/defaults';
import type { HllmConfig, ItemEncoderSpec } from '../../config/runConfig';
import { tokenizeCatalogue } from '../../itemEncoders/itemLlmCatalogue';
import { checkItemLlmMemory, defaultMemoryBackend } from '../../itemEncoders/itemLlmMemory';
import { finetuneModeOf, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import type { Pooling } from '../../itemEncoders/pooling';
import type { ItemText } from '../../itemEncoders/prompt';
import { ModelConfigError } from '../modelConfigError';
import type { Recommender, RecommenderInit } from '../recommender';
import { createFrozenHllm, frozenItemEmbeddings } from './frozenHllm';
import type { ItemLlmSource } from './itemLlmSource';
import { createJointHllm, DEFAULT_MEMORY_BUDGET, type JointHllmOptions } from './jointRecommender';
import { userWeightsFromCheckpoint } from './userInit';

/** Items per Item LLM call when a frozen encoder embeds the catalogue. */
const FROZEN_CHUNK = 64;

/** What an HLLM needs besides its config: the catalogue's text and the Item LLM to start from. */
export interface HllmInputs {
  /** Text of every item (item i at index i), read through the config's `textFields`. */
  items: readonly ItemText[];
  itemLlm: ItemLlmSource;
  /** Initialise the User LLM from the Item LLM's first layers instead of at random. */
  userFromItemLlm?: boolean;
  memoryBudgetBytes?: number;
  encodeChunk?: number;
}

/** How an encoder spec runs the Item LLM: what trains, its LoRA rank, and a frozen read-out. */
export function itemEncoderMode(spec: ItemEncoderSpec): {
  mode: FinetuneMode;
  lora: number;
  pooling: Pooling;
} {
  if (spec.kind === 'frozen') return { mode: 'frozen', lora: 0, pooling: spec.pooling };
  if (spec.kind === 'scratch') return { mode: 'all', lora: 0, pooling: 'last' };
  if (spec.kind === 'finetune') {
    const mode = finetuneModeOf(spec);
    if (mode === 'frozen' && spec.lora !== 0) {
      throw new ModelConfigError(
        'model.itemEncoder.topLayers',
        'at least 1 layer (or all) for LoRA adapters to train',
        spec.topLayers,
      );
    }
    return { mode, lora: spec.lora, pooling: 'last' };
  }
  throw new ModelConfigError(
    'model.itemEncoder.kind',
    "'frozen', 'finetune' or 'scratch' (precomputed embeddings go through createRecommender)",
    spec.kind,
  );
}

/**
 * Builds HLLM from an Item LLM: prompts of every item are tokenized (HLLM prompt, `textFields`,
 * truncated to `maxTextTokens`), the memory estimate is checked, then a frozen encoder embeds the
 * catalogue once for the User LLM, or both LLMs train jointly (`finetune`, `scratch`).
 */
export async function createHllm(
  config: HllmConfig,
  init: RecommenderInit,
  inputs: HllmInputs,
): Promise<Recommender> {
  const { mode, lora, pooling } = itemEncoderMode(config.itemEncoder);
  const { itemLlm } = inputs;
  if (inputs.items.length !== init.numItems) {
    throw new ModelConfigError(
      'items',
      `text for each of the ${init.numItems} items`,
      inputs.items.length,
    );
  }
  const tokenIds = tokenizeCatalogue(
    itemLlm.tokenizer,
    inputs.items,
    config.textFields,
    config.maxTextTokens,
  );
  const userWeights = inputs.userFromItemLlm
    ? userWeightsFromCheckpoint(config.user, itemLlm.config, itemLlm.weights)
    : undefined;
  if (mode === 'frozen') {
    checkItemLlmMemory(
      {
        config: itemLlm.config,
        mode,
        batchItems: FROZEN_CHUNK,
        catalogueItems: init.numItems,
        maxTextTokens: config.maxTextTokens,
      },
      inputs.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET,
      defaultMemoryBackend(),
    );
    const table = await frozenItemEmbeddings(
      itemLlm.config,
      itemLlm.weights,
      tokenIds,
      pooling,
      FROZEN_CHUNK,
    );
    const model = createFrozenHllm(config, init, table, itemLlm.source);
    if (userWeights !== undefined)
      model.setParams({ ...(await model.getParams()), ...userWeights });
    return model;
  }
  const options: JointHllmOptions = {
    negatives: config.negatives ?? DEFAULT_HLLM_NEGATIVES,
    userWeights,
    memoryBudgetBytes: inputs.memoryBudgetBytes,
    encodeChunk: inputs.encodeChunk,
  };
  return createJointHllm(
    config,
    init,
    {
      source: itemLlm.source,
      config: itemLlm.config,
      weights: itemLlm.weights,
      mode,
      tokenIds,
      lora,
    },
    options,
  );
}
