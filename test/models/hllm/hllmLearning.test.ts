import { init } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import type { HllmConfig, RunConfig } from '../../../src/config/runConfig';
import { leaveOneOutSplit } from '../../../src/dataset/split';
import type { Dataset, Split } from '../../../src/dataset/types';
import { createRecommender } from '../../../src/models/createRecommender';
import { createHllm } from '../../../src/models/hllm/createHllm';
import { scratchItemLlm } from '../../../src/models/hllm/itemLlmSource';
import type { Recommender, RecommenderInit } from '../../../src/models/recommender';
import { generateSyntheticDataset } from '../../../src/synthetic/generateSyntheticDataset';
import { trainRun } from '../../../src/training/trainer';
import { wordTokenizer } from './wordTokenizer';

beforeAll(async () => {
  await init('wasm');
});

const dataset: Dataset = generateSyntheticDataset({ seed: 1, numItems: 300, numUsers: 500 });

/** A CI-sized run: 20-item histories, a fifth of the items held out as new, batch 64. */
function runConfig(model: RunConfig['model']): RunConfig {
  const c = defaultRunConfig(model.kind);
  return {
    ...c,
    data: { ...c.data, kCore: 0, maxHistory: 20, coldFraction: 0.2 },
    model,
    train: {
      ...c.train,
      epochs: 4,
      batchSize: 64,
      numNegatives: 128,
      warmupSteps: 5,
      patience: 0,
    },
  };
}

/** HLLM with a 1-layer, 32-wide scratch Item LLM over a word tokenizer and a 1-layer User LLM. */
function hllmModel(): HllmConfig {
  const base = defaultRunConfig('hllm').model as HllmConfig;
  return {
    ...base,
    user: {
      ...base.user,
      hiddenSize: 32,
      intermediateSize: 64,
      numLayers: 1,
      numHeads: 2,
      numKvHeads: 2,
    },
    itemEncoder: { kind: 'scratch', tokenizer: 'catalogue words', layers: 1, width: 32 },
    textFields: ['title', 'description'],
    maxTextTokens: 24,
  };
}

async function train(
  config: RunConfig,
  split: Split,
  createModel: (i: RecommenderInit) => Recommender | Promise<Recommender>,
) {
  let failure = '';
  const result = await trainRun({
    config,
    split,
    datasetName: 'synthetic',
    device: 'wasm',
    createModel,
    onEvent: (e) => {
      if (e.kind === 'error') failure = e.message;
    },
  });
  if (result === null) throw new Error(`training failed: ${failure}`);
  result.model.dispose();
  return result.run;
}

describe('HLLM learning on the synthetic dataset', () => {
  it('ranks new (cold) items from their text where SASRec cannot', async () => {
    const model = hllmModel();
    const config = runConfig(model);
    const { split } = leaveOneOutSplit(dataset, config.data, config.seed);
    const cold = split.testSlices.cold.length;
    expect(cold).toBeGreaterThan(30);

    const tokenizer = wordTokenizer(dataset.itemText, model.textFields);
    const hllm = await train(config, split, (i) =>
      createHllm(model, i, {
        items: dataset.itemText,
        itemLlm: scratchItemLlm(tokenizer, tokenizer.vocabSize, 1, 32, config.seed, 'words'),
      }),
    );
    const sasrecModel = defaultRunConfig('sasrec').model;
    const sasrecConfig = runConfig(
      sasrecModel.kind === 'sasrec'
        ? { ...sasrecModel, hiddenSize: 32, innerSize: 32 }
        : sasrecModel,
    );
    const sasrec = await train(sasrecConfig, split, (i) =>
      createRecommender(sasrecConfig.model, i),
    );

    const h = hllm.final.test.cold!;
    const s = sasrec.final.test.cold!;
    expect(h['R@10']).toBeGreaterThan(s['R@10'] + 10);
    expect(h['R@50']).toBeGreaterThan(s['R@50'] + 15);
    expect(h['N@10']).toBeGreaterThan(s['N@10']);
    expect(hllm.epochs.every((e) => Number.isFinite(e.loss))).toBe(true);
  });
});
