import { describe, expect, it } from 'vitest';
import { ITEM_TOKEN } from '../../src/itemEncoders/itemLlm';
import {
  finetuneModeOf,
  initScratchWeights,
  itemBoundary,
  prepareItemLlmParams,
  scratchLlamaConfig,
} from '../../src/itemEncoders/itemLlmModel';

const config = scratchLlamaConfig(40, 3, 64);

describe('scratch Item LLM', () => {
  it('sizes a small Llama from layers and width', () => {
    expect(config).toMatchObject({
      hiddenSize: 64,
      numLayers: 3,
      numHeads: 2,
      numKvHeads: 2,
      intermediateSize: 256,
      vocabSize: 40,
    });
    expect(() => scratchLlamaConfig(40, 0, 64)).toThrow(/layers/);
    expect(() => scratchLlamaConfig(40, 2, 30)).toThrow(/width/);
  });

  it('initialises every decoder weight and the embedding table, seeded', () => {
    const a = initScratchWeights(config, 7);
    expect(a['embed_tokens.weight'].shape).toEqual([40, 64]);
    expect(a['layers.2.mlp.down_proj.weight'].shape).toEqual([64, 256]);
    expect(Array.from(a['norm.weight'].data)).toEqual(new Array(64).fill(1));
    expect(initScratchWeights(config, 7)['layers.0.self_attn.q_proj.weight'].data).toEqual(
      a['layers.0.self_attn.q_proj.weight'].data,
    );
    expect(initScratchWeights(config, 8)['layers.0.self_attn.q_proj.weight'].data).not.toEqual(
      a['layers.0.self_attn.q_proj.weight'].data,
    );
  });
});

describe('prepareItemLlmParams', () => {
  const weights = initScratchWeights(config, 1);

  it('adds a seeded small [ITEM] vector', () => {
    const p = prepareItemLlmParams(config, weights, 'all', 3);
    const item = p.trainable[ITEM_TOKEN].data;
    expect(item.length).toBe(64);
    const std = Math.sqrt(item.reduce((s, v) => s + v * v, 0) / item.length);
    expect(std).toBeGreaterThan(0.01);
    expect(std).toBeLessThan(0.04);
    expect(prepareItemLlmParams(config, weights, 'all', 3).trainable[ITEM_TOKEN].data).toEqual(
      item,
    );
    expect(prepareItemLlmParams(config, weights, 'all', 4).trainable[ITEM_TOKEN].data).not.toEqual(
      item,
    );
  });

  it('splits trainable and frozen weights by mode', () => {
    const total = Object.keys(weights).length + 1;
    const all = prepareItemLlmParams(config, weights, 'all', 1);
    expect([Object.keys(all.trainable).length, all.boundary]).toEqual([total, 0]);
    const frozen = prepareItemLlmParams(config, weights, 'frozen', 1);
    expect(Object.keys(frozen.trainable)).toEqual([]);
    const top = prepareItemLlmParams(config, weights, { topLayers: 1 }, 1);
    expect(top.boundary).toBe(2);
    expect(Object.keys(top.trainable).sort()).toEqual(
      [
        ITEM_TOKEN,
        'norm.weight',
        ...Object.keys(weights).filter((n) => n.startsWith('layers.2.')),
      ].sort(),
    );
    expect(Object.keys(top.frozen)).toContain('layers.1.mlp.up_proj.weight');
    expect(Object.keys(top.frozen)).toContain('embed_tokens.weight');
  });

  it('rejects a top-k outside 1..numLayers', () => {
    expect(() => itemBoundary(config, { topLayers: 4 })).toThrow(/1\.\.3/);
    expect(() => itemBoundary(config, { topLayers: 0 })).toThrow(/topLayers/);
  });
});

describe('finetuneModeOf', () => {
  it('maps the run config to a mode', () => {
    const spec = { kind: 'finetune' as const, model: 'm', lora: 0 };
    expect(finetuneModeOf({ ...spec, topLayers: 'all' })).toBe('all');
    expect(finetuneModeOf({ ...spec, topLayers: 0 })).toBe('frozen');
    expect(finetuneModeOf({ ...spec, topLayers: 2 })).toEqual({ topLayers: 2 });
  });
});
