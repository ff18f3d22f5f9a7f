import * as transformers from '@huggingface/transformers';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { decodeSafetensors } from '../checkpoints/safetensors';
import type { AttentionBias, LlamaConfig } from '../config/runConfig';
import { llamaDecoderSpecs } from '../models/llama/llamaDecoder';
import type { HostParams } from '../models/recommender';
import { ModelLoadError } from './errors';
import { readModelJson, type ModelFiles } from './modelFiles';

/**
 * A pretrained Llama (or Qwen2): its config, decoder and embedding weights (no `model.` prefix),
 * tokenizer.
 */
export interface LlamaCheckpoint {
  source: string;
  config: LlamaConfig;
  /** `embed_tokens.weight`, `layers.*` (attention biases included), `norm.weight`; `lm_head` is dropped. */
  params: HostParams;
  tokenizer: PreTrainedTokenizer;
}

/** Architectures read per model_type: Llama, and Qwen2 (Llama with q/k/v biases). */
const SUPPORTED_ARCHITECTURES: Record<string, readonly string[]> = {
  llama: ['LlamaForCausalLM', 'LlamaModel'],
  qwen2: ['Qwen2ForCausalLM', 'Qwen2Model'],
};
const WEIGHTS = 'model.safetensors';
const FLOAT_DTYPES = ['F32', 'F16', 'BF16'];

/**
 * Reads a Hugging Face Llama or Qwen2 config.json into a `LlamaConfig`; anything unsupported
 * names the field. Qwen2 has q/k/v biases (sliding-window attention is refused); Llama's
 * `attention_bias: true` biases q/k/v and o; `mlp_bias` is refused.
 */
export function parseLlamaConfig(json: unknown, source: string): LlamaConfig {
  const fail = (problem: string): never => {
    throw new ModelLoadError(source, 'config.json', problem);
  };
  if (typeof json !== 'object' || json === null) return fail('expected a JSON object');
  const c = json as Record<string, unknown>;
  const architectures = Array.isArray(c.architectures) ? (c.architectures as string[]) : [];
  const known = Object.hasOwn(SUPPORTED_ARCHITECTURES, String(c.model_type))
    ? SUPPORTED_ARCHITECTURES[String(c.model_type)]
    : [];
  if (!architectures.some((a) => known.includes(a))) {
    const expected = Object.entries(SUPPORTED_ARCHITECTURES)
      .map(([type, names]) => `${type} with ${names.join(' or ')}`)
      .join(', or ');
    fail(
      `unsupported architecture (model_type ${String(c.model_type)}, architectures [${architectures.join(', ')}]); expected ${expected}`,
    );
  }
  const qwen2 = c.model_type === 'qwen2';
  const int = (key: string): number => {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      return fail(`expected a positive integer ${key}, found ${JSON.stringify(v)}`);
    return v;
  };
  const hiddenSize = int('hidden_size');
  const numHeads = int('num_attention_heads');
  const numKvHeads = c.num_key_value_heads === undefined ? numHeads : int('num_key_value_heads');
  if (hiddenSize % numHeads !== 0 || numHeads % numKvHeads !== 0) {
    fail(`expected hidden_size divisible by num_attention_heads, divisible by num_key_value_heads`);
  }
  if (c.head_dim !== undefined && c.head_dim !== hiddenSize / numHeads) {
    fail(`unsupported head_dim ${String(c.head_dim)}; expected hidden_size / num_attention_heads`);
  }
  if (c.hidden_act !== undefined && c.hidden_act !== 'silu') {
    fail(`unsupported hidden_act ${String(c.hidden_act)}; expected silu`);
  }
  if (c.rope_scaling !== undefined && c.rope_scaling !== null) {
    fail('unsupported rope_scaling; expected none');
  }
  if (c.mlp_bias === true) fail('unsupported mlp_bias true; expected false');
  if (qwen2 && c.use_sliding_window === true) {
    fail('unsupported use_sliding_window true; expected false (full attention)');
  }
  if (!qwen2 && c.attention_bias !== undefined && typeof c.attention_bias !== 'boolean') {
    fail(`expected a boolean attention_bias, found ${JSON.stringify(c.attention_bias)}`);
  }
  const attentionBias: AttentionBias = qwen2 ? 'qkv' : c.attention_bias === true ? 'qkvo' : 'none';
  return {
    hiddenSize,
    intermediateSize: int('intermediate_size'),
    numLayers: int('num_hidden_layers'),
    numHeads,
    numKvHeads,
    rmsNormEps: typeof c.rms_norm_eps === 'number' ? c.rms_norm_eps : 1e-6,
    ropeTheta: typeof c.rope_theta === 'number' ? c.rope_theta : 10000,
    vocabSize: int('vocab_size'),
    ...(attentionBias === 'none' ? {} : { attentionBias }),
  };
}

