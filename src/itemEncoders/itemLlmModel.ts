import type { ItemEncoderSpec, LlamaConfig } from '../config/runConfig';
import { llamaDecoderSpecs } from '../models/llama/llamaDecoder';
import { initHostParams, type ParamSpecs } from '../models/params';
import type { HostParams } from '../models/recommender';
import { deriveSeed } from '../random/rng';
import { ITEM_TOKEN } from './itemLlm';

/**
 * How much of the Item LLM trains: nothing (`frozen`), the top `topLayers` decoder layers plus
 * the final norm and the [ITEM] vector (text states below are computed once and cached), or
 * everything including the token embeddings (`all`).
 */
export type FinetuneMode = 'frozen' | 'all' | { topLayers: number };

/** The fine-tuning mode of a run config's `finetune` encoder: 0 top layers = frozen, `all` = all. */
export function finetuneModeOf(spec: Extract<ItemEncoderSpec, { kind: 'finetune' }>): FinetuneMode {
  if (spec.topLayers === 'all') return 'all';
  return spec.topLayers === 0 ? 'frozen' : { topLayers: spec.topLayers };
}

/** Standard deviation of the [ITEM] vector's initialisation (HLLM: N(0, 0.02)). */
export const ITEM_TOKEN_STD = 0.02;

/** The Item LLM's weights split into what trains and what stays fixed, with the [ITEM] entry layer. */
export interface ItemLlmParams {
  config: LlamaConfig;
  mode: FinetuneMode;
  /** Layer the [ITEM] vector enters at (0 = with the token embeddings). */
  boundary: number;
  trainable: HostParams;
  frozen: HostParams;
}

/** Layer where the [ITEM] vector enters: numLayers − topLayers for top-k, else 0. */
export function itemBoundary(config: LlamaConfig, mode: FinetuneMode): number {
  if (typeof mode === 'string') return 0;
  const k = mode.topLayers;
  if (!Number.isInteger(k) || k < 1 || k > config.numLayers) {
    throw new RangeError(`topLayers must be an integer in 1..${config.numLayers}, got ${k}`);
  }
  return config.numLayers - k;
}

/** Whether a parameter trains under `mode`. */
export function isTrainable(name: string, config: LlamaConfig, mode: FinetuneMode): boolean {
  if (mode === 'frozen') return false;
  if (mode === 'all') return true;
  if (name === ITEM_TOKEN || name === 'norm.weight') return true;
  const layer = /^layers\.(\d+)\./.exec(name);
  return layer !== null && Number(layer[1]) >= itemBoundary(config, mode);
}

/**
 * Adds a seeded N(0, 0.02) [ITEM] vector to pretrained (or scratch) weights, unless one is there,
 * and splits them by `mode`.
 */
export function prepareItemLlmParams(
  config: LlamaConfig,
  weights: HostParams,
  mode: FinetuneMode,
  seed: number,
): ItemLlmParams {
  const boundary = itemBoundary(config, mode);
  const all: HostParams = {
    ...weights,
    ...(ITEM_TOKEN in weights
      ? {}
      : initHostParams(
          { [ITEM_TOKEN]: { kind: 'normal', std: ITEM_TOKEN_STD, shape: [config.hiddenSize] } },
          deriveSeed(seed, ITEM_TOKEN),
        )),
  };
  const trainable: HostParams = {};
  const frozen: HostParams = {};
  for (const [name, tensor] of Object.entries(all)) {
    (isTrainable(name, config, mode) ? trainable : frozen)[name] = tensor;
  }
  return { config, mode, boundary, trainable, frozen };
}

/**
 * A small Llama for from-scratch training over a given tokenizer: `width` hidden units, heads of
 * 32 dims (at least one), as many KV heads as heads, SwiGLU inner size 4 × width.
 */
export function scratchLlamaConfig(vocabSize: number, layers: number, width: number): LlamaConfig {
  if (!Number.isInteger(width) || width < 8 || width % 8 !== 0) {
    throw new RangeError(`width must be a positive multiple of 8, got ${width}`);
  }
  if (!Number.isInteger(layers) || layers < 1) {
    throw new RangeError(`layers must be a positive integer, got ${layers}`);
  }
  const numHeads = Math.max(1, Math.floor(width / 32));
  if (width % numHeads !== 0)
    throw new RangeError(`width ${width} does not split into ${numHeads} heads`);
  return {
    hiddenSize: width,
    intermediateSize: 4 * width,
    numLayers: layers,
    numHeads,
    numKvHeads: numHeads,
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    vocabSize,
  };
}

/** Seeded random weights for a scratch Item LLM: embeddings and linears N(0, 0.02), norms 1. */
export function initScratchWeights(config: LlamaConfig, seed: number): HostParams {
  const specs: ParamSpecs = {
    'embed_tokens.weight': {
      kind: 'normal',
      std: 0.02,
      shape: [config.vocabSize, config.hiddenSize],
    },
    ...llamaDecoderSpecs(config),
  };
  return initHostParams(specs, deriveSeed(seed, 'item-llm'));
}
