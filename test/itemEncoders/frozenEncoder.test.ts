import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingCache } from '../../src/itemEncoders/embeddingCache';
import { createMemoryEmbeddingCache } from '../../src/itemEncoders/embeddingCache';
import { ModelLoadError } from '../../src/itemEncoders/errors';
import { loadFrozenEncoderOnFastestDevice } from '../../src/itemEncoders/fastestEncoder';
import { loadFrozenEncoder, type FrozenEncoder } from '../../src/itemEncoders/frozenEncoder';
import { configureLocalModels } from '../../src/itemEncoders/transformersEnv';

const MODELS = join(__dirname, '../../../shared/models');
const MODEL = 'tiny-random-llama-fp16';
const available = existsSync(join(MODELS, MODEL, 'onnx/model_fp16.onnx'));
if (!available) console.warn(`skipping frozen encoder tests: ${join(MODELS, MODEL)} is absent`);

const titles = [
  'Toy Story',
  'GoldenEye',
  'Four Rooms',
  'Get Shorty: a long title that needs many more tokens than the others do',
  'Copycat',
  'Shanghai Triad (Yao a yao yao dao waipo qiao)',
  'Twelve Monkeys',
];
const items = titles.map((title, i) => ({ title, genres: i % 2 ? 'Comedy' : '' }));
const fields = ['title', 'genres'];

/** A cache that counts the vectors it serves and stores. */
function countingCache(): EmbeddingCache & { hits: number; puts: number } {
  const inner = createMemoryEmbeddingCache();
  const cache = {
    hits: 0,
    puts: 0,
    async getMany(scope: string, hashes: readonly string[]) {
      const found = await inner.getMany(scope, hashes);
      cache.hits += found.filter(Boolean).length;
      return found;
    },
    async putMany(scope: string, entries: readonly { hash: string; vector: Float32Array }[]) {
      cache.puts += entries.length;
      await inner.putMany(scope, entries);
    },
  };
  return cache;
}

describe.skipIf(!available)('frozen encoder on tiny-random-llama-fp16', () => {
  let encoder: FrozenEncoder;
  beforeAll(async () => {
    configureLocalModels(MODELS);
    encoder = await loadFrozenEncoder({
      model: MODEL,
      dtype: 'fp16',
      device: 'cpu',
      pooling: 'last',
      maxTextTokens: 24,
    });
  });
  afterAll(async () => {
    await encoder?.dispose();
  });

  it('gives one hidden-size vector per item, truncating long prompts', async () => {
    const out = await encoder.encodeItems(items, fields, { batchSize: 3 });
    expect(encoder.dim).toBe(16);
    expect(out.length).toBe(items.length * 16);
    expect(out.every(Number.isFinite)).toBe(true);
    expect(encoder.tokenize('title: ' + titles[3].repeat(5)).length).toBe(24);
  });

  it('bucketed batches match one-by-one encoding within fp16 tolerance', async () => {
    const progress: number[] = [];
    const bucketed = await encoder.encodeItems(items, fields, {
      batchSize: 3,
      onProgress: (p) => progress.push(p.done),
    });
    const single = await encoder.encodeItems(items, fields, { batchSize: 1 });
    const naive = await encoder.encodeItems(items, fields, { batchSize: 4, bucketing: false });
    for (let i = 0; i < single.length; i++) {
      expect(bucketed[i]).toBeCloseTo(single[i], 2);
      expect(naive[i]).toBeCloseTo(single[i], 2);
    }
    expect(progress).toEqual([3, 6, 7]);
    // different items give different vectors
    expect(single.slice(0, 16)).not.toEqual(single.slice(16, 32));
  });

  it('serves repeats from the cache and re-encodes only an edited item', async () => {
    const cache = countingCache();
    const first = await encoder.encodeItems(items, fields, { batchSize: 4, cache });
    expect([cache.hits, cache.puts]).toEqual([0, items.length]);
    const again = await encoder.encodeItems(items, fields, { batchSize: 4, cache });
    expect([cache.hits, cache.puts]).toEqual([items.length, items.length]);
    expect(again).toEqual(first);
    const edited = items.map((item, i) => (i === 2 ? { ...item, title: 'Five Rooms' } : item));
    const third = await encoder.encodeItems(edited, fields, { batchSize: 4, cache });
    expect([cache.hits, cache.puts]).toEqual([2 * items.length - 1, items.length + 1]);
    expect(third.slice(32, 48)).not.toEqual(first.slice(32, 48));
    expect(third.slice(0, 32)).toEqual(first.slice(0, 32));
  });
});

