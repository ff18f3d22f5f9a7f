import { wasmHeapBytes } from './wasmHeap';
import { init } from '@jax-js/jax';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultRunConfig } from '../src/config/defaults';
import type { HllmConfig, ItemEncoderSpec } from '../src/config/runConfig';
import { leaveOneOutSplit } from '../src/dataset/split';
import { estimateItemLlmMemory } from '../src/itemEncoders/itemLlmMemory';
import { loadLlamaCheckpoint } from '../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../src/itemEncoders/node/localModelFiles';
import { itemEncoderMode, createHllm } from '../src/models/hllm/createHllm';
import { scratchItemLlm, type ItemLlmSource } from '../src/models/hllm/itemLlmSource';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import { epochBatches } from '../src/training/batches';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.join(ROOT, 'test/fixtures/tiny-llama');
const STEPS = 3;

/** One HLLM workload whose Wasm heap is measured. */
interface MemoryCase {
  name: string;
  encoder: ItemEncoderSpec;
  items: number;
  maxTextTokens: number;
  batchSize: number;
  maxHistory: number;
  numNegatives: number;
}

const TOP1: ItemEncoderSpec = { kind: 'finetune', model: FIXTURE, topLayers: 1, lora: 0 };
const ALL: ItemEncoderSpec = { kind: 'finetune', model: FIXTURE, topLayers: 'all', lora: 0 };
const SCRATCH: ItemEncoderSpec = { kind: 'scratch', tokenizer: FIXTURE, layers: 2, width: 64 };

const CASES: MemoryCase[] = [
  {
    name: 'top-1',
    encoder: TOP1,
    items: 500,
    maxTextTokens: 32,
    batchSize: 16,
    maxHistory: 10,
    numNegatives: 64,
  },
  {
    name: 'top-1',
    encoder: TOP1,
    items: 1000,
    maxTextTokens: 96,
    batchSize: 32,
    maxHistory: 5,
    numNegatives: 64,
  },
  {
    name: 'all',
    encoder: ALL,
    items: 500,
    maxTextTokens: 64,
    batchSize: 16,
    maxHistory: 10,
    numNegatives: 64,
  },
  {
    name: 'all',
    encoder: ALL,
    items: 1000,
    maxTextTokens: 32,
    batchSize: 64,
    maxHistory: 5,
    numNegatives: 128,
  },
  {
    name: 'scratch 2×64',
    encoder: SCRATCH,
    items: 500,
    maxTextTokens: 40,
    batchSize: 16,
    maxHistory: 20,
    numNegatives: 128,
  },
  {
    name: 'scratch 2×64',
    encoder: SCRATCH,
    items: 1000,
    maxTextTokens: 40,
    batchSize: 32,
    maxHistory: 10,
    numNegatives: 64,
  },
];

/** One row of the table: the estimate beside the measured peak of the Wasm heap. */
export interface MemoryRow {
  mode: string;
  items: number;
  maxTextTokens: number;
  batchSize: number;
  maxHistory: number;
  numNegatives: number;
  /** Items the estimate assumes per step (batch × history + negatives, at most the catalogue). */
  batchItems: number;
  estimateMiB: number;
  /** Heap after set-up (weights, optimizer, boundary cache). */
  setupMiB: number;
  /** Heap after the training steps. */
  trainedMiB: number;
  /** Heap after encoding the catalogue: the peak of the run. */
  peakMiB: number;
  ratio: number;
}

const MIB = 2 ** 20;

/** Runs one case in this process: set-up, `STEPS` joint training steps and one catalogue encoding. */
async function measureCase(c: MemoryCase): Promise<MemoryRow> {
  await init('wasm');
  const checkpoint = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
  const itemLlm: ItemLlmSource =
    c.encoder.kind === 'scratch'
      ? scratchItemLlm(
          checkpoint.tokenizer,
          checkpoint.config.vocabSize,
          c.encoder.layers,
          c.encoder.width,
          1,
          FIXTURE,
        )
      : {
          source: checkpoint.source,
          config: checkpoint.config,
          weights: checkpoint.params,
          tokenizer: checkpoint.tokenizer,
        };
  const dataset = generateSyntheticDataset({ seed: 1, numItems: c.items });
  const base = defaultRunConfig('hllm');
  const data = { ...base.data, kCore: 0, maxHistory: c.maxHistory };
  const { split } = leaveOneOutSplit(dataset, data, base.seed);
  const train = {
    ...base.train,
    batchSize: c.batchSize,
    numNegatives: c.numNegatives,
    warmupSteps: 0,
    epochs: 1,
  };
  const model: HllmConfig = {
    ...(base.model as HllmConfig),
    user: { ...checkpoint.config, numLayers: 1 },
    itemEncoder: c.encoder,
    textFields: ['title', 'description'],
    maxTextTokens: c.maxTextTokens,
  };
  const modelInit = {
    numItems: split.numItems,
    maxSeqLen: c.maxHistory,
    train,
    totalSteps: STEPS,
    seed: base.seed,
  };
  const recommender = await createHllm(model, modelInit, { items: dataset.itemText, itemLlm });
  const setup = wasmHeapBytes();
  const { batches } = epochBatches(split.train, {
    maxHistory: c.maxHistory,
    batchSize: c.batchSize,
    seed: base.seed,
    epoch: 0,
  });
  for (const batch of batches.slice(0, STEPS)) await recommender.trainStep(batch);
  const trained = wasmHeapBytes();
  await recommender.encodeItems();
  const peak = wasmHeapBytes();
  recommender.dispose();
  const batchItems = Math.min(split.numItems, c.batchSize * c.maxHistory + c.numNegatives);
  const estimate = estimateItemLlmMemory({
    config: itemLlm.config,
    mode: itemEncoderMode(c.encoder).mode,
    batchItems,
    catalogueItems: split.numItems,
    maxTextTokens: c.maxTextTokens,
  }).total;
  return {
    mode: c.name,
    items: split.numItems,
    maxTextTokens: c.maxTextTokens,
    batchSize: c.batchSize,
    maxHistory: c.maxHistory,
    numNegatives: c.numNegatives,
    batchItems,
    estimateMiB: Number((estimate / MIB).toFixed(1)),
    setupMiB: Number((setup / MIB).toFixed(1)),
    trainedMiB: Number((trained / MIB).toFixed(1)),
    peakMiB: Number((peak / MIB).toFixed(1)),
    ratio: Number((peak / estimate).toFixed(2)),
  };
}

/**
 * Peak jax-js Wasm heap against `estimateItemLlmMemory` for small HLLM runs (tiny-llama fixture
 * 2 × 32 top-1 / all, a scratch 2 × 64 Llama over its tokenizer; 1-layer 32-wide User LLM;
 * synthetic catalogues): per case, set-up, 3 joint training steps and one `encodeItems`, each in
 * its own Node process because the Wasm heap only grows and never returns memory. The peak is the
 * heap's byte length (jax-js grows its WebAssembly.Memory to the allocator's high-water mark).
 */
export function benchHllmMemory(): MemoryRow[] {
  const self = fileURLToPath(import.meta.url);
  return CASES.map((_, i) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--case', String(i)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return JSON.parse(out.trim().split('\n').at(-1) ?? '') as MemoryRow;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--case');
  if (at >= 0) {
    measureCase(CASES[Number(process.argv[at + 1])]).then((row) =>
      console.log(JSON.stringify(row)),
    );
  } else {
    console.table(benchHllmMemory());
  }
}
