import type {
  DataConfig,
  HllmConfig,
  HllmNegatives,
  HstuConfig,
  ItemEncoderSpec,
  LlamaConfig,
  ModelConfig,
  RunConfig,
  SasrecConfig,
  TrainConfig,
} from './runConfig';

/** The model families the trainer can run. */
export type ModelKind = ModelConfig['kind'];

/** Every model kind, in display order. */
export const MODEL_KINDS: readonly ModelKind[] = ['sasrec', 'hstu', 'llmidrec', 'hllm'];

/** Named bundles of settings offered by the UI and the CLI. */
export type PresetName = 'classroom-quick' | 'paper-faithful' | 'cold-start-lab';

/** Every preset name. */
export const PRESET_NAMES: readonly PresetName[] = [
  'classroom-quick',
  'paper-faithful',
  'cold-start-lab',
];

/**
 * The official HLLM code's trainer settings that the defaults and presets follow (and
 * `officialDeviations` checks): model selection metric, early-stopping patience per model family,
 * HLLM's warm-up fraction.
 */
export const OFFICIAL_TRAINING = {
  earlyStopMetric: 'N@200',
  patience: { hllm: 5, id: 10 },
  hllmWarmupFraction: 0.1,
} as const;

/** Fraction of items the cold-start lab holds out as new (never trained on, not even as negatives). */
export const COLD_START_FRACTION = 0.1;

/** What each preset changes, in a few words (the app's preset menu). */
export const PRESET_DESCRIPTIONS: Readonly<Record<PresetName, string>> = {
  'classroom-quick': 'small models, 20-item histories, few epochs: minutes in a tab',
  'paper-faithful': 'the official HLLM settings, sizes scaled to a tab',
  'cold-start-lab': `the defaults with ${COLD_START_FRACTION * 100}% of items held out as new`,
};

/** Seed used when none is given. */
export const DEFAULT_SEED = 42;

/** Name of the tiny random Llama shipped with the project (tokenizer + ONNX): the frozen ablation's encoder. */
export const TINY_LLAMA_MODEL = 'tiny-random-llama-fp16';

/**
 * The default Item LLM of HLLM runs: a 2 × 64 Llama checkpoint with random weights over the shared
 * Llama tokenizer, generated at build time into `public/models/` (`scripts/randomCheckpoint.ts
 * tiny-llama --public`, run by `npm run dev` and `npm run build`), so that the default run is
 * HLLM itself ([ITEM] read-out, Item and User LLM fine-tuned) without a download. Random weights
 * for wiring and teaching, not a language model: pick a pretrained checkpoint for real figures.
 */
export const DEFAULT_ITEM_LLM = 'tiny-llama-random';

/**
 * Default preprocessing and split settings: 5-core, histories of 50 chunked as the official loader
 * does, no items held out (the official protocol; the cold-start lab holds some out).
 */
export function defaultDataConfig(): DataConfig {
  return {
    dedupe: true,
    kCore: 5,
    maxHistory: 50,
    chunkHistories: true,
    evalMaxHistory: 0,
    evalUsers: 0,
    shortUsers: 'drop',
    coldFraction: 0,
    longTailMaxCount: 5,
    shortHistoryMaxLen: 5,
  };
}

/** SASRec as in Kang & McAuley 2018: d = 50, 2 blocks, 1 head, dropout 0.2. */
export function defaultSasrecConfig(): SasrecConfig {
  return { kind: 'sasrec', hiddenSize: 50, numLayers: 2, numHeads: 1, innerSize: 50, dropout: 0.2 };
}

/** HSTU sized like the SASRec default for a like-for-like comparison. */
export function defaultHstuConfig(): HstuConfig {
  return { kind: 'hstu', hiddenSize: 50, numLayers: 2, numHeads: 1, dropout: 0.2 };
}

/** A tiny Llama-style User LLM that trains in a browser tab. */
export function defaultUserLlamaConfig(): LlamaConfig {
  return {
    hiddenSize: 64,
    intermediateSize: 128,
    numLayers: 2,
    numHeads: 4,
    numKvHeads: 2,
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    vocabSize: 32000,
  };
}

/** Defaults of an item-encoder kind (the shipped tiny Llama); none for `precomputed`, whose path has no default. */
export function defaultItemEncoder(
  kind: ItemEncoderSpec['kind'],
): Exclude<ItemEncoderSpec, { kind: 'precomputed' }> | undefined {
  if (kind === 'frozen') return { kind, model: TINY_LLAMA_MODEL, pooling: 'last' };
  if (kind === 'finetune') return { kind, model: DEFAULT_ITEM_LLM, topLayers: 'all', lora: 0 };
  if (kind === 'scratch') return { kind, tokenizer: DEFAULT_ITEM_LLM, layers: 2, width: 64 };
  return undefined;
}

/** HLLM negatives when the config names none: re-encoded by the Item LLM every step, as the paper. */
export const DEFAULT_HLLM_NEGATIVES: HllmNegatives = 'reencode';

