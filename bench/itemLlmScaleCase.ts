// One case of `npm run bench -- itemllm-scale`, run in its own Node process (the Wasm heap never
// shrinks, so each peak needs a fresh heap): `npx tsx bench/itemLlmScaleCase.ts '<ScaleCase JSON>'`
// prints one JSON line with the measured `ScaleResult`.
import { watchWasmHeap, wasmHeapBytes } from '../src/compute/memoryMeter';
import { init } from '@jax-js/jax';
import { defaultRunConfig } from '../src/config/defaults';
import type { HllmConfig } from '../src/config/runConfig';
import { loadLlamaCheckpoint } from '../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../src/itemEncoders/node/localModelFiles';
import { createHllm } from '../src/models/hllm/createHllm';
import type { TrainBatch } from '../src/models/recommender';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import type { ScaleCase, ScaleResult } from './itemLlmScale';

watchWasmHeap();

const MIB = 2 ** 20;

/** `batch` histories of `history` items over the first `items` catalogue items, with next-item targets. */
function syntheticBatch(batch: number, history: number, items: number, shift: number): TrainBatch {
  const inputs = new Int32Array(batch * history);
  const targets = new Int32Array(batch * history);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < history; t++) {
      const item = (b * 7 + t * 3 + shift) % items;
      inputs[b * history + t] = 1 + item;
      targets[b * history + t] = 1 + ((item + 1) % items);
    }
  }
  return { batchSize: batch, seqLen: history, inputs, targets };
}

async function measure(c: ScaleCase): Promise<ScaleResult> {
  await init('wasm');
  const checkpoint = await loadLlamaCheckpoint(createLocalModelFiles(c.dir));
  const dataset = generateSyntheticDataset({ seed: 1, numItems: Math.max(c.items, 48) });
  const items = dataset.itemText.slice(0, c.items);
  const base = defaultRunConfig('hllm');
  const model: HllmConfig = {
    ...(base.model as HllmConfig),
    itemEncoder: c.encoder,
    textFields: ['title', 'description'],
    maxTextTokens: c.textTokens,
    itemRows: c.itemRows,
    ...(c.userLora === undefined ? {} : { userLora: c.userLora }),
    ...(c.userLayers === undefined ? {} : { userLayers: c.userLayers }),
  };
  const train = {
    ...base.train,
    batchSize: c.batchSize,
    numNegatives: Math.min(c.negatives, c.items - 1),
    warmupSteps: 0,
    epochs: 1,
  };
  const passes: ScaleResult['passes'] = {};
  const started = performance.now();
  const recommender = await createHllm(
    model,
    { numItems: c.items, maxSeqLen: c.history, train, totalSteps: 10, seed: base.seed },
    {
      items,
      itemLlm: {
        source: c.dir,
        config: checkpoint.config,
        weights: checkpoint.params,
        tokenizer: checkpoint.tokenizer,
      },
      stageLayers: c.stageLayers,
      memoryBudgetBytes: c.budgetMiB * MIB,
      onPass: (pass, progress) => (passes[pass] = progress.itemsPerSecond),
    },
  );
  const setupSeconds = (performance.now() - started) / 1000;
  const setupBytes = wasmHeapBytes();
  const stepSeconds: number[] = [];
  for (let s = 0; s < c.steps; s++) {
    const t0 = performance.now();
    await recommender.trainStep(syntheticBatch(c.batchSize, c.history, c.items, s));
    stepSeconds.push((performance.now() - t0) / 1000);
  }
  const trainedBytes = wasmHeapBytes();
  await recommender.encodeItems();
  const histories = syntheticBatch(Math.min(256, 4 * c.batchSize), c.history, c.items, 5);
  await recommender.encodeUsers(histories.inputs, histories.batchSize, c.history);
  const peakBytes = wasmHeapBytes();
  recommender.dispose();
  return {
    setupSeconds,
    stepSeconds,
    passes,
    setupMiB: setupBytes / MIB,
    trainedMiB: trainedBytes / MIB,
    peakMiB: peakBytes / MIB,
    config: recommender.config as HllmConfig,
  };
}

const c = JSON.parse(process.argv[2] ?? '') as ScaleCase;
measure(c).then(
  (result) => console.log(`RESULT ${JSON.stringify(result)}`),
  (error: unknown) => {
    console.log(`RESULT ${JSON.stringify({ error: (error as Error).message })}`);
    process.exitCode = 1;
  },
);
