import { init, numpy as np } from '@jax-js/jax';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toDevice, type Params } from '../../src/models/params';
import { ITEM_TOKEN, itemEmbeddingsFrom } from '../../src/itemEncoders/itemLlm';
import {
  buildBoundaryCache,
  encodeCatalogue,
  gatherBoundary,
  tokenizeCatalogue,
} from '../../src/itemEncoders/itemLlmCatalogue';
import { prepareItemLlmParams } from '../../src/itemEncoders/itemLlmModel';
import { loadLlamaCheckpoint, type LlamaCheckpoint } from '../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';

const items = [
  { title: 'Toy Story', genres: 'Animation' },
  { title: 'Heat' },
  { title: 'Twelve Monkeys', genres: 'Sci-Fi|Thriller' },
  { title: 'Babe', genres: '' },
  { title: 'Dead Man Walking', genres: 'Drama' },
];
const fields = ['title', 'genres'];

let ckpt: LlamaCheckpoint;
let params: Params;
let tokens: number[][];
beforeAll(async () => {
  await init('wasm');
  ckpt = await loadLlamaCheckpoint(
    createLocalModelFiles(join(__dirname, '../fixtures/tiny-llama')),
  );
  const prepared = prepareItemLlmParams(ckpt.config, ckpt.params, { topLayers: 1 }, 5);
  params = toDevice({ ...prepared.frozen, ...prepared.trainable });
  tokens = tokenizeCatalogue(ckpt.tokenizer, items, fields, 40);
});

describe('Item LLM over a catalogue', () => {
  it('tokenizes HLLM prompts with the checkpoint tokenizer, truncated', () => {
    expect(tokens.map((t) => t.length)).toEqual(tokens.map(() => 40));
    expect(tokens[0][0]).toBe(1);
    expect(ckpt.tokenizer.decode(tokens[1], { skip_special_tokens: true })).toBe(
      'Compress the following sentence into embedding: title: Heat'.slice(0, 38),
    );
  });

  it('chunked encoding does not depend on the chunk size', async () => {
    const short = tokenizeCatalogue(ckpt.tokenizer, items, fields, 70);
    const whole = await encodeCatalogue(ckpt.config, params, short, 1, 5);
    const chunked = await encodeCatalogue(ckpt.config, params, short, 1, 2);
    expect(whole.length).toBe(5 * 32);
    whole.forEach((v, i) => expect(chunked[i]).toBeCloseTo(v, 4));
  });

  it('embeddings from the boundary cache equal the full forward', async () => {
    const short = tokenizeCatalogue(ckpt.tokenizer, items, fields, 70);
    const cache = buildBoundaryCache(ckpt.config, params, short, 1, 2);
    expect(cache.states.shape).toEqual([5, cache.seq, 32]);
    const picked = Int32Array.of(4, 1, 1);
    const { states, batch } = gatherBoundary(cache, picked);
    const fromCache = await itemEmbeddingsFrom(ckpt.config, params, states, batch, 1).data();
    const all = await encodeCatalogue(ckpt.config, params, short, 1, 5);
    picked.forEach((item, b) => {
      for (let d = 0; d < 32; d++) expect(fromCache[b * 32 + d]).toBeCloseTo(all[item * 32 + d], 4);
    });
    cache.states.dispose();
  });

  it('the [ITEM] vector changes every item embedding', async () => {
    const before = await encodeCatalogue(ckpt.config, params, tokens, 1, 5);
    const other: Params = { ...params, [ITEM_TOKEN]: np.ones([32]).mul(0.3) };
    const after = await encodeCatalogue(ckpt.config, other, tokens, 1, 5);
    for (let i = 0; i < 5; i++) {
      const diff = Math.max(
        ...after.slice(i * 32, i * 32 + 32).map((v, d) => Math.abs(v - before[i * 32 + d])),
      );
      expect(diff).toBeGreaterThan(1e-3);
    }
    other[ITEM_TOKEN].dispose();
  });
});
