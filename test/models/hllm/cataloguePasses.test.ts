import { init } from '@jax-js/jax';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import type { HllmConfig } from '../../../src/config/runConfig';
import { loadLlamaCheckpoint } from '../../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../../src/itemEncoders/node/localModelFiles';
import { createHllm } from '../../../src/models/hllm/createHllm';
import type { ItemLlmSource } from '../../../src/models/hllm/itemLlmSource';
import type { RecommenderInit, TrainBatch } from '../../../src/models/recommender';

const FIXTURE = join(__dirname, '../../fixtures/tiny-llama');

const ITEMS = ['Jazz Piano', 'Jazz Harmony', 'Roses', 'Compost', 'Film', 'Wildlife', 'Finance'].map(
  (title, i) => ({ title, description: `lesson ${i} about ${title.toLowerCase()}` }),
);

let source: ItemLlmSource;
let user: HllmConfig['user'];
beforeAll(async () => {
  await init('wasm');
  const ckpt = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
  source = {
    source: ckpt.source,
    config: ckpt.config,
    weights: ckpt.params,
    tokenizer: ckpt.tokenizer,
  };
  user = { ...ckpt.config, numLayers: 1 };
});

const modelInit: RecommenderInit = {
  numItems: ITEMS.length,
  maxSeqLen: 4,
  train: { ...defaultRunConfig('hllm').train, batchSize: 2, numNegatives: 4, warmupSteps: 0 },
  totalSteps: 4,
  seed: 5,
};

const batch: TrainBatch = {
  batchSize: 2,
  seqLen: 4,
  inputs: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
  targets: Int32Array.from([0, 2, 3, 4, 5, 6, 7, 1]),
};

/** Loss of one step and the catalogue embeddings after it, encoding `chunk` items per call. */
async function runWithChunk(chunk: number): Promise<{ loss: number; items: Float32Array }> {
  const config: HllmConfig = {
    ...(defaultRunConfig('hllm').model as HllmConfig),
    user,
    itemEncoder: { kind: 'finetune', model: FIXTURE, topLayers: 1, lora: 0 },
    textFields: ['title', 'description'],
    maxTextTokens: 72,
    negatives: 'epoch-cache',
  };
  const model = await createHllm(config, modelInit, {
    items: ITEMS,
    itemLlm: source,
    encodeChunk: chunk,
  });
  const loss = await model.trainStep(batch);
  const items = await model.encodeItems();
  model.dispose();
  return { loss, items };
}

describe('HLLM catalogue passes chunk by chunk', () => {
  it('give the same boundary cache, cached negatives and item embeddings for any chunk size', async () => {
    // 7 items in chunks of 3 (the last one short) against one chunk of all 7.
    const whole = await runWithChunk(ITEMS.length);
    const chunked = await runWithChunk(3);
    expect(chunked.loss).toBeCloseTo(whole.loss, 5);
    expect(chunked.items.length).toBe(ITEMS.length * user.hiddenSize);
    for (let i = 0; i < whole.items.length; i++) {
      expect(chunked.items[i]).toBeCloseTo(whole.items[i], 5);
    }
  });
});
