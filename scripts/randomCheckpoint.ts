// Writes random-weight checkpoints in the shapes of public Hub models, in the Hub file layout
// (config.json, model.safetensors in BF16, tokenizer.json, tokenizer_config.json), for benches and
// tests on machines that cannot download a pretrained model. Outputs are git-ignored, never
// committed.
//
//   npx tsx scripts/randomCheckpoint.ts <name> [outDir] [--seed N] [--layers N] [--public]
//
// outDir defaults to .cache/checkpoints/<name>; --public writes public/models/<name>-random/
// (served at /models/<name>-random/).
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A Hugging Face Llama / Qwen2 config.json: the fields read here typed, others as published. */
export interface HfConfigJson {
  model_type: string;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  vocab_size: number;
  initializer_range?: number;
  tie_word_embeddings?: boolean;
  attention_bias?: boolean;
  [field: string]: unknown;
}

/** Names of the checkpoints this script writes. */
export type RandomCheckpointName = 'smollm2-135m' | 'qwen2.5-0.5b' | 'tiny-llama';

/**
 * The public config.json of each model, every field as published on the Hub
 * (huggingface.co/HuggingFaceTB/SmolLM2-135M and huggingface.co/Qwen/Qwen2.5-0.5B, file
 * config.json; cross-checked against copies of the raw files vendored in public repositories and
 * against the shapes in src/models/hllm/hubCheckpoints.ts). Token ids (bos/eos) are kept as
 * published although the shared tokenizer's differ; the loader reads neither. `tiny-llama` is no
 * Hub model: the app's default Item LLM (`DEFAULT_ITEM_LLM`), a 2 × 64 Llama in the shape of the
 * default User LLM, random weights for wiring and teaching, not a language model.
 */
export const RANDOM_CHECKPOINTS: Readonly<Record<RandomCheckpointName, HfConfigJson>> = {
  'smollm2-135m': {
    architectures: ['LlamaForCausalLM'],
    attention_bias: false,
    attention_dropout: 0.0,
    bos_token_id: 0,
    eos_token_id: 0,
    hidden_act: 'silu',
    hidden_size: 576,
    initializer_range: 0.041666666666666664,
    intermediate_size: 1536,
    is_llama_config: true,
    // 8192 in every raw copy found; one printed LlamaConfig of the repo showed 2048.
    max_position_embeddings: 8192,
    model_type: 'llama',
    num_attention_heads: 9,
    num_hidden_layers: 30,
    num_key_value_heads: 3,
    pretraining_tp: 1,
    rms_norm_eps: 1e-5,
    rope_interleaved: false,
    rope_scaling: null,
    rope_theta: 100000,
    tie_word_embeddings: true,
    torch_dtype: 'bfloat16',
    transformers_version: '4.40.1',
    use_cache: true,
    vocab_size: 49152,
  },
  'qwen2.5-0.5b': {
    architectures: ['Qwen2ForCausalLM'],
    attention_dropout: 0.0,
    bos_token_id: 151643,
    eos_token_id: 151643,
    hidden_act: 'silu',
    hidden_size: 896,
    initializer_range: 0.02,
    intermediate_size: 4864,
    max_position_embeddings: 32768,
    max_window_layers: 24,
    model_type: 'qwen2',
    num_attention_heads: 14,
    num_hidden_layers: 24,
    num_key_value_heads: 2,
    rms_norm_eps: 1e-6,
    rope_theta: 1000000.0,
    sliding_window: 32768,
    tie_word_embeddings: true,
    torch_dtype: 'bfloat16',
    transformers_version: '4.40.1',
    use_cache: true,
    use_mrope: false,
    use_sliding_window: false,
    vocab_size: 151936,
  },
  'tiny-llama': {
    architectures: ['LlamaForCausalLM'],
    hidden_act: 'silu',
    hidden_size: 64,
    initializer_range: 0.02,
    intermediate_size: 128,
    max_position_embeddings: 2048,
    model_type: 'llama',
    num_attention_heads: 4,
    num_hidden_layers: 2,
    num_key_value_heads: 2,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    tie_word_embeddings: true,
    torch_dtype: 'bfloat16',
    vocab_size: 32000,
  },
};

