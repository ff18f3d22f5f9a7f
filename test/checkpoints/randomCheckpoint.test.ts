import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encodeBf16,
  RANDOM_CHECKPOINTS,
  writeRandomCheckpoint,
  type HfConfigJson,
} from '../../scripts/randomCheckpoint';
import { loadLlamaCheckpoint, parseLlamaConfig } from '../../src/itemEncoders/llamaCheckpoint';
import { llamaParamCount } from '../../src/models/llama/paramCount';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { HUB_CHECKPOINTS } from '../../src/models/hllm/hubCheckpoints';
import type { HostParams } from '../../src/models/recommender';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'random-checkpoint-'));
  dirs.push(dir);
  return dir;
}

function hubConfig(repo: string) {
  const hub = HUB_CHECKPOINTS.find((c) => c.repo === repo);
  if (!hub) throw new Error(`no ${repo} in HUB_CHECKPOINTS`);
  return hub.config;
}

/** The safetensors header of a file: tensor name → dtype and shape. */
async function header(dir: string): Promise<Record<string, { dtype: string; shape: number[] }>> {
  const bytes = await readFile(join(dir, 'model.safetensors'));
  const length = Number(bytes.readBigUint64LE(0));
  const entries = Object.entries(JSON.parse(bytes.subarray(8, 8 + length).toString()));
  return Object.fromEntries(entries.filter(([name]) => name !== '__metadata__')) as Record<
    string,
    { dtype: string; shape: number[] }
  >;
}

/** HF tensor shapes of a Llama / Qwen2 config, without the `model.` prefix the loader drops. */
function expectedShapes(c: HfConfigJson, biases: boolean): Record<string, number[]> {
  const d = c.hidden_size;
  const kv = (c.num_key_value_heads * d) / c.num_attention_heads;
  const shapes: Record<string, number[]> = { 'embed_tokens.weight': [c.vocab_size, d] };
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const l = `layers.${i}.`;
    Object.assign(shapes, {
      [`${l}self_attn.q_proj.weight`]: [d, d],
      [`${l}self_attn.k_proj.weight`]: [kv, d],
      [`${l}self_attn.v_proj.weight`]: [kv, d],
      [`${l}self_attn.o_proj.weight`]: [d, d],
      [`${l}mlp.gate_proj.weight`]: [c.intermediate_size, d],
      [`${l}mlp.up_proj.weight`]: [c.intermediate_size, d],
      [`${l}mlp.down_proj.weight`]: [d, c.intermediate_size],
      [`${l}input_layernorm.weight`]: [d],
      [`${l}post_attention_layernorm.weight`]: [d],
    });
    if (biases) {
      Object.assign(shapes, {
        [`${l}self_attn.q_proj.bias`]: [d],
        [`${l}self_attn.k_proj.bias`]: [kv],
        [`${l}self_attn.v_proj.bias`]: [kv],
      });
    }
  }
  shapes['norm.weight'] = [d];
  return shapes;
}

