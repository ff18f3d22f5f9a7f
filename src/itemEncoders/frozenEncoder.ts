import {
  AutoConfig,
  AutoModel,
  AutoTokenizer,
  ModelFileNotFoundError,
  Tensor,
  type ProgressCallback as LoadProgressCallback,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { planBuckets, planNaiveBatches } from './bucketing';
import type { EncoderDevice, EncoderDtype } from './encoderDevice';
import { sha256Hex, scopeKey, type EmbeddingCache } from './embeddingCache';
import { ModelLoadError } from './errors';
import { poolHidden, type Pooling } from './pooling';
import { createProgressTracker, type ProgressCallback } from './progress';
import { HLLM_ITEM_PROMPT, buildItemPrompt, type ItemText, type PromptTokenizer } from './prompt';

/** How to load a frozen ONNX encoder through transformers.js. */
export interface FrozenEncoderOptions {
  /** Hub id, or a folder name under `env.localModelPath`. */
  model: string;
  revision?: string;
  dtype: EncoderDtype;
  device: EncoderDevice;
  pooling: Pooling;
  /** Tokens kept per item (special tokens included), as HLLM's MAX_TEXT_LENGTH. */
  maxTextTokens: number;
}

/** Batching, cache and progress settings of one encoding run. */
export interface EncodeOptions {
  batchSize: number;
  /** Cap on padded tokens per batch (batch × longest); only with bucketing. */
  maxBatchTokens?: number;
  /** Sort by token length before batching (default true); false keeps input order. */
  bucketing?: boolean;
  cache?: EmbeddingCache;
  onProgress?: ProgressCallback;
}

/** A loaded frozen encoder: prompt texts in, one pooled vector per text out. */
export interface FrozenEncoder {
  readonly options: Readonly<FrozenEncoderOptions>;
  /** Embedding width (the model's `hidden_size`). */
  readonly dim: number;
  readonly tokenizer: PromptTokenizer;
  /** Token ids of one text, truncated to `maxTextTokens`. */
  tokenize(text: string): number[];
  /** Embeds texts; resolves to [texts.length, dim] float32, row-major, in input order. */
  encodeTexts(texts: readonly string[], run: EncodeOptions): Promise<Float32Array>;
  /** Builds HLLM prompts from `fields` and embeds them (see `encodeTexts`). */
  encodeItems(
    items: readonly ItemText[],
    fields: readonly string[],
    run: EncodeOptions,
  ): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/**
 * Loads a tokenizer and an ONNX model that outputs `last_hidden_state` (feature-extraction
 * encoders, or decoder-only LMs exported with it). Missing files raise `ModelLoadError` naming
 * the file. `onLoadProgress` receives transformers.js's progress events of every file read.
 * Configure `env` first (see `transformersEnv`).
 */
export async function loadFrozenEncoder(
  options: FrozenEncoderOptions,
  onLoadProgress?: LoadProgressCallback,
): Promise<FrozenEncoder> {
  const { model, dtype, device } = options;
  const revision = options.revision ?? 'main';
  const progress_callback = onLoadProgress;
  const config = await loadStep(model, 'config.json', () =>
    AutoConfig.from_pretrained(model, { revision, progress_callback }),
  );
  const hidden = (config as unknown as { hidden_size?: number; d_model?: number }).hidden_size;
  const dim = hidden ?? (config as unknown as { d_model?: number }).d_model;
  if (typeof dim !== 'number') {
    throw new ModelLoadError(model, 'config.json', 'expected a numeric hidden_size');
  }
  const tokenizer = await loadStep(model, 'tokenizer.json / tokenizer_config.json', () =>
    AutoTokenizer.from_pretrained(model, { revision, progress_callback }),
  );
  const net = await loadStep(model, `onnx model (dtype ${dtype})`, () =>
    AutoModel.from_pretrained(model, { revision, dtype, device, config, progress_callback }),
  );
  return createFrozenEncoder({ ...options, revision }, dim, tokenizer, net);
}

async function loadStep<T>(model: string, file: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ModelFileNotFoundError) {
      const path = /"([^"]+)"/.exec(error.message)?.[1] ?? file;
      throw new ModelLoadError(model, path, 'file not found');
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelLoadError(model, file, `could not be loaded (${reason})`);
  }
}