/** Options of `writeRandomCheckpoint`. */
export interface RandomCheckpointOptions {
  /** PRNG seed (uint32); default 0. */
  seed?: number;
  /** Embedding rows written as `vocab_size`; default 32000, the shared Llama tokenizer's size. */
  vocabSize?: number;
  /** `num_hidden_layers` written (small test variants); default the public value. */
  numLayers?: number;
  /** Folder whose tokenizer.json and tokenizer_config.json are copied; default the shared tiny Llama's. */
  tokenizerDir?: string;
}

/** A written checkpoint: its folder, parameter count and model.safetensors size in bytes. */
export interface RandomCheckpoint {
  dir: string;
  params: number;
  bytes: number;
}

/** Bumped whenever the bytes written for the same name, seed and options change. */
const VERSION = 1;
const STAMP = 'random-checkpoint.json';
const WEIGHTS = 'model.safetensors';
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'];
const DEFAULT_VOCAB = 32000;
const DEFAULT_INIT_STD = 0.02;
const BIAS_STD = 0.02;
/** Values generated and written per step: 4 MiB of float32, 2 MiB of BF16. */
const CHUNK = 1 << 20;
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOKENIZER_DIR = join(REPO_ROOT, '../shared/models/tiny-random-llama-fp16');

/**
 * Where the project keeps a random checkpoint: `.cache/checkpoints/<name>` for Node,
 * `public/models/<name>-random` for the browser (served at `/models/<name>-random/`).
 */
export function randomCheckpointDir(name: RandomCheckpointName, target: 'node' | 'public'): string {
  return target === 'node'
    ? join(REPO_ROOT, '.cache/checkpoints', name)
    : join(REPO_ROOT, 'public/models', `${name}-random`);
}

/** One tensor to write: HF name, shape, and N(0, std) values or a constant. */
interface TensorPlan {
  name: string;
  shape: number[];
  init: { std: number } | { fill: number };
}

/** HF tensors of a Llama / Qwen2 config (weights [out, in]); no lm_head with tied embeddings. */
function tensorPlan(c: HfConfigJson): TensorPlan[] {
  const d = c.hidden_size;
  const headDim = d / c.num_attention_heads;
  const q = c.num_attention_heads * headDim;
  const kv = c.num_key_value_heads * headDim;
  const normal = { std: c.initializer_range ?? DEFAULT_INIT_STD };
  const ones = { fill: 1 };
  const biased =
    c.model_type === 'qwen2' ? ['q', 'k', 'v'] : c.attention_bias ? ['q', 'k', 'v', 'o'] : [];
  const plan: TensorPlan[] = [
    { name: 'model.embed_tokens.weight', shape: [c.vocab_size, d], init: normal },
  ];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const l = `model.layers.${i}.`;
    const projections: Record<string, [number, number]> = {
      q: [q, d],
      k: [kv, d],
      v: [kv, d],
      o: [d, q],
    };
    for (const [p, shape] of Object.entries(projections)) {
      plan.push({ name: `${l}self_attn.${p}_proj.weight`, shape, init: normal });
      if (biased.includes(p)) {
        plan.push({
          name: `${l}self_attn.${p}_proj.bias`,
          shape: [shape[0]],
          init: { std: BIAS_STD },
        });
      }
    }
    plan.push(
      { name: `${l}mlp.gate_proj.weight`, shape: [c.intermediate_size, d], init: normal },
      { name: `${l}mlp.up_proj.weight`, shape: [c.intermediate_size, d], init: normal },
      { name: `${l}mlp.down_proj.weight`, shape: [d, c.intermediate_size], init: normal },
      { name: `${l}input_layernorm.weight`, shape: [d], init: ones },
      { name: `${l}post_attention_layernorm.weight`, shape: [d], init: ones },
    );
  }
  plan.push({ name: 'model.norm.weight', shape: [d], init: ones });
  if (c.tie_word_embeddings !== true) {
    plan.push({ name: 'lm_head.weight', shape: [c.vocab_size, d], init: normal });
  }
  return plan;
}

