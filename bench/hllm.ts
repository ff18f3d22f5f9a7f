import { init } from '@jax-js/jax';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultRunConfig } from '../src/config/defaults';
import type { HllmConfig, HllmNegatives, ItemEncoderSpec } from '../src/config/runConfig';
import { leaveOneOutSplit } from '../src/dataset/split';
import { loadLlamaCheckpoint } from '../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../src/itemEncoders/node/localModelFiles';
import { createHllm } from '../src/models/hllm/createHllm';
import { scratchItemLlm, type ItemLlmSource } from '../src/models/hllm/itemLlmSource';
import type { RecommenderInit } from '../src/models/recommender';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import { epochBatches, stepsPerEpoch } from '../src/training/batches';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.join(ROOT, 'test/fixtures/tiny-llama');
const ITEMS = 500;
const USERS = 400;
const MAX_HISTORY = 20;
const BATCH = 16;
const NEGATIVES = 64;
const MAX_TEXT_TOKENS = 64;

/** One fine-tuning mode to time. */
interface BenchMode {
  name: string;
  encoder: ItemEncoderSpec;
  negatives?: HllmNegatives;
}

const MODES: BenchMode[] = [
  { name: 'frozen', encoder: { kind: 'frozen', model: FIXTURE, pooling: 'last' } },
  { name: 'top-1', encoder: { kind: 'finetune', model: FIXTURE, topLayers: 1, lora: 0 } },
  { name: 'all', encoder: { kind: 'finetune', model: FIXTURE, topLayers: 'all', lora: 0 } },
  {
    name: 'all, epoch-cached negatives',
    encoder: { kind: 'finetune', model: FIXTURE, topLayers: 'all', lora: 0 },
    negatives: 'epoch-cache',
  },
  { name: 'scratch 2×32', encoder: { kind: 'scratch', tokenizer: FIXTURE, layers: 2, width: 32 } },
];

const seconds = (start: number) => (performance.now() - start) / 1000;

/**
 * HLLM training throughput per fine-tuning mode on Wasm: the tiny-llama fixture (2 layers × 32,
 * character tokens; scratch = random weights over its tokenizer) as the Item LLM, a 1-layer
 * 32-wide User LLM, a synthetic dataset of 500 items and 400 users, histories of 20, batch 16,
 * 64 shared negatives, prompts cut to 64 tokens (the HLLM instruction takes 50). Per mode:
 * set-up (catalogue embedding or boundary cache), the first epoch (includes jit traces, one per
 * item-capacity shape), a second warm epoch, and one re-encoding of the whole catalogue
 * (`encodeItems`). The workload is kept small because all modes share one Wasm heap (4 GiB), and
 * jax-js reuses a freed buffer only for a buffer of the same size.
 */
export async function benchHllm(): Promise<Record<string, unknown>> {
  await init('wasm');
  const checkpoint = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
  const pretrained: ItemLlmSource = {
    source: checkpoint.source,
    config: checkpoint.config,
    weights: checkpoint.params,
    tokenizer: checkpoint.tokenizer,
  };
  const dataset = generateSyntheticDataset({ seed: 1, numItems: ITEMS, numUsers: USERS });
  const base = defaultRunConfig('hllm');
  const data = { ...base.data, kCore: 0, maxHistory: MAX_HISTORY };
  const { split } = leaveOneOutSplit(dataset, data, base.seed);
  const train = { ...base.train, batchSize: BATCH, numNegatives: NEGATIVES, warmupSteps: 0 };
  const perEpoch = stepsPerEpoch(split.train, BATCH);
  const modelInit: RecommenderInit = {
    numItems: split.numItems,
    maxSeqLen: MAX_HISTORY,
    train: { ...train, epochs: 2 },
    totalSteps: 2 * perEpoch,
    seed: base.seed,
  };
  const results: Record<string, unknown>[] = [];
  for (const mode of MODES) {
    const model: HllmConfig = {
      ...(base.model as HllmConfig),
      user: { ...checkpoint.config, numLayers: 1 },
      userLayers: 1,
      itemEncoder: mode.encoder,
      textFields: ['title', 'description'],
      maxTextTokens: MAX_TEXT_TOKENS,
      negatives: mode.negatives,
    };
    const itemLlm =
      mode.encoder.kind === 'scratch'
        ? scratchItemLlm(
            checkpoint.tokenizer,
            checkpoint.config.vocabSize,
            mode.encoder.layers,
            mode.encoder.width,
            base.seed,
            FIXTURE,
          )
        : pretrained;
    let start = performance.now();
    const recommender = await createHllm(model, modelInit, { items: dataset.itemText, itemLlm });
    const setupSeconds = seconds(start);
    const epochSeconds: number[] = [];
    let sequences = 0;
    for (let epoch = 0; epoch < 2; epoch++) {
      const { batches } = epochBatches(split.train, {
        maxHistory: MAX_HISTORY,
        batchSize: BATCH,
        seed: base.seed,
        epoch,
      });
      start = performance.now();
      for (const batch of batches) await recommender.trainStep(batch);
      epochSeconds.push(seconds(start));
      sequences = batches.reduce((n, b) => n + b.batchSize, 0);
    }
    start = performance.now();
    await recommender.encodeItems();
    const encodeCatalogueSeconds = seconds(start);
    recommender.dispose();
    results.push({
      mode: mode.name,
      setupSeconds: Number(setupSeconds.toFixed(2)),
      firstEpochSeqPerSec: Number((sequences / epochSeconds[0]).toFixed(1)),
      warmSeqPerSec: Number((sequences / epochSeconds[1]).toFixed(1)),
      encodeCatalogueSeconds: Number(encodeCatalogueSeconds.toFixed(2)),
    });
  }
  return {
    device: 'wasm (Node.js)',
    items: split.numItems,
    trainSequences: split.train.length,
    stepsPerEpoch: perEpoch,
    batchSize: BATCH,
    maxHistory: MAX_HISTORY,
    numNegatives: NEGATIVES,
    maxTextTokens: MAX_TEXT_TOKENS,
    itemLlm: 'tiny-llama fixture, 2 layers × 32, 98 character tokens',
    userLlm: '1 layer × 32',
    results,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchHllm().then((figures) => console.log(JSON.stringify(figures, null, 2)));
}
