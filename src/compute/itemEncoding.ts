import { env } from '@huggingface/transformers';
import type { Dataset } from '../dataset/types';
import type { HostTensor } from '../models/recommender';
import type { EmbeddingCache } from '../itemEncoders/embeddingCache';
import {
  hasShaderF16,
  type DeviceChoice,
  type EncoderDevice,
  type EncoderDtype,
} from '../itemEncoders/encoderDevice';
import { loadFrozenEncoderOnFastestDevice } from '../itemEncoders/fastestEncoder';
import { loadFrozenEncoder, type FrozenEncoder } from '../itemEncoders/frozenEncoder';
import { buildItemPrompt } from '../itemEncoders/prompt';
import type { ProgressCallback } from '../itemEncoders/progress';
import type { FileProgressCallback } from './itemLlmFiles';
import { fileProgressFromLoad } from './modelLoadProgress';

/** Where the browser loads models and ONNX Runtime's wasm from (all same-origin, no download). */
export interface BrowserModelSource {
  /** Root-relative folder holding one sub-folder per model, e.g. `/models/`. */
  localModelPath: string;
  /** URLs of ONNX Runtime's wasm binary and its loader module, as bundled with the app. */
  ortWasm: { wasm: string; mjs: string };
}

/** Which frozen Item LLM to run over which text fields. */
export interface ItemEncodingRequest {
  /** Folder name under `localModelPath`. */
  model: string;
  fields: string[];
  maxTextTokens: number;
  dtype: EncoderDtype;
  /** A device, or `auto`: time a warm-up on each candidate device and keep the fastest. */
  device: EncoderDevice | 'auto';
  batchSize: number;
}

/** What an encoding run produced, for the Item LLM step. */
export interface ItemEncodingSummary {
  model: string;
  fields: string[];
  items: number;
  dim: number;
  /** Items whose embedding came from the embeddings cache instead of the model. */
  cached: number;
  seconds: number;
  /** The device the encoder ran on. */
  device?: EncoderDevice;
  /** The measured warm-up choice when the request said `auto`. */
  choice?: DeviceChoice;
  /** Whether the WebGPU adapter offers `shader-f16` (false without WebGPU). */
  shaderF16?: boolean;
  /** The WebGPU adapter's vendor and architecture, or null without WebGPU. */
  adapter?: string | null;
}

/** Items whose prompts the `auto` device warm-up encodes on each candidate. */
const WARM_UP_ITEMS = 8;

/** The WebGPU adapter's vendor and architecture, or null where there is no WebGPU. */
async function gpuAdapterLabel(): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  if (!adapter) return null;
  const { vendor, architecture } = adapter.info;
  return [vendor, architecture].filter((s) => s !== '').join(' / ') || 'unnamed adapter';
}

/** Item embeddings of a dataset, rows in the dataset's item order, with how they were made. */
export interface EncodedItems {
  /** Original item ids, one per row of `table`. */
  itemIds: string[];
  /** [items, dim] last-token states of the Item LLM. */
  table: HostTensor;
  summary: ItemEncodingSummary;
}

/**
 * Points transformers.js at same-origin models only and at ONNX Runtime's bundled wasm, on one
 * thread (no cross-origin isolation needed).
 */
export function configureBrowserItemLlm(source: BrowserModelSource): void {
  env.localModelPath = source.localModelPath;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = source.ortWasm;
    wasm.numThreads = 1;
  }
}

/**
 * Runs a frozen Item LLM over every item's HLLM prompt (last-token pooling, as HLLM) and returns
 * the embeddings with their item ids; prompts already in `cache` (same model and settings) are
 * not run again. `onFileProgress` follows each model file while the model loads (once per device
 * the `auto` warm-up tries). Configure the model source first.
 */
export async function encodeDatasetItems(
  dataset: Dataset,
  request: ItemEncodingRequest,
  onProgress?: ProgressCallback,
  cache?: EmbeddingCache,
  onFileProgress?: FileProgressCallback,
): Promise<EncodedItems> {
  const started = performance.now();
  const options = {
    model: request.model,
    dtype: request.dtype,
    pooling: 'last' as const,
    maxTextTokens: request.maxTextTokens,
  };
  const onLoad = onFileProgress === undefined ? undefined : fileProgressFromLoad(onFileProgress);
  let encoder: FrozenEncoder;
  let choice: DeviceChoice | undefined;
  if (request.device === 'auto') {
    const sample = dataset.itemText
      .slice(0, WARM_UP_ITEMS)
      .map((item) => buildItemPrompt(item, request.fields));
    ({ encoder, choice } = await loadFrozenEncoderOnFastestDevice(
      options,
      sample,
      undefined,
      onLoad,
    ));
  } else {
    encoder = await loadFrozenEncoder({ ...options, device: request.device }, onLoad);
  }
  try {
    let cached: number | undefined;
    const data = await encoder.encodeItems(dataset.itemText, request.fields, {
      batchSize: request.batchSize,
      cache,
      onProgress: (progress) => {
        cached = progress.cached;
        onProgress?.(progress);
      },
    }); // [items, dim]
    const items = dataset.itemIds.length;
    // The encoder reports progress only after model batches: none ran when every item was cached.
    cached ??= cache !== undefined ? items : 0;
    return {
      itemIds: dataset.itemIds.slice(),
      table: { shape: [items, encoder.dim], data },
      summary: {
        model: request.model,
        fields: request.fields,
        items,
        dim: encoder.dim,
        cached,
        seconds: (performance.now() - started) / 1000,
        device: encoder.options.device,
        choice,
        shaderF16: await hasShaderF16(),
        adapter: await gpuAdapterLabel(),
      },
    };
  } finally {
    await encoder.dispose();
  }
}