/**
 * Float32 → BF16 bits (round to nearest, ties to even; NaN stays a quiet NaN), the inverse of the
 * BF16 decoding in src/checkpoints/safetensors.ts (bits << 16). `out` has `src.length` entries.
 */
export function encodeBf16(src: Float32Array, out: Uint16Array): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    out[i] =
      (b & 0x7fffffff) > 0x7f800000 ? (b >>> 16) | 0x40 : (b + 0x7fff + ((b >>> 16) & 1)) >>> 16;
  }
}

/** Seeded standard normals: xoshiro128** uniforms through Box–Muller. */
class NormalStream {
  private readonly s = new Uint32Array(4);

  /** Seeds the state with splitmix32 of `seed` (never all zero: splitmix32 is a bijection). */
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
  }

  /** Fills `out` with N(0, std²) samples (xoshiro128** steps inlined: this is the hot loop). */
  fill(out: Float32Array, std: number): void {
    let [s0, s1, s2, s3] = this.s;
    for (let i = 0; i < out.length; i += 2) {
      const u = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const v = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const radius = std * Math.sqrt(-2 * Math.log((u + 1) * 2 ** -32)); // (u + 1) / 2^32 in (0, 1]
      const angle = 2 * Math.PI * v * 2 ** -32;
      out[i] = radius * Math.cos(angle);
      if (i + 1 < out.length) out[i + 1] = radius * Math.sin(angle);
    }
    this.s.set([s0, s1, s2, s3]);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A tensor's stream seed: FNV-1a of its name mixed with the checkpoint seed. */
function tensorSeed(name: string, seed: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h ^ Math.imul(seed, 0x9e3779b9)) >>> 0;
}

async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    done += (await file.write(bytes, done, bytes.length - done)).bytesWritten;
  }
}