/**
 * HLLM as the paper: the default Item LLM (`DEFAULT_ITEM_LLM`) with a learnable [ITEM] token,
 * every layer fine-tuned, the User LLM from the same checkpoint. A frozen encoder (the paper's
 * frozen ablation) is the `frozen` item encoder.
 */
export function defaultHllmConfig(): HllmConfig {
  return {
    kind: 'hllm',
    user: defaultUserLlamaConfig(),
    itemEncoder: { kind: 'finetune', model: DEFAULT_ITEM_LLM, topLayers: 'all', lora: 0 },
    textFields: ['title', 'description'],
    maxTextTokens: 64,
  };
}

/** The default model config of a kind. */
export function defaultModelConfig(kind: ModelKind): ModelConfig {
  if (kind === 'sasrec') return defaultSasrecConfig();
  if (kind === 'hstu') return defaultHstuConfig();
  if (kind === 'llmidrec') return { kind: 'llmidrec', user: defaultUserLlamaConfig() };
  return defaultHllmConfig();
}

/**
 * Default training settings: InfoNCE with a shared pool of 512 negatives, batch 128, lr 1e-3,
 * model selection on N@200 (the official `valid_metric`), stopping after more than 3 evaluations
 * below the best. The ID models keep a constant learning rate (the official ID configs have no
 * scheduler); HLLM uses fewer epochs, weight decay, and warms up over 10% of its steps with cosine
 * decay after, as the official HLLM config.
 */
export function defaultTrainConfig(kind: ModelKind): TrainConfig {
  const llm = kind === 'hllm';
  return {
    loss: 'infonce',
    numNegatives: 512,
    negativeSampling: 'shared',
    epochs: llm ? 10 : 50,
    batchSize: 128,
    learningRate: 1e-3,
    weightDecay: llm ? 0.01 : 0,
    warmupSteps: 0,
    warmupFraction: llm ? OFFICIAL_TRAINING.hllmWarmupFraction : 0,
    schedule: llm ? 'cosine' : 'constant',
    fixTemperature: false,
    gradClip: 1,
    evalEvery: 1,
    patience: 3,
    earlyStopMetric: OFFICIAL_TRAINING.earlyStopMetric,
  };
}

/** A complete run config with the defaults of `kind`. */
export function defaultRunConfig(kind: ModelKind): RunConfig {
  return {
    seed: DEFAULT_SEED,
    data: defaultDataConfig(),
    model: defaultModelConfig(kind),
    train: defaultTrainConfig(kind),
  };
}

/**
 * `classroom-quick`: small models, short histories and few epochs, to finish within minutes in a
 * browser tab. `paper-faithful`: the settings of the HLLM paper scaled to what a tab can hold
 * (5-core, 50-item histories, 512 InfoNCE negatives, no gradient clipping, patience 5 for HLLM and
 * 10 for ID models, HLLM item encoder fine-tuned end to end, lr 1e-4 for HLLM). `cold-start-lab`: the defaults with `COLD_START_FRACTION` of the items held
 * out as new, to compare how models rank items they never trained on (the cold slice).
 */
export function presetRunConfig(preset: PresetName, kind: ModelKind): RunConfig {
  const config = defaultRunConfig(kind);
  if (preset === 'cold-start-lab') {
    config.data = { ...config.data, coldFraction: COLD_START_FRACTION };
    return config;
  }
  if (preset === 'classroom-quick') {
    config.data = { ...config.data, kCore: 0, maxHistory: 20 };
    config.train = {
      ...config.train,
      numNegatives: 128,
      epochs: kind === 'hllm' ? 3 : 10,
      patience: 2,
    };
    if (config.model.kind === 'sasrec') {
      config.model = { ...config.model, hiddenSize: 32, innerSize: 32 };
    } else if (config.model.kind === 'hstu') {
      config.model = { ...config.model, hiddenSize: 32 };
    } else if (config.model.kind === 'llmidrec') {
      config.model = {
        ...config.model,
        user: { ...config.model.user, hiddenSize: 32, intermediateSize: 64, numLayers: 1 },
      };
    } else {
      config.model = {
        ...config.model,
        user: { ...config.model.user, hiddenSize: 32, intermediateSize: 64, numLayers: 1 },
        maxTextTokens: 32,
      };
    }
    return config;
  }
  // The official trainer: no gradient clipping; patience 5 (HLLM) and 10 (ID models).
  config.train = {
    ...config.train,
    epochs: kind === 'hllm' ? 5 : 200,
    patience: OFFICIAL_TRAINING.patience[kind === 'hllm' ? 'hllm' : 'id'],
    gradClip: 0,
    negativeSampling: kind === 'hllm' ? 'shared' : 'per-position',
  };
  if (config.model.kind === 'hllm') {
    config.train = { ...config.train, learningRate: 1e-4, batchSize: 64 };
    config.model = {
      ...config.model,
      user: { ...config.model.user, hiddenSize: 128, intermediateSize: 384, numLayers: 4 },
      itemEncoder: { kind: 'finetune', model: DEFAULT_ITEM_LLM, topLayers: 'all', lora: 0 },
      maxTextTokens: 256,
    };
  }
  return config;
}
