import { DEFAULT_HLLM_NEGATIVES } from '../../config/defaults';
import type { HllmConfig, ItemEncoderSpec, LlamaConfig, UserInit } from '../../config/runConfig';
import { tokenizeCatalogue } from '../../itemEncoders/itemLlmCatalogue';
import {
  checkItemLlmMemory,
  defaultMemoryBackend,
  type ItemLlmWorkload,
} from '../../itemEncoders/itemLlmMemory';
import { finetuneModeOf, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import type { Pooling } from '../../itemEncoders/pooling';
import type { ItemText } from '../../itemEncoders/prompt';
import { ModelConfigError } from '../modelConfigError';
import type { StorageDtype } from '../params';
import type { Recommender, RecommenderInit } from '../recommender';
import type { PassProgressCallback } from './cataloguePass';
import { frozenItemEmbeddings } from './frozenItemEmbeddings';
import type { ItemLlmSource } from './itemLlmSource';
import { DEFAULT_MEMORY_BUDGET } from './jointPlan';
import { createJointHllm, type JointHllmOptions, type JointItems } from './jointRecommender';
import { userWeightsFromCheckpoint } from './userInit';

/** Items per Item LLM call when a frozen encoder embeds the catalogue. */
const FROZEN_CHUNK = 64;

/** What an HLLM needs besides its config: the catalogue's text and the Item LLM to start from. */
export interface HllmInputs {
  /** Text of every item (item i at index i), read through the config's `textFields`. */
  items: readonly ItemText[];
  itemLlm: ItemLlmSource;
  /** Device bytes the run may use (default: the config's `memoryBudgetMiB`, else 4 GiB). */
  memoryBudgetBytes?: number;
  /** Decoder layers per checkpointed stage (planned from the budget when omitted). */
  stageLayers?: number;
  /** How frozen weights and cached states are stored (float16 only on WebGPU with `shader-f16`). */
  storage?: StorageDtype;
  /** Progress of each pass over the catalogue. */
  onPass?: PassProgressCallback;
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
 * Where the User LLM starts for an Item LLM of this spec: the config's choice, else the
 * checkpoint for a pretrained Llama (frozen or fine-tuned on jax-js), random for scratch.
 */
export function userInitOf(model: HllmConfig): UserInit {
  return model.userInit ?? (model.itemEncoder.kind === 'scratch' ? 'random' : 'checkpoint');
}

/** The User LLM's architecture: the checkpoint's (its first `userLayers` layers) or the config's `user`. */
export function userLlmConfig(model: HllmConfig, checkpoint: LlamaConfig): LlamaConfig {
  if (userInitOf(model) === 'random') return model.user;
  const layers = model.userLayers ?? checkpoint.numLayers;
  if (!Number.isInteger(layers) || layers < 1 || layers > checkpoint.numLayers) {
    throw new ModelConfigError(
      'model.userLayers',
      `an integer in [1, ${checkpoint.numLayers}] (the checkpoint's layers)`,
      layers,
    );
  }
  return { ...checkpoint, numLayers: layers };
}

/**
 * The User LLM's LoRA rank: the config's `userLora`, else the Item LLM's rank when the User LLM
 * starts from the checkpoint (both LLMs then train adapters over one shared set of weights).
 */
export function userLoraOf(model: HllmConfig): number {
  if (model.userLora !== undefined) return model.userLora;
  return userInitOf(model) === 'checkpoint' ? itemEncoderMode(model.itemEncoder).lora : 0;
}

/**
 * The config as it runs over `itemLlm`: `user` is the User LLM's actual architecture,
 * `userInit` says where it starts and `userLora` how it trains, so the run record names all.
 */
export function resolveUserLlm(model: HllmConfig, itemLlm: LlamaConfig): HllmConfig {
  return {
    ...model,
    user: userLlmConfig(model, itemLlm),
    userInit: userInitOf(model),
    userLora: userLoraOf(model),
  };
}

/** The budget in bytes: the inputs', else the config's `memoryBudgetMiB`, else the default. */
function budgetOf(model: HllmConfig, inputs: HllmInputs): number {
  if (inputs.memoryBudgetBytes !== undefined) return inputs.memoryBudgetBytes;
  return model.memoryBudgetMiB !== undefined
    ? model.memoryBudgetMiB * 2 ** 20
    : DEFAULT_MEMORY_BUDGET;
}

/**
 * Builds HLLM from an Item LLM: prompts of every item are tokenized (HLLM prompt, `textFields`,
 * truncated to `maxTextTokens`), the User LLM starts from the checkpoint (or at random, see
 * `userInitOf`), the memory plan is checked, then a frozen encoder embeds the catalogue once for
 * the User LLM, or both LLMs train jointly (`finetune`, `scratch`).
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
  const model = resolveUserLlm(config, itemLlm.config);
  const fromCheckpoint = model.userInit === 'checkpoint';
  const tokenIds = tokenizeCatalogue(
    itemLlm.tokenizer,
    inputs.items,
    model.textFields,
    model.maxTextTokens,
  );
  const userWeights = fromCheckpoint
    ? userWeightsFromCheckpoint(model.user, itemLlm.config, itemLlm.weights)
    : undefined;
  const budget = budgetOf(model, inputs);
  let items: JointItems;
  if (mode === 'frozen') {
    const workload: ItemLlmWorkload = {
      config: itemLlm.config,
      mode,
      batchItems: FROZEN_CHUNK,
      catalogueItems: init.numItems,
      maxTextTokens: model.maxTextTokens,
      itemRows: FROZEN_CHUNK,
      storage: inputs.storage,
      user: {
        config: model.user,
        tokens: init.train.batchSize * Math.ceil(init.maxSeqLen / 4) * 4,
        project: !fromCheckpoint,
      },
    };
    checkItemLlmMemory(workload, budget, defaultMemoryBackend());
    const embeddings = await frozenItemEmbeddings(
      itemLlm.config,
      itemLlm.weights,
      tokenIds,
      pooling,
      { chunk: FROZEN_CHUNK, storage: inputs.storage, onPass: inputs.onPass },
    );
    items = { kind: 'table', source: itemLlm.source, embeddings };
  } else {
    items = {
      kind: 'llm',
      source: itemLlm.source,
      config: itemLlm.config,
      weights: itemLlm.weights,
      mode,
      tokenIds,
      lora,
    };
  }
  const options: JointHllmOptions = {
    negatives: model.negatives ?? DEFAULT_HLLM_NEGATIVES,
    userWeights,
    userSharesCheckpoint: fromCheckpoint,
    userLora: model.userLora,
    memoryBudgetBytes: budget,
    itemRows: model.itemRows,
    stageLayers: inputs.stageLayers,
    storage: inputs.storage,
    onPass: inputs.onPass,
  };
  return createJointHllm(model, init, items, options);
}