/** Streams a BF16 safetensors file of `plan` to `path` chunk by chunk; returns its byte size. */
async function writeSafetensors(path: string, plan: TensorPlan[], seed: number): Promise<number> {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const t of plan) {
    const size = 2 * t.shape.reduce((a, b) => a * b, 1);
    header[t.name] = { dtype: 'BF16', shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // u64 length, then the JSON space-padded to a multiple of 8 bytes.
  const head = new Uint8Array(8 + json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  new DataView(head.buffer).setBigUint64(0, BigInt(head.length - 8), true);
  head.set(json, 8);

  const values = new Float32Array(CHUNK);
  const bf16 = new Uint16Array(CHUNK);
  const file = await open(path, 'w');
  try {
    await writeAll(file, head);
    for (const t of plan) {
      const stream = new NormalStream(tensorSeed(t.name, seed));
      const count = t.shape.reduce((a, b) => a * b, 1);
      for (let start = 0; start < count; start += CHUNK) {
        const n = Math.min(CHUNK, count - start);
        const chunk = values.subarray(0, n);
        if ('std' in t.init) stream.fill(chunk, t.init.std);
        else chunk.fill(t.init.fill);
        encodeBf16(chunk, bf16);
        await writeAll(file, new Uint8Array(bf16.buffer, 0, 2 * n));
      }
    }
  } finally {
    await file.close();
  }
  return head.length + offset;
}

/** The stamp of an up-to-date checkpoint in `dir` with this `key`, or undefined. */
async function currentStamp(dir: string, key: string): Promise<RandomCheckpoint | undefined> {
  try {
    const stamp = JSON.parse(await readFile(join(dir, STAMP), 'utf8')) as {
      key: unknown;
      params: number;
      bytes: number;
    };
    if (JSON.stringify(stamp.key) !== key) return undefined;
    if ((await stat(join(dir, WEIGHTS))).size !== stamp.bytes) return undefined;
    await Promise.all(['config.json', ...TOKENIZER_FILES].map((f) => stat(join(dir, f))));
    return { dir, params: stamp.params, bytes: stamp.bytes };
  } catch {
    return undefined;
  }
}

/**
 * Writes a random-weight checkpoint of `name` into `outDir`: the public config.json with
 * `vocab_size` (and `num_hidden_layers` when given) replaced, BF16 model.safetensors with HF tensor
 * names (embeddings and linear weights N(0, initializer_range), RMSNorm weights 1, Qwen2 q/k/v
 * biases N(0, 0.02), no lm_head when embeddings are tied), and the shared Llama tokenizer's files.
 * Does nothing when `outDir` already holds the same version, name, seed and options (its
 * random-checkpoint.json stamp).
 */
export async function writeRandomCheckpoint(
  name: RandomCheckpointName,
  outDir: string,
  options: RandomCheckpointOptions = {},
): Promise<RandomCheckpoint> {
  const published = RANDOM_CHECKPOINTS[name];
  const seed = options.seed ?? 0;
  const config: HfConfigJson = {
    ...published,
    num_hidden_layers: options.numLayers ?? published.num_hidden_layers,
    vocab_size: options.vocabSize ?? DEFAULT_VOCAB,
  };
  const key = JSON.stringify({ version: VERSION, name, seed, config });
  const existing = await currentStamp(outDir, key);
  if (existing) return existing;

  await mkdir(outDir, { recursive: true });
  await rm(join(outDir, STAMP), { force: true });
  const plan = tensorPlan(config);
  const partial = join(outDir, `${WEIGHTS}.partial`);
  const bytes = await writeSafetensors(partial, plan, seed);
  await rename(partial, join(outDir, WEIGHTS));
  await writeFile(join(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  // Copied as plain files (the shared folder is read-only; a copy would keep its mode).
  for (const f of TOKENIZER_FILES)
    await writeFile(
      join(outDir, f),
      await readFile(join(options.tokenizerDir ?? TOKENIZER_DIR, f)),
    );
  const params = plan.reduce((sum, t) => sum + t.shape.reduce((a, b) => a * b, 1), 0);
  const stamp = { key: JSON.parse(key) as unknown, params, bytes };
  await writeFile(join(outDir, STAMP), JSON.stringify(stamp, null, 2) + '\n');
  return { dir: outDir, params, bytes };
}

/** `<name> [outDir] [--seed N] [--layers N] [--public] [--optional]`. */
async function main(args: string[]): Promise<void> {
  const usage =
    'usage: npx tsx scripts/randomCheckpoint.ts <name> [outDir] [--seed N] [--layers N] [--public] [--optional]' +
    ` (name: ${Object.keys(RANDOM_CHECKPOINTS).join(', ')})`;
  const positional: string[] = [];
  const options: RandomCheckpointOptions = {};
  let publicDir = false;
  // --optional: without the shared tokenizer, say so and write nothing (npm run dev still starts).
  let optional = false;
  for (let i = 0; i < args.length; i++) {
    const int = (min: number): number => {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < min)
        throw new Error(`${args[i - 1]} needs an integer ≥ ${min}\n${usage}`);
      return v;
    };
    if (args[i] === '--seed') options.seed = int(0);
    else if (args[i] === '--layers') options.numLayers = int(1);
    else if (args[i] === '--public') publicDir = true;
    else if (args[i] === '--optional') optional = true;
    else positional.push(args[i]);
  }
  const [name, outDir] = positional;
  if (
    !Object.hasOwn(RANDOM_CHECKPOINTS, name ?? '') ||
    positional.length > 2 ||
    (publicDir && outDir)
  ) {
    throw new Error(usage);
  }
  const checkpointName = name as RandomCheckpointName;
  if (optional && !existsSync(join(TOKENIZER_DIR, 'tokenizer.json'))) {
    console.warn(
      `${TOKENIZER_DIR} is missing: no ${checkpointName} checkpoint written (HLLM runs that name it will say the folder is missing)`,
    );
    return;
  }
  const dir = outDir ?? randomCheckpointDir(checkpointName, publicDir ? 'public' : 'node');
  const started = performance.now();
  const written = await writeRandomCheckpoint(checkpointName, dir, options);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${written.dir}: ${written.params} parameters, ${written.bytes} bytes (${seconds} s)`,
  );
}

// The name check matters in a bundle (bench/gpu), where every module shares its `import.meta.url`.
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  basename(process.argv[1]).startsWith('randomCheckpoint.')
) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}