describe.skipIf(!available)('frozen encoder load errors', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function modelWithout(file: string): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'frozen-'));
    dirs.push(root);
    await cp(join(MODELS, MODEL), join(root, 'm'), {
      recursive: true,
      filter: (src) => !src.endsWith(file),
    });
    configureLocalModels(root);
    return root;
  }

  const load = () =>
    loadFrozenEncoder({
      model: 'm',
      dtype: 'fp16',
      device: 'cpu',
      pooling: 'last',
      maxTextTokens: 8,
    });

  it('names a missing ONNX file', async () => {
    const root = await modelWithout('model_fp16.onnx');
    await expect(load()).rejects.toThrow(ModelLoadError);
    await expect(load()).rejects.toThrow(join(root, 'm/onnx/model_fp16.onnx'));
  });

  it('names a missing config.json', async () => {
    await modelWithout('config.json');
    await expect(load()).rejects.toThrow(/config\.json: file not found/);
  });

  it('names missing tokenizer files', async () => {
    await modelWithout('tokenizer.json');
    await expect(load()).rejects.toThrow(/tokenizer\.json/);
  });

  it('names a dtype whose file is absent', async () => {
    await modelWithout('.none');
    await expect(
      loadFrozenEncoder({
        model: 'm',
        dtype: 'q4',
        device: 'cpu',
        pooling: 'last',
        maxTextTokens: 8,
      }),
    ).rejects.toThrow(/model_q4\.onnx/);
  });
});

describe('frozen encoder on the committed tiny-llama fixture (fp32)', () => {
  const fixtures = join(__dirname, '../fixtures');
  const golden = JSON.parse(readFileSync(join(fixtures, 'tiny-llama/golden.json'), 'utf8')) as {
    texts: { text: string; ids: number[] }[];
    sequences: { ids: number[]; last_hidden_state: number[][] }[];
  };

  it('tokenizes as the fixture script and pools the golden final states in a padded batch', async () => {
    configureLocalModels(fixtures);
    const encoder = await loadFrozenEncoder({
      model: 'tiny-llama',
      dtype: 'fp32',
      device: 'cpu',
      pooling: 'last',
      maxTextTokens: 256,
    });
    try {
      for (const { text, ids } of golden.texts) expect(encoder.tokenize(text)).toEqual(ids);
      const texts = golden.texts.map((t) => t.text);
      const out = await encoder.encodeTexts(texts, { batchSize: 2 });
      texts.forEach((text, i) => {
        const states = golden.sequences.find((s) => s.ids.join() === encoder.tokenize(text).join());
        const last = states!.last_hidden_state.at(-1)!;
        last.forEach((v, d) => expect(out[i * encoder.dim + d]).toBeCloseTo(v, 4));
      });
    } finally {
      await encoder.dispose();
    }
  });
});

describe('device chosen by a measured warm-up', () => {
  it('records every candidate and keeps one that works', async () => {
    configureLocalModels(join(__dirname, '../fixtures'));
    const { encoder, choice } = await loadFrozenEncoderOnFastestDevice(
      { model: 'tiny-llama', dtype: 'fp32', pooling: 'last', maxTextTokens: 32 },
      ['title: Heat', 'title: Toy Story'],
      ['wasm', 'cpu'],
    );
    try {
      expect(Object.keys(choice.timings).sort()).toEqual(['cpu', 'wasm']);
      expect(typeof choice.timings[choice.device]).toBe('number');
      expect(encoder.options.device).toBe(choice.device);
      expect((await encoder.encodeTexts(['title: Heat'], { batchSize: 1 })).length).toBe(32);
    } finally {
      await encoder.dispose();
    }
  });
});
