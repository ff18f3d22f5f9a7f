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
import type { ItemLlmSource } from '../../../src/models/hllm/itemLlmSource';
import { toDevice } from '../../../src/models/params';
import type { HostParams, RecommenderInit, TrainBatch } from '../../../src/models/recommender';
import { itemEmbeddings } from './layerwiseForward';

const FIXTURE = join(__dirname, '../../fixtures/tiny-llama');
/** Character tokens: the HLLM instruction alone takes 50, so titles start after it. */
const MAX_TEXT_TOKENS = 96;

const ITEMS = [
  'Jazz Piano Basics',
  'Advanced Jazz Harmony',
  'Pruning Roses',
  'Compost at Home',
  'Film Cameras',
  'Wildlife Photography',
  'Personal Finance 101',
  'Retirement and Taxes',
].map((title, i) => ({ title, description: `lesson ${i} about ${title.toLowerCase()}` }));

let ckpt: LlamaCheckpoint;
let source: ItemLlmSource;
beforeAll(async () => {
  await init('wasm');
  ckpt = await loadLlamaCheckpoint(createLocalModelFiles(FIXTURE));
  source = {
    source: ckpt.source,
    config: ckpt.config,
    weights: ckpt.params,
    tokenizer: ckpt.tokenizer,
  };
});

/** HLLM over the fixture Llama (32 wide, 2 layers) with a random 1-layer User LLM of `userWidth`. */
function hllmConfig(itemEncoder: ItemEncoderSpec, userWidth = 32): HllmConfig {
  const base = defaultRunConfig('hllm').model as HllmConfig;
  return {
    ...base,
    userInit: 'random',
    user: { ...ckpt.config, hiddenSize: userWidth, numLayers: 1 },
    itemEncoder,
    textFields: ['title', 'description'],
    maxTextTokens: MAX_TEXT_TOKENS,
  };
}

const modelInit: RecommenderInit = {
  numItems: ITEMS.length,
  maxSeqLen: 5,
  train: {
    ...defaultRunConfig('hllm').train,
    batchSize: 4,
    numNegatives: 4,
    learningRate: 1e-2,
    // No weight decay: every change a step makes comes from a gradient.
    weightDecay: 0,
    warmupSteps: 0,
    warmupFraction: 0,
  },
  totalSteps: 10,
  seed: 3,
};

/** Four left-padded histories over the 8 items (+1 encoding) with next-item targets. */
const batch: TrainBatch = {
  batchSize: 4,
  seqLen: 5,
  inputs: Int32Array.from([0, 0, 1, 2, 3, 0, 4, 5, 6, 7, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6]),
  targets: Int32Array.from([0, 0, 2, 3, 4, 0, 5, 6, 7, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]),
};

const finetune = (topLayers: number | 'all'): Extract<ItemEncoderSpec, { kind: 'finetune' }> => ({
  kind: 'finetune',
  model: FIXTURE,
  topLayers,
  lora: 0,
});

const changed = (a: HostParams, b: HostParams, name: string): boolean =>
  a[name].data.some((v, i) => v !== b[name].data[i]);

const build = (config: HllmConfig, extra: Partial<HllmInputs> = {}) =>
  createHllm(config, modelInit, { items: ITEMS, itemLlm: source, ...extra });

