import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import type { HllmConfig } from '../../../src/config/runConfig';
import { loadLlamaCheckpoint } from '../../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../../src/itemEncoders/node/localModelFiles';
import { createHllm } from '../../../src/models/hllm/createHllm';
import { HUB_CHECKPOINTS } from '../../../src/models/hllm/hubCheckpoints';
import type { HostParams } from '../../../src/models/recommender';
import { generateSyntheticDataset } from '../../../src/synthetic/generateSyntheticDataset';

const FIXTURE = join(__dirname, '../../fixtures/tiny-llama');

/** Weights that fail the test if anything reads them: a refused run must do no work. */
const untouchable = new Proxy({} as HostParams, {
  get: (_, name) => {
    throw new Error(`weight ${String(name)} was read before the memory plan refused the run`);
  },
  ownKeys: () => {
    throw new Error('the weights were listed before the memory plan refused the run');
  },
});

describe('HLLM memory check', () => {
  it('refuses a Qwen2.5-0.5B-shaped run that fits no 4 GiB heap before reading any weight, naming what to shrink', async () => {
    const { tokenizer } = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
    const qwen = HUB_CHECKPOINTS.find((c) => c.repo === 'Qwen/Qwen2.5-0.5B')!.config;
    const dataset = generateSyntheticDataset({ numItems: 100, numUsers: 20 });
    const base = defaultRunConfig('hllm');
    const model: HllmConfig = {
      ...(base.model as HllmConfig),
      itemEncoder: { kind: 'finetune', model: 'Qwen/Qwen2.5-0.5B', topLayers: 'all', lora: 0 },
      textFields: ['title', 'description'],
      maxTextTokens: 64,
    };
    const init = {
      numItems: dataset.itemText.length,
      maxSeqLen: 10,
      train: { ...base.train, batchSize: 16, numNegatives: 64 },
      totalSteps: 10,
      seed: base.seed,
    };
    const itemLlm = { source: 'qwen-shaped', config: qwen, weights: untouchable, tokenizer };
    await expect(createHllm(model, init, { items: dataset.itemText, itemLlm })).rejects.toThrow(
      /^HLLM needs about .* MiB but 4096\.0 MiB is available; the largest part is optimizer .*: train fewer layers \(top-k\) or use LoRA adapters/,
    );
  });
});
