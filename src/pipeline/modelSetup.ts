import type { RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import { createRecommender } from '../models/createRecommender';
import type { PassProgressCallback } from '../models/hllm/cataloguePass';
import type { HllmPlan } from '../models/hllm/hllmPlan';
import type { Recommender, RecommenderInit } from '../models/recommender';
import { withHashedItemFeatures, type HllmFeatures } from '../compute/hllmFeatures';

/** How an HLLM experiment's item side is built: the config as it runs and the model factory. */
export interface ModelSetup {
  /** The config as run (text fields actually used; item encoder as it ran). */
  config: RunConfig;
  /** What the run record must say about the Item LLM. */
  note: string;
  /**
   * Builds the model; `onPass` hears each Item LLM pass over the catalogue, `onPlan` the memory
   * plan the run executes.
   */
  createModel(
    init: RecommenderInit,
    onPass?: PassProgressCallback,
    onPlan?: (plan: HllmPlan) => void,
  ): Recommender | Promise<Recommender>;
}

/** HLLM's User LLM over precomputed item features (hashed text, Item LLM embeddings, a file). */
export function featuresSetup(features: HllmFeatures): ModelSetup {
  const model = features.config.model;
  return {
    config: features.config,
    note: features.note,
    createModel: (init) => createRecommender(model, init, { itemTextEmbeddings: features.table }),
  };
}

/** HLLM over a hashed bag-of-words of the item text (no Item LLM): the pipeline's default. */
export function hashedSetup(config: RunConfig, dataset: Dataset): ModelSetup {
  return featuresSetup(withHashedItemFeatures(config, dataset));
}