describe('joint HLLM training step', () => {
  it('top-1: trains the top layer, [ITEM] and User LLM; the frozen layer and embeddings stay as loaded', async () => {
    const model = await build(hllmConfig(finetune(1)));
    const before = await model.getParams();
    const names = Object.keys(before);
    expect(names).toContain('item.item_token');
    expect(names).toContain('item.layers.1.mlp.up_proj.weight');
    expect(names).toContain('item.norm.weight');
    expect(names.some((n) => n.startsWith('item.layers.0.'))).toBe(false);
    expect(names).not.toContain('item.embed_tokens.weight');
    expect(names).not.toContain('item_proj.weight');

    const loss = await model.trainStep(batch);
    expect(loss).toBeGreaterThan(0.1);
    const after = await model.getParams();
    for (const name of [
      'item.item_token',
      'item.layers.1.self_attn.q_proj.weight',
      'item.layers.1.mlp.down_proj.weight',
      'user.layers.0.mlp.up_proj.weight',
      'logit_scale',
    ]) {
      expect(changed(before, after, name), name).toBe(true);
    }

    // The catalogue is encoded with the loaded layer 0 and embeddings and the updated top layer.
    const trained: HostParams = { ...ckpt.params };
    for (const [name, t] of Object.entries(after)) {
      if (name.startsWith('item.')) trained[name.slice('item.'.length)] = t;
    }
    const tokens = tokenizeCatalogue(
      ckpt.tokenizer,
      ITEMS,
      ['title', 'description'],
      MAX_TEXT_TOKENS,
    );
    const p = toDevice(trained);
    const expected = await (await itemEmbeddings(ckpt.config, p, buildItemBatch(tokens), 1)).data();
    const actual = await model.encodeItems();
    expect(actual.length).toBe(ITEMS.length * 32);
    for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 4);
    Object.values(p).forEach((a) => a.dispose());
    model.dispose();
  });

  it('all layers: the token embeddings train too, and a narrower User LLM gets a projection', async () => {
    const model = await build(hllmConfig(finetune('all'), 16));
    const before = await model.getParams();
    expect(before['item_proj.weight'].shape).toEqual([16, 32]);
    await model.trainStep(batch);
    const after = await model.getParams();
    expect(changed(before, after, 'item.embed_tokens.weight')).toBe(true);
    expect(changed(before, after, 'item.layers.0.self_attn.k_proj.weight')).toBe(true);
    expect(changed(before, after, 'item_proj.weight')).toBe(true);
    expect(model.dim).toBe(16);
    expect((await model.encodeUsers(batch.inputs, 4, 5)).length).toBe(4 * 16);
    model.dispose();
  });

  it('epoch-cached negatives still train the Item LLM through the positives', async () => {
    const model = await build({ ...hllmConfig(finetune('all')), negatives: 'epoch-cache' });
    const before = await model.getParams();
    const losses = [await model.trainStep(batch), await model.trainStep(batch)];
    expect(losses.every(Number.isFinite)).toBe(true);
    const after = await model.getParams();
    expect(changed(before, after, 'item.item_token')).toBe(true);
    expect(changed(before, after, 'item.layers.1.mlp.gate_proj.weight')).toBe(true);
    model.dispose();
  });

  it('LoRA: adapters start at the base model and train while the adapted weights stay frozen', async () => {
    const plain = await build(hllmConfig(finetune(1)));
    const model = await build(hllmConfig({ ...finetune(1), lora: 2 }));
    const before = await model.getParams();
    expect(before['item.layers.1.self_attn.q_proj.lora_A'].shape).toEqual([2, 32]);
    expect(before['item.layers.1.mlp.down_proj.lora_B'].shape).toEqual([32, 2]);
    expect(before['item.layers.1.mlp.down_proj.lora_B'].data.every((v) => v === 0)).toBe(true);
    expect(Object.keys(before)).not.toContain('item.layers.1.self_attn.q_proj.weight');
    expect(Object.keys(before)).toContain('item.layers.1.input_layernorm.weight');
    const start = await model.encodeItems();
    const base = await plain.encodeItems();
    for (let i = 0; i < start.length; i++) expect(start[i]).toBeCloseTo(base[i], 5);
    await model.trainStep(batch);
    const after = await model.getParams();
    expect(changed(before, after, 'item.layers.1.mlp.down_proj.lora_B')).toBe(true);
    expect(changed(before, after, 'item.item_token')).toBe(true);
    expect(await model.encodeItems()).not.toEqual(start);
    plain.dispose();
    model.dispose();
  });

  it('restores parameters with setParams and refuses foreign names', async () => {
    const model = await build(hllmConfig(finetune(1)));
    const start = await model.getParams();
    const itemsBefore = await model.encodeItems();
    await model.trainStep(batch);
    expect(await model.encodeItems()).not.toEqual(itemsBefore);
    model.setParams(start);
    expect(await model.encodeItems()).toEqual(itemsBefore);
    expect(() => model.setParams({ ...start, extra: start.logit_scale })).toThrow(
      /unexpected \[extra\]/,
    );
    model.dispose();
  });
});

describe('HLLM set-up', () => {
  it('frozen: embeds the catalogue once and trains the User LLM over it', async () => {
    const config = hllmConfig({ kind: 'frozen', model: FIXTURE, pooling: 'last' });
    const model = await build(config);
    // The run's config names how the User LLM trains: no LoRA (the frozen Item LLM has none).
    expect(model.config).toEqual({ ...config, userLora: 0 });
    const before = await model.encodeItems();
    expect(before.every(Number.isFinite)).toBe(true);
    const params = await model.getParams();
    expect(Object.keys(params).some((n) => n.includes('item_token'))).toBe(false);
    await model.trainStep(batch);
    expect(changed(params, await model.getParams(), 'user.layers.0.mlp.up_proj.weight')).toBe(true);
    model.dispose();
  });

  it('by default initialises the User LLM from the whole checkpoint, without a projection', async () => {
    const fromCheckpoint = { ...hllmConfig(finetune(1), 16), userInit: undefined };
    const model = await build(fromCheckpoint);
    const params = await model.getParams();
    for (const layer of [0, 1]) {
      expect(params[`user.layers.${layer}.mlp.up_proj.weight`].data).toEqual(
        ckpt.params[`layers.${layer}.mlp.up_proj.weight`].data,
      );
    }
    expect(Object.keys(params)).not.toContain('user.layers.2.mlp.up_proj.weight');
    expect(Object.keys(params)).not.toContain('item_proj.weight');
    expect(model.dim).toBe(32);
    model.dispose();
    const firstLayer = await build({ ...fromCheckpoint, userLayers: 1 });
    expect(Object.keys(await firstLayer.getParams())).not.toContain(
      'user.layers.1.mlp.up_proj.weight',
    );
    firstLayer.dispose();
    await expect(build({ ...fromCheckpoint, userLayers: 3 })).rejects.toThrow(
      /model\.userLayers: expected an integer in \[1, 2\]/,
    );
  });

  it('refuses a run over the memory budget, naming the largest part and what to change', async () => {
    await expect(
      build(hllmConfig(finetune('all')), { memoryBudgetBytes: 100_000 }),
    ).rejects.toThrow(
      /HLLM needs about .* MiB but 0\.1 MiB is available; the largest part is \w+ .*: /,
    );
  });

  it('names unsupported encoder settings', async () => {
    await expect(build(hllmConfig({ ...finetune(1), topLayers: 0, lora: 4 }))).rejects.toThrow(
      /model\.itemEncoder\.topLayers: expected at least 1 layer/,
    );
    await expect(build(hllmConfig({ kind: 'precomputed', path: 'x' }))).rejects.toThrow(
      /model\.itemEncoder\.kind/,
    );
    await expect(
      createHllm(hllmConfig(finetune(1)), modelInit, { items: ITEMS.slice(1), itemLlm: source }),
    ).rejects.toThrow(/items: expected text for each of the 8 items/);
  });
});
