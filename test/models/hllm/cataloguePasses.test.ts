import { init } from '@jax-js/jax';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import type { HllmConfig, ItemEncoderSpec } from '../../../src/config/runConfig';
import { tokenizeCatalogue } from '../../../src/itemEncoders/itemLlmCatalogue';
import { loadLlamaCheckpoint } from '../../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../../src/itemEncoders/node/localModelFiles';
import { poolHidden } from '../../../src/itemEncoders/pooling';
import type { CataloguePass } from '../../../src/models/hllm/cataloguePass';
import { createHllm } from '../../../src/models/hllm/createHllm';
import { frozenItemEmbeddings } from '../../../src/models/hllm/frozenItemEmbeddings';
import type { ItemLlmSource } from '../../../src/models/hllm/itemLlmSource';
import { catalogueLayout } from '../../../src/models/hllm/itemRows';
import { ITEM_PREFIX } from '../../../src/models/hllm/paramTree';
import { toDevice } from '../../../src/models/params';
import type { RecommenderInit, TrainBatch } from '../../../src/models/recommender';
import { singleGraphHiddenStates, singleGraphItemVectors, upload } from './singleGraphHllm';

const FIXTURE = join(__dirname, '../../fixtures/tiny-llama');
const FIELDS = ['title', 'description'];
const MAX_TEXT_TOKENS = 72;

const ITEMS = ['Jazz Piano', 'Jazz Harmony', 'Roses', 'Compost', 'Film', 'Wildlife', 'Finance'].map(
  (title, i) => ({ title, description: `lesson ${i} about ${title.toLowerCase()}` }),
);

let source: ItemLlmSource;
beforeAll(async () => {
  await init('wasm');
  const ckpt = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
  source = {
    source: ckpt.source,
    config: ckpt.config,
    weights: ckpt.params,
    tokenizer: ckpt.tokenizer,
  };
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

/** Largest |a − b| relative to the largest |b|. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  b.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(a[i] - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / scale;
}

const tokens = () => tokenizeCatalogue(source.tokenizer, ITEMS, FIELDS, MAX_TEXT_TOKENS);

/** An HLLM over the fixture whose User LLM is the checkpoint's (no projection), `itemRows` per call. */
function config(itemEncoder: ItemEncoderSpec, itemRows: number): HllmConfig {
  return {
    ...(defaultRunConfig('hllm').model as HllmConfig),
    itemEncoder,
    textFields: FIELDS,
    maxTextTokens: MAX_TEXT_TOKENS,
    negatives: 'epoch-cache',
    userInit: 'checkpoint',
    userLayers: 1,
    itemRows,
  };
}

describe('HLLM catalogue passes, one decoder layer per call', () => {
  it('frozen encoding equals the single-graph forward for any chunk size, with progress', async () => {
    const ids = tokens();
    const layout = catalogueLayout(ids);
    const p = toDevice(source.weights);
    const states = (await singleGraphHiddenStates(
      source.config,
      p,
      layout.ids,
      layout.lengths,
      layout.seq,
    ).data()) as Float32Array; // [7, seq, 32]
    Object.values(p).forEach((a) => a.dispose());
    const mask = new Uint8Array(ITEMS.length * layout.seq);
    layout.lengths.forEach((len, r) => mask.fill(1, r * layout.seq, r * layout.seq + len));
    const want = poolHidden(states, mask, ITEMS.length, layout.seq, 32, 'last');
    for (const chunk of [3, ITEMS.length]) {
      const seen: number[] = [];
      const got = await frozenItemEmbeddings(source.config, source.weights, ids, 'last', {
        chunk,
        onPass: (pass, progress) => {
          expect(pass).toBe('frozen encoding');
          seen.push(progress.done);
        },
      });
      expect(got.shape).toEqual([ITEMS.length, 32]);
      expect(relativeError(got.data, want)).toBeLessThan(1e-5);
      expect(seen).toEqual(chunk === 3 ? [3, 6, 7] : [7]);
    }
  });

  for (const [name, encoder] of [
    ['top-1 (boundary cache)', { kind: 'finetune', model: FIXTURE, topLayers: 1, lora: 0 }],
    ['all layers', { kind: 'finetune', model: FIXTURE, topLayers: 'all', lora: 0 }],
  ] as const) {
    it(`${name}: item encoding after a step equals the single-graph forward for any chunk size`, async () => {
      const runs: { loss: number; items: Float32Array; passes: CataloguePass[] }[] = [];
      for (const itemRows of [3, ITEMS.length]) {
        const passes: CataloguePass[] = [];
        const model = await createHllm(config(encoder, itemRows), modelInit, {
          items: ITEMS,
          itemLlm: source,
          onPass: (pass, progress) => {
            if (progress.done === progress.total) passes.push(pass);
          },
        });
        const loss = await model.trainStep(batch);
        const items = await model.encodeItems(); // [7, 32]: the User LLM takes them as they are
        const trained = await model.getParams();
        const p = toDevice({
          ...source.weights,
          ...Object.fromEntries(
            Object.entries(trained)
              .filter(([n]) => n.startsWith(ITEM_PREFIX))
              .map(([n, t]) => [n.slice(ITEM_PREFIX.length), t]),
          ),
        });
        const all = Int32Array.from({ length: ITEMS.length }, (_, i) => i);
        const boundary = encoder.topLayers === 'all' ? 0 : 1;
        const rows = upload(catalogueLayout(tokens()), all);
        const want = (await singleGraphItemVectors(
          source.config,
          boundary,
          p,
          rows,
        ).data()) as Float32Array;
        Object.values(p).forEach((a) => a.dispose());
        expect(relativeError(items, want)).toBeLessThan(1e-5);
        runs.push({ loss, items, passes });
        model.dispose();
      }
      expect(runs[0].loss).toBeCloseTo(runs[1].loss, 5);
      expect(relativeError(runs[0].items, runs[1].items)).toBeLessThan(1e-5);
      const expected: CataloguePass[] = encoder.topLayers === 'all' ? [] : ['boundary cache'];
      expect(runs[0].passes).toEqual([...expected, 'negative cache', 'item encoding']);
    });
  }
});
