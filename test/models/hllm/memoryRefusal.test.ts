import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import type { HllmConfig } from '../../../src/config/runConfig';
import { loadLlamaCheckpoint } from '../../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../../src/itemEncoders/node/localModelFiles';
import { createHllm } from '../../../src/models/hllm/createHllm';
import { generateSyntheticDataset } from '../../../src/synthetic/generateSyntheticDataset';

const FIXTURE = join(__dirname, '../../fixtures/tiny-llama');

describe('HLLM memory check', () => {
  it('refuses top-1 of tiny-llama over the default synthetic catalogue at batch 512 before any work', async () => {
    // On Wasm this run ran out of the 4 GiB heap while building the boundary cache.
    const checkpoint = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
    const dataset = generateSyntheticDataset();
    const base = defaultRunConfig('hllm');
    const model: HllmConfig = {
      ...(base.model as HllmConfig),
      user: { ...checkpoint.config, numLayers: 1 },
      itemEncoder: { kind: 'finetune', model: FIXTURE, topLayers: 1, lora: 0 },
      textFields: ['title', 'description'],
      maxTextTokens: 96,
    };
    const init = {
      numItems: dataset.itemText.length,
      maxSeqLen: 5,
      train: { ...base.train, batchSize: 512 },
      totalSteps: 10,
      seed: base.seed,
    };
    const itemLlm = {
      source: checkpoint.source,
      config: checkpoint.config,
      weights: checkpoint.params,
      tokenizer: checkpoint.tokenizer,
    };
    await expect(createHllm(model, init, { items: dataset.itemText, itemLlm })).rejects.toThrow(
      /Item LLM needs about .* MiB but 4096\.0 MiB is available; the largest part is activations .*: lower the batch size/,
    );
  });
});
