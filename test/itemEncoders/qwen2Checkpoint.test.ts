import { init, numpy as np } from '@jax-js/jax';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../src/checkpoints/safetensors';
import { ModelLoadError } from '../../src/itemEncoders/errors';
import { hiddenStates } from '../models/hllm/layerwiseForward';
import { loadLlamaCheckpoint, parseLlamaConfig } from '../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { toDevice } from '../../src/models/params';

const DIR = join(__dirname, '../fixtures/tiny-qwen2');
const LLAMA_DIR = join(__dirname, '../fixtures/tiny-llama');
const golden = JSON.parse(readFileSync(join(DIR, 'golden.json'), 'utf8')) as {
  sequences: { ids: number[]; last_hidden_state: number[][] }[];
};
const config = JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8')) as Record<
  string,
  unknown
>;
const llamaConfig = JSON.parse(readFileSync(join(LLAMA_DIR, 'config.json'), 'utf8')) as Record<
  string,
  unknown
>;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
beforeAll(async () => {
  await init('wasm');
});

const load = (dir: string) => loadLlamaCheckpoint(createLocalModelFiles(dir));

/** A copy of the fixture whose model.safetensors tensors went through `edit`. */
async function withTensors(
  edit: (tensors: ReturnType<typeof decodeSafetensors>['tensors']) => void,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qwen2-'));
  dirs.push(dir);
  await cp(DIR, dir, { recursive: true });
  const file = join(dir, 'model.safetensors');
  const { tensors } = decodeSafetensors(new Uint8Array(await readFile(file)));
  edit(tensors);
  await writeFile(file, encodeSafetensors(tensors));
  return dir;
}

describe('Qwen2 checkpoints (Llama with q/k/v biases)', () => {
  it('reads config.json: q/k/v biases, rope_theta and rms_norm_eps from the config', () => {
    expect(parseLlamaConfig(config, 'x')).toEqual({
      hiddenSize: 32,
      intermediateSize: 48,
      numLayers: 2,
      numHeads: 4,
      numKvHeads: 2,
      rmsNormEps: 1e-6,
      ropeTheta: 1e6,
      vocabSize: 98,
      attentionBias: 'qkv',
    });
    expect(parseLlamaConfig({ ...config, architectures: ['Qwen2Model'] }, 'x').attentionBias).toBe(
      'qkv',
    );
  });

  it('loads the tiny checkpoint and gives the PyTorch hidden states, padded batch', async () => {
    const ckpt = await load(DIR);
    expect(ckpt.params['layers.1.self_attn.k_proj.bias'].shape).toEqual([16]);
    expect(Object.keys(ckpt.params)).not.toContain('layers.0.self_attn.o_proj.bias');
    const seqs = golden.sequences.map((s) => s.ids);
    const seq = Math.max(...seqs.map((s) => s.length));
    const ids = new Int32Array(seqs.length * seq);
    seqs.forEach((s, b) => ids.set(s, b * seq));
    const lengths = Int32Array.from(seqs, (s) => s.length);
    const params = toDevice(ckpt.params);
    const states = await (await hiddenStates(ckpt.config, params, ids, lengths, seq)).data(); // [b, seq, 32]
    let maxDiff = 0;
    golden.sequences.forEach((g, b) =>
      g.last_hidden_state.forEach((row, t) =>
        row.forEach((v, d) => {
          maxDiff = Math.max(maxDiff, Math.abs(states[(b * seq + t) * 32 + d] - v));
        }),
      ),
    );
    expect(maxDiff).toBeLessThan(1e-4);
    // Without the biases the states differ: the fixture's biases matter.
    const unbiased = await hiddenStates(
      { ...ckpt.config, attentionBias: 'none' },
      params,
      ids,
      lengths,
      seq,
    );
    const diff = np.abs(unbiased.sub(np.array(Float32Array.from(states)).reshape([3, seq, 32])));
    expect(await np.max(diff).item()).toBeGreaterThan(1e-2);
    for (const a of Object.values(params)) a.dispose();
  });

  it('names a missing or misshapen bias tensor with its expected shape', async () => {
    const missing = await withTensors((t) => delete t['model.layers.1.self_attn.v_proj.bias']);
    const error = await load(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(
      /model\.safetensors: weights do not match config\.json: missing \[layers\.1\.self_attn\.v_proj\.bias \[16\]\]/,
    );
    const misshapen = await withTensors((t) => {
      t['model.layers.0.self_attn.q_proj.bias'] = { shape: [16], data: new Float32Array(16) };
    });
    await expect(load(misshapen)).rejects.toThrow(
      /model\.safetensors: layers\.0\.self_attn\.q_proj\.bias: expected shape \[32\], found \[16\]/,
    );
  });

  it('refuses sliding-window attention, MLP biases and unknown architectures by field', () => {
    expect(() => parseLlamaConfig({ ...config, use_sliding_window: true }, 'x')).toThrow(
      /x: config\.json: unsupported use_sliding_window true; expected false/,
    );
    expect(() => parseLlamaConfig({ ...config, mlp_bias: true }, 'x')).toThrow(
      /unsupported mlp_bias true/,
    );
    expect(() => parseLlamaConfig({ ...config, architectures: ['LlamaForCausalLM'] }, 'x')).toThrow(
      /unsupported architecture \(model_type qwen2, architectures \[LlamaForCausalLM\]\); expected llama with LlamaForCausalLM or LlamaModel, or qwen2 with Qwen2ForCausalLM or Qwen2Model/,
    );
  });

  it("reads Llama's attention_bias as q/k/v/o biases and refuses a non-boolean one", () => {
    expect(parseLlamaConfig({ ...llamaConfig, attention_bias: true }, 'x').attentionBias).toBe(
      'qkvo',
    );
    expect(parseLlamaConfig({ ...llamaConfig, attention_bias: false }, 'x')).not.toHaveProperty(
      'attentionBias',
    );
    expect(() => parseLlamaConfig({ ...llamaConfig, attention_bias: 'yes' }, 'x')).toThrow(
      /expected a boolean attention_bias, found "yes"/,
    );
  });
});