/** Builds a transformers.js tokenizer from tokenizer.json and tokenizer_config.json contents. */
export function tokenizerFromJson(
  tokenizerJson: unknown,
  tokenizerConfig: unknown,
): PreTrainedTokenizer {
  const config = tokenizerConfig as { tokenizer_class?: string };
  const name = config.tokenizer_class?.replace(/Fast$/, '') ?? 'PreTrainedTokenizer';
  const classes = transformers as unknown as Record<
    string,
    new (json: unknown, config: unknown) => PreTrainedTokenizer
  >;
  const Tokenizer =
    name.endsWith('Tokenizer') && classes[name] ? classes[name] : transformers.PreTrainedTokenizer;
  return new Tokenizer(tokenizerJson, tokenizerConfig);
}

/** Largest token id a tokenizer can produce, plus one. */
export function tokenizerVocabSize(tokenizer: PreTrainedTokenizer): number {
  let max = -1;
  for (const id of tokenizer.get_vocab().values()) max = Math.max(max, id);
  return max + 1;
}

/**
 * Loads a Llama or Qwen2 checkpoint (config.json, model.safetensors, tokenizer.json,
 * tokenizer_config.json). Missing files, unsupported architectures, non-float, missing (attention
 * biases included) or misshapen weights and a tokenizer with ids beyond the embedding table raise
 * `ModelLoadError` naming the file, and the tensor with its expected shape.
 */
export async function loadLlamaCheckpoint(files: ModelFiles): Promise<LlamaCheckpoint> {
  const config = parseLlamaConfig(await readModelJson(files, 'config.json'), files.source);
  const tokenizer = tokenizerFromJson(
    await readModelJson(files, 'tokenizer.json'),
    await readModelJson(files, 'tokenizer_config.json'),
  );
  const tokenizerIds = tokenizerVocabSize(tokenizer);
  if (tokenizerIds > config.vocabSize) {
    throw new ModelLoadError(
      files.source,
      'tokenizer.json',
      `tokenizer mismatch: ids up to ${tokenizerIds - 1}, but config.json vocab_size is ${config.vocabSize}`,
    );
  }
  const bytes = await files.read(WEIGHTS);
  checkFloatDtypes(bytes, files.source);
  let tensors: HostParams;
  try {
    tensors = decodeSafetensors(bytes, WEIGHTS).tensors;
  } catch (error) {
    throw new ModelLoadError(files.source, WEIGHTS, (error as Error).message);
  }
  const params: HostParams = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    if (name === 'lm_head.weight') continue;
    params[name.startsWith('model.') ? name.slice('model.'.length) : name] = tensor;
  }
  const expected = {
    'embed_tokens.weight': { shape: [config.vocabSize, config.hiddenSize] },
    ...llamaDecoderSpecs(config),
  };
  const missing = Object.entries(expected)
    .filter(([n]) => !(n in params))
    .map(([n, spec]) => `${n} [${spec.shape.join(', ')}]`);
  const extra = Object.keys(params).filter((n) => !(n in expected));
  if (missing.length > 0 || extra.length > 0) {
    throw new ModelLoadError(
      files.source,
      WEIGHTS,
      `weights do not match config.json: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
  for (const [name, spec] of Object.entries(expected)) {
    if (params[name].shape.join(',') !== spec.shape.join(',')) {
      throw new ModelLoadError(
        files.source,
        WEIGHTS,
        `${name}: expected shape [${spec.shape.join(', ')}], found [${params[name].shape.join(', ')}]`,
      );
    }
  }
  return { source: files.source, config, params, tokenizer };
}

/** Rejects integer (or other non-float) tensors, which cannot be Llama weights. */
function checkFloatDtypes(bytes: Uint8Array, source: string): void {
  if (bytes.length < 8) return;
  const headerLen = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  let header: Record<string, { dtype?: string }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    return;
  }
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__' || FLOAT_DTYPES.includes(entry.dtype ?? '')) continue;
    throw new ModelLoadError(
      source,
      WEIGHTS,
      `${name}: unsupported dtype ${String(entry.dtype)}; expected ${FLOAT_DTYPES.join(', ')}`,
    );
  }
}
