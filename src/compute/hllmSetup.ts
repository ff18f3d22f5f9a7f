import type { HllmConfig, RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import type { ModelFiles } from '../itemEncoders/modelFiles';
import type { ItemText } from '../dataset/types';
import { createRecommender } from '../models/createRecommender';
import { createHllm } from '../models/hllm/createHllm';
import type { PassProgressCallback } from '../models/hllm/cataloguePass';
import type { HllmPlan } from '../models/hllm/hllmPlan';
import type { MemoryBackend } from '../models/hllm/memoryBackend';
import type { StorageDtype } from '../models/params';
import { itemEncoderMode } from '../models/hllm/itemEncoderMode';
import { loadItemLlmSource, type ItemLlmSource } from '../models/hllm/itemLlmSource';
import type { HostTensor, Recommender, RecommenderInit } from '../models/recommender';
import { hashedTextEmbeddings } from '../training/hashedTextEmbeddings';
import { usableTextFields, type HllmFeatures } from './hllmFeatures';
import { featuresSetup, type ModelSetup } from '../pipeline/modelSetup';

/** How an HLLM run is built in the tab, and how it embeds the text of an item it has not seen. */
export interface HllmSetup extends ModelSetup {
  /** The same model over a one-item catalogue holding `item` (load trained parameters into it). */
  newItemModel(item: ItemText, init: RecommenderInit): Promise<Recommender>;
  /** How new item text is embedded, in plain words. */
  embeddedBy: string;
}

/** Describes what trains in an Item LLM run, e.g. `top-1 layer(s), LoRA rank 4`. */
export function describeItemLlmMode(model: HllmConfig): string {
  const spec = model.itemEncoder;
  if (spec.kind === 'scratch') return `from scratch (${spec.layers} layers × ${spec.width})`;
  if (spec.kind !== 'finetune') return spec.kind;
  const layers = spec.topLayers === 'all' ? 'all layers' : `top ${spec.topLayers} layer(s)`;
  return `fine-tuned: ${layers}${spec.lora > 0 ? `, LoRA rank ${spec.lora}` : ''}`;
}

/** Where an HLLM run's tensors live: the backend, its default budget, how frozen weights are stored. */
export interface MemoryTarget {
  backend: MemoryBackend;
  budgetBytes: number;
  storage: StorageDtype;
}

/**
 * HLLM whose Item LLM (a Llama checkpoint, or a seeded random Llama over a tokenizer) trains
 * jointly with the User LLM on jax-js: `filesOf` resolves the spec's model or tokenizer name.
 */
export async function itemLlmSetup(
  config: RunConfig,
  dataset: Dataset,
  filesOf: (name: string) => ModelFiles,
  target?: MemoryTarget,
): Promise<HllmSetup> {
  if (config.model.kind !== 'hllm') throw new Error('itemLlmSetup needs an HLLM config');
  const model: HllmConfig = {
    ...config.model,
    textFields: usableTextFields(config.model, dataset),
  };
  // Refuses an impossible mode (LoRA on zero trained layers) before the checkpoint is read.
  itemEncoderMode(model.itemEncoder);
  const source: ItemLlmSource = await loadItemLlmSource(model.itemEncoder, filesOf, config.seed);
  const negatives = model.negatives ?? 'reencode';
  const build = (
    items: readonly ItemText[],
    init: RecommenderInit,
    onPass?: PassProgressCallback,
    onPlan?: (plan: HllmPlan) => void,
  ) =>
    createHllm(model, init, {
      items,
      itemLlm: source,
      memoryBudgetBytes: target?.budgetBytes,
      storage: target?.storage,
      onPass,
      onPlan,
    });
  return {
    config: { ...config, model },
    note:
      `HLLM: Item LLM ${source.source} (${source.config.numLayers} layers × ${source.config.hiddenSize}) ` +
      (model.itemEncoder.kind === 'frozen'
        ? 'frozen ([ITEM] embeddings computed once)'
        : `${describeItemLlmMode(model)}, trained jointly with the User LLM (negatives ${negatives === 'reencode' ? 're-encoded every step' : 'from an epoch cache'})`) +
      `, [ITEM] read-out over the fields [${model.textFields.join(', ')}], at most ${model.maxTextTokens} tokens per item.`,
    createModel: (init, onPass, onPlan) => build(dataset.itemText, init, onPass, onPlan),
    newItemModel: (item, init) => build([item], init),
    embeddedBy: `the Item LLM ${source.source} as trained by this run (${describeItemLlmMode(model)}), fed to the User LLM as the run fed every item`,
  };
}

/**
 * HLLM over precomputed item features (hashed text, or embeddings of a frozen ONNX Item LLM):
 * `embedRow` embeds one new item's text the same way as the catalogue ([1, textDim]).
 */
export function precomputedSetup(
  features: HllmFeatures,
  embedRow: (item: ItemText) => Promise<HostTensor>,
  embeddedBy: string,
): HllmSetup {
  const model = features.config.model;
  return {
    ...featuresSetup(features),
    newItemModel: async (item, init) =>
      createRecommender(model, init, { itemTextEmbeddings: await embedRow(item) }),
    embeddedBy,
  };
}

/** One new item's hashed bag-of-words row over `fields`, as the catalogue's ([1, dim]). */
export function hashedRow(item: ItemText, fields: string[]): HostTensor {
  return hashedTextEmbeddings(
    { itemIds: ['new item'], itemText: [item], textFields: fields },
    fields,
  );
}
