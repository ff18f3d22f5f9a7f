import { DEFAULT_HLLM_NEGATIVES } from '../../config/defaults';
import { userInitOf, userLoraOf } from '../../config/hllmUser';
import type { HllmConfig, LlamaConfig } from '../../config/runConfig';
import { tokenizeCatalogue } from '../../itemEncoders/itemLlmCatalogue';
import type { ItemText } from '../../itemEncoders/prompt';
import { ModelConfigError } from '../modelConfigError';
import type { StorageDtype } from '../params';
import type { Recommender, RecommenderInit } from '../recommender';
import type { PassProgressCallback } from './cataloguePass';
import { frozenItemEmbeddings } from './frozenItemEmbeddings';
import type { ItemLlmSource } from './itemLlmSource';
import { DEFAULT_MEMORY_BUDGET, planHllm, type HllmPlan } from './hllmPlan';
import { hllmWorkload } from './hllmWorkload';
import { hllmStepFlops } from './stepFlops';
import { itemEncoderMode } from './itemEncoderMode';
import { createJointHllm, type JointHllmOptions, type JointItems } from './jointRecommender';
import { defaultMemoryBackend } from './memoryBackend';
import { userWeightsFromCheckpoint } from './userInit';

/** What an HLLM needs besides its config: the catalogue's text and the Item LLM to start from. */
export interface HllmInputs {
  /** Text of every item (item i at index i), read through the config's `textFields`. */
  items: readonly ItemText[];
  itemLlm: ItemLlmSource;
  /** The device's memory budget in bytes (the config's `memoryBudgetMiB` wins; default 4 GiB). */
  memoryBudgetBytes?: number;
  /** Decoder layers per checkpointed stage (planned from the budget when omitted). */
  stageLayers?: number;
  /** How frozen weights and cached states are stored (float16 only on WebGPU with `shader-f16`). */
  storage?: StorageDtype;
  /** Progress of each pass over the catalogue. */
  onPass?: PassProgressCallback;
  /** Receives the memory plan the run executes (micro-batch, stage size, estimate). */
  onPlan?: (plan: HllmPlan) => void;
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

/**
 * The budget in bytes: the config's `memoryBudgetMiB` (the user's choice), else `device` (the
 * device's default), else `DEFAULT_MEMORY_BUDGET`.
 */
export function budgetOf(model: HllmConfig, device?: number): number {
  if (model.memoryBudgetMiB !== undefined) return model.memoryBudgetMiB * 2 ** 20;
  return device ?? DEFAULT_MEMORY_BUDGET;
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
  const plan = planHllm(
    hllmWorkload(
      model,
      itemLlm.config,
      {
        catalogueItems: init.numItems,
        batchSize: init.train.batchSize,
        maxHistory: init.maxSeqLen,
        numNegatives: init.train.numNegatives,
        gradClip: init.train.gradClip,
      },
      { storage: inputs.storage, stageLayers: inputs.stageLayers },
    ),
    {
      budgetBytes: budgetOf(model, inputs.memoryBudgetBytes),
      fixedItemRows: model.itemRows !== undefined,
      fixedStageLayers: inputs.stageLayers !== undefined,
    },
    defaultMemoryBackend(),
  );
  if (plan.refusal !== null) throw new Error(plan.refusal);
  inputs.onPlan?.(plan);
  const tokenIds = tokenizeCatalogue(
    itemLlm.tokenizer,
    inputs.items,
    model.textFields,
    model.maxTextTokens,
  );
  const userWeights = fromCheckpoint
    ? userWeightsFromCheckpoint(model.user, itemLlm.config, itemLlm.weights)
    : undefined;
  const { itemRows, stageLayers } = plan.workload;
  let items: JointItems;
  if (mode === 'frozen') {
    const embeddings = await frozenItemEmbeddings(
      itemLlm.config,
      itemLlm.weights,
      tokenIds,
      pooling,
      { chunk: itemRows, storage: inputs.storage, onPass: inputs.onPass },
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
    itemRows,
    stageLayers,
    storage: inputs.storage,
    onPass: inputs.onPass,
    flopsPerStep: hllmStepFlops(plan.workload).total,
  };
  return createJointHllm(model, init, items, options);
}