/** Mean, standard deviation and kurtosis (3 for a normal) of some values. */
function moments(values: Float32Array): { mean: number; std: number; kurtosis: number } {
  let mean = 0;
  for (const x of values) mean += x;
  mean /= values.length;
  let m2 = 0;
  let m4 = 0;
  for (const x of values) {
    const d2 = (x - mean) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= values.length;
  m4 /= values.length;
  return { mean, std: Math.sqrt(m2), kurtosis: m4 / (m2 * m2) };
}

function shapesOf(params: HostParams): Record<string, number[]> {
  return Object.fromEntries(Object.entries(params).map(([n, t]) => [n, t.shape]));
}

const isNorm = (name: string) => name.endsWith('layernorm.weight') || name === 'norm.weight';

describe('random checkpoints', () => {
  it('encodes float32 to BF16 rounding to nearest, ties to even', () => {
    const src = Float32Array.of(
      1,
      1 + 2 ** -8, // halfway between 1 and the next BF16: ties to even, 1
      1 + 2 ** -7 + 2 ** -8, // halfway, odd below: up to 1 + 2^-6
      1 + 2 ** -8 + 2 ** -20, // just above halfway: up
      -2.5,
      -0,
      3.4028234663852886e38, // float32 max rounds past BF16 max: Infinity
      -Infinity,
      NaN,
    );
    const out = new Uint16Array(src.length);
    encodeBf16(src, out);
    expect(Array.from(out)).toEqual([
      0x3f80, 0x3f80, 0x3f82, 0x3f81, 0xc020, 0x8000, 0x7f80, 0xff80, 0x7fc0,
    ]);
  });

  it('counts the published parameters of the full-size models', () => {
    const smol = parseLlamaConfig(RANDOM_CHECKPOINTS['smollm2-135m'], 'smollm2-135m');
    const qwen = parseLlamaConfig(RANDOM_CHECKPOINTS['qwen2.5-0.5b'], 'qwen2.5-0.5b');
    expect(smol).toEqual(hubConfig('HuggingFaceTB/SmolLM2-135M'));
    expect(qwen).toEqual(hubConfig('Qwen/Qwen2.5-0.5B'));
    // 49152·576 + 30·(576·(576 + 192 + 192 + 576) + 3·576·1536 + 2·576) + 576.
    expect(llamaParamCount(smol)).toBe(134_515_008);
    // 151936·896 + 24·(896·(896 + 128 + 128 + 896) + (896 + 128 + 128) + 3·896·4864 + 2·896)
    // + 896.
    expect(llamaParamCount(qwen)).toBe(494_032_768);
  });

  it('writes a SmolLM2-135M-shaped checkpoint that loads like a Hub download', async () => {
    const dir = await tempDir();
    const written = await writeRandomCheckpoint('smollm2-135m', dir, { seed: 1, numLayers: 2 });
    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(onDisk).toEqual({
      ...RANDOM_CHECKPOINTS['smollm2-135m'],
      vocab_size: 32000,
      num_hidden_layers: 2,
    });

    const ckpt = await loadLlamaCheckpoint(createLocalModelFiles(dir));
    expect(ckpt.config).toEqual({
      ...hubConfig('HuggingFaceTB/SmolLM2-135M'),
      vocabSize: 32000,
      numLayers: 2,
    });
    expect(shapesOf(ckpt.params)).toEqual(expectedShapes(onDisk, false));
    expect(written.params).toBe(llamaParamCount(ckpt.config));
    expect(written.bytes).toBe((await stat(join(dir, 'model.safetensors'))).size);
    const tensors = await header(dir);
    expect(Object.keys(tensors)).not.toContain('lm_head.weight'); // tied embeddings
    expect(new Set(Object.values(tensors).map((t) => t.dtype))).toEqual(new Set(['BF16']));

    for (const [name, { data }] of Object.entries(ckpt.params)) {
      if (isNorm(name)) {
        expect(data.every((x) => x === 1)).toBe(true);
        continue;
      }
      const { mean, std } = moments(data);
      expect(std / 0.041666666666666664, name).toBeCloseTo(1, 1);
      expect(Math.abs(mean), name).toBeLessThan((4 * std) / Math.sqrt(data.length));
    }
    // Normal tails, not a sum of uniforms (kurtosis 2.9 for twelve).
    expect(moments(ckpt.params['embed_tokens.weight'].data).kurtosis).toBeCloseTo(3, 1);
    const q = moments(ckpt.params['layers.0.self_attn.q_proj.weight'].data);
    expect(Math.abs(q.std / 0.041666666666666664 - 1)).toBeLessThan(0.01);
  });

  it('is reproducible from its seed, and the stamp skips rewriting', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const options = { seed: 7, numLayers: 2 };
    await writeRandomCheckpoint('smollm2-135m', a, options);
    await writeRandomCheckpoint('smollm2-135m', b, options);
    const weights = (dir: string) => readFile(join(dir, 'model.safetensors'));
    expect((await weights(a)).equals(await weights(b))).toBe(true);

    const before = (await stat(join(a, 'model.safetensors'))).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await writeRandomCheckpoint('smollm2-135m', a, options);
    expect((await stat(join(a, 'model.safetensors'))).mtimeMs).toBe(before);
    expect(again.dir).toBe(a);

    // Another seed in the same folder is not skipped, and gives other weights.
    await writeRandomCheckpoint('smollm2-135m', b, { ...options, seed: 8 });
    expect((await stat(join(b, 'model.safetensors'))).mtimeMs).toBeGreaterThan(before);
    expect((await weights(a)).equals(await weights(b))).toBe(false);
  });

  it('writes a Qwen2.5-0.5B-shaped checkpoint with q/k/v biases', async () => {
    const dir = await tempDir();
    const written = await writeRandomCheckpoint('qwen2.5-0.5b', dir, { numLayers: 1 });
    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(onDisk).toEqual({
      ...RANDOM_CHECKPOINTS['qwen2.5-0.5b'],
      vocab_size: 32000,
      num_hidden_layers: 1,
    });

    const ckpt = await loadLlamaCheckpoint(createLocalModelFiles(dir));
    expect(ckpt.config).toEqual({
      ...hubConfig('Qwen/Qwen2.5-0.5B'),
      vocabSize: 32000,
      numLayers: 1,
    });
    expect(ckpt.config.attentionBias).toBe('qkv');
    expect(shapesOf(ckpt.params)).toEqual(expectedShapes(onDisk, true));
    expect(written.params).toBe(llamaParamCount(ckpt.config));
    expect(Object.keys(await header(dir))).not.toContain('lm_head.weight');

    for (const [name, { data }] of Object.entries(ckpt.params)) {
      if (isNorm(name)) expect(data.every((x) => x === 1)).toBe(true);
      else if (name.endsWith('.weight')) expect(moments(data).std / 0.02, name).toBeCloseTo(1, 1);
    }
    const biases = ['q', 'k', 'v'].flatMap((p) =>
      Array.from(ckpt.params[`layers.0.self_attn.${p}_proj.bias`].data),
    );
    expect(biases.length).toBe(896 + 128 + 128);
    expect(Math.abs(moments(Float32Array.from(biases)).std / 0.02 - 1)).toBeLessThan(0.1);
  });
});