function createFrozenEncoder(
  options: FrozenEncoderOptions,
  dim: number,
  tokenizer: PreTrainedTokenizer,
  net: PreTrainedModel,
): FrozenEncoder {
  const padId = tokenizer.pad_token_id ?? tokenizer.eos_token_id ?? 0;
  const leftPad = tokenizer.padding_side === 'left';
  const tokenize = (text: string): number[] =>
    tokenizer.encode(text).slice(0, options.maxTextTokens);

  async function runBatch(ids: number[][]): Promise<Float32Array> {
    const batch = ids.length;
    const seq = Math.max(...ids.map((row) => row.length));
    const inputIds = new BigInt64Array(batch * seq).fill(BigInt(padId)); // [batch, seq]
    const mask = new BigInt64Array(batch * seq); // [batch, seq]
    const valid = new Uint8Array(batch * seq); // [batch, seq]
    ids.forEach((row, b) => {
      const offset = b * seq + (leftPad ? seq - row.length : 0);
      row.forEach((id, t) => {
        inputIds[offset + t] = BigInt(id);
        mask[offset + t] = 1n;
        valid[offset + t] = 1;
      });
    });
    const outputs = (await net({
      input_ids: new Tensor('int64', inputIds, [batch, seq]),
      attention_mask: new Tensor('int64', mask, [batch, seq]),
    })) as Record<string, Tensor>;
    const state = outputs.last_hidden_state;
    if (!state) {
      throw new ModelLoadError(
        options.model,
        'onnx model',
        `expected a last_hidden_state output, found ${Object.keys(outputs).join(', ')}`,
      );
    }
    const values = state.to('float32').data as Float32Array; // [batch, seq, dim]
    return poolHidden(values, valid, batch, seq, dim, options.pooling);
  }

  async function encodeTexts(texts: readonly string[], run: EncodeOptions): Promise<Float32Array> {
    const out = new Float32Array(texts.length * dim); // [n, dim]
    const hashes = run.cache ? await Promise.all(texts.map((t) => sha256Hex(t))) : [];
    const scope = run.cache
      ? await scopeKey({
          model: options.model,
          revision: options.revision ?? 'main',
          dtype: options.dtype,
          template: JSON.stringify([HLLM_ITEM_PROMPT, options.maxTextTokens, options.pooling]),
        })
      : '';
    const stored = run.cache ? await run.cache.getMany(scope, hashes) : texts.map(() => undefined);
    const todo: number[] = [];
    stored.forEach((vector, i) => {
      if (vector && vector.length === dim) out.set(vector, i * dim);
      else todo.push(i);
    });
    const progress = createProgressTracker(texts.length, texts.length - todo.length);
    const ids = todo.map((i) => tokenize(texts[i]));
    const lengths = ids.map((row) => row.length);
    const plan =
      run.bucketing === false
        ? planNaiveBatches(lengths, run.batchSize)
        : planBuckets(lengths, run.batchSize, run.maxBatchTokens);
    for (const members of plan) {
      const pooled = await runBatch(members.map((m) => ids[m])); // [members, dim]
      const entries = members.map((m, k) => {
        const vector = pooled.slice(k * dim, (k + 1) * dim);
        out.set(vector, todo[m] * dim);
        return { hash: hashes[todo[m]], vector };
      });
      if (run.cache) await run.cache.putMany(scope, entries);
      run.onProgress?.(progress.advance(members.length));
    }
    return out;
  }

  return {
    options,
    dim,
    tokenizer: { encode: (text) => tokenizer.encode(text) },
    tokenize,
    encodeTexts,
    encodeItems: (items, fields, run) =>
      encodeTexts(
        items.map((item) => buildItemPrompt(item, fields)),
        run,
      ),
    dispose: async () => {
      await net.dispose();
    },
  };
}
