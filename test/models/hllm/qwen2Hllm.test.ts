import { init } from '@jax-js/jax';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import type { HllmConfig, ItemEncoderSpec } from '../../../src/config/runConfig';
import { buildItemBatch } from '../../../src/itemEncoders/itemLlm';
import { tokenizeCatalogue } from '../../../src/itemEncoders/itemLlmCatalogue';
import {
  loadLlamaCheckpoint,
  type LlamaCheckpoint,
} from '../../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../../src/itemEncoders/node/localModelFiles';
import { createHllm, type HllmInputs } from '../../../src/models/hllm/createHllm';
import { toDevice } from '../../../src/models/params';
import type { HostParams, RecommenderInit, TrainBatch } from '../../../src/models/recommender';
import { itemEmbeddings } from './layerwiseForward';

const FIXTURE = join(__dirname, '../../fixtures/tiny-qwen2');
/** Character tokens: the HLLM instruction alone takes 50, so titles start after it. */
const MAX_TEXT_TOKENS = 80;
const TEXT_FIELDS = ['title'];
const ITEMS = ['Jazz Piano', 'Jazz Harmony', 'Roses', 'Compost', 'Film', 'Wildlife'].map(
  (title) => ({ title }),
);

let ckpt: LlamaCheckpoint;
beforeAll(async () => {
  await init('wasm');
  ckpt = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
});

/** HLLM over the tiny Qwen2 (32 wide, 2 layers, q/k/v biases), its User LLM the checkpoint's first layer. */
function hllmConfig(itemEncoder: ItemEncoderSpec): HllmConfig {
  const base = defaultRunConfig('hllm').model as HllmConfig;
  return {
    ...base,
    userLayers: 1,
    itemEncoder,
    textFields: TEXT_FIELDS,
    maxTextTokens: MAX_TEXT_TOKENS,
  };
}

const modelInit: RecommenderInit = {
  numItems: ITEMS.length,
  maxSeqLen: 4,
  train: {
    ...defaultRunConfig('hllm').train,
    batchSize: 2,
    numNegatives: 3,
    learningRate: 1e-2,
    weightDecay: 0,
    warmupSteps: 0,
    warmupFraction: 0,
  },
  totalSteps: 10,
  seed: 5,
};

/** Two left-padded histories over the 6 items (+1 encoding) with next-item targets. */
const batch: TrainBatch = {
  batchSize: 2,
  seqLen: 4,
  inputs: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 1]),
  targets: Int32Array.from([0, 2, 3, 4, 5, 6, 1, 2]),
};

const finetune = (topLayers: number, lora = 0): ItemEncoderSpec => ({
  kind: 'finetune',
  model: FIXTURE,
  topLayers,
  lora,
});

const build = (config: HllmConfig, extra: Partial<HllmInputs> = {}) =>
  createHllm(config, modelInit, {
    items: ITEMS,
    itemLlm: {
      source: ckpt.source,
      config: ckpt.config,
      weights: ckpt.params,
      tokenizer: ckpt.tokenizer,
    },
    ...extra,
  });

const changed = (a: HostParams, b: HostParams, name: string): boolean =>
  a[name].data.some((v, i) => v !== b[name].data[i]);

describe('HLLM over a Qwen2 Item LLM (q/k/v biases)', () => {
  it('top-1 trains the top layer biases, keeps the frozen layer as loaded, and encodes with them', async () => {
    const model = await build(hllmConfig(finetune(1)));
    const before = await model.getParams();
    expect(Object.keys(before)).toContain('item.layers.1.self_attn.q_proj.bias');
    expect(Object.keys(before).some((n) => n.startsWith('item.layers.0.'))).toBe(false);
    expect(Object.keys(before)).toContain('user.layers.0.self_attn.v_proj.bias');
    await model.trainStep(batch);
    const after = await model.getParams();
    for (const name of [
      'item.layers.1.self_attn.q_proj.bias',
      'item.layers.1.self_attn.v_proj.bias',
      'user.layers.0.self_attn.k_proj.bias',
    ]) {
      expect(changed(before, after, name), name).toBe(true);
    }
    const trained: HostParams = { ...ckpt.params };
    for (const [name, t] of Object.entries(after)) {
      if (name.startsWith('item.')) trained[name.slice('item.'.length)] = t;
    }
    const tokens = tokenizeCatalogue(ckpt.tokenizer, ITEMS, TEXT_FIELDS, MAX_TEXT_TOKENS);
    const p = toDevice(trained);
    const expected = await (await itemEmbeddings(ckpt.config, p, buildItemBatch(tokens), 1)).data();
    const actual = await model.encodeItems();
    for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 4);
    Object.values(p).forEach((a) => a.dispose());
    model.dispose();
  });

  it('LoRA keeps the adapted biases frozen and still trains', async () => {
    const model = await build(hllmConfig(finetune(1, 2)));
    const before = await model.getParams();
    expect(Object.keys(before).filter((n) => n.startsWith('item.') && n.endsWith('.bias'))).toEqual(
      [],
    );
    await model.trainStep(batch);
    const after = await model.getParams();
    expect(changed(before, after, 'item.layers.1.self_attn.q_proj.lora_B')).toBe(true);
    model.dispose();
  });

  it('frozen Item LLM and a User LLM initialised from the checkpoint, biases included', async () => {
    const model = await build(hllmConfig({ kind: 'frozen', model: FIXTURE, pooling: 'last' }));
    expect((await model.encodeItems()).every(Number.isFinite)).toBe(true);
    const params = await model.getParams();
    // Item embeddings enter the User LLM as they are: same width, no projection.
    expect(Object.keys(params)).not.toContain('item_proj.weight');
    expect(params['user.layers.0.self_attn.q_proj.bias'].data).toEqual(
      ckpt.params['layers.0.self_attn.q_proj.bias'].data,
    );
    expect(Number.isFinite(await model.trainStep(batch))).toBe(true);
    model.dispose();
  });
});
