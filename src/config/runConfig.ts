/** How users with fewer than 3 interactions are treated by the leave-one-out split. */
export type ShortUserPolicy = 'drop' | 'train-only';

/** Preprocessing and split settings. */
export interface DataConfig {
  /** Drop repeated (user, item) pairs, keeping the first occurrence. */
  dedupe: boolean;
  /** Iterative k-core: users and items with fewer than k interactions are removed until stable (0 = off). */
  kCore: number;
  /** Keep only the most recent `maxHistory` items of each history fed to a model. */
  maxHistory: number;
  /**
   * Training histories longer than `maxHistory + 1` become several samples of `maxHistory + 1`
   * consecutive items (the official loader's `data_split`, its oldest `n mod (maxHistory + 1)`
   * items left out); off: one sample per user, its most recent `maxHistory + 1` items.
   */
  chunkHistories: boolean;
  /**
   * Most recent items of a history the model sees at evaluation (the official
   * `MAX_ITEM_LIST_LENGTH_TEST`), at most `maxHistory`; 0: `maxHistory`.
   */
  evalMaxHistory: number;
  /**
   * Validation and test on a seeded sample of this many users (the same for both; quick
   * experiments on large datasets, marked in the run record); 0: every user.
   */
  evalUsers: number;
  /** Users with fewer than 3 items. */
  shortUsers: ShortUserPolicy;
  /** Fraction of items held out as new (cold) items, 0..0.5. */
  coldFraction: number;
  /** An item with at most this many training interactions is long-tail. */
  longTailMaxCount: number;
  /** A user with at most this many history items is a short-history user. */
  shortHistoryMaxLen: number;
}

/** SASRec (Kang & McAuley 2018) as in RecBole/HLLM. */
export interface SasrecConfig {
  kind: 'sasrec';
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  innerSize: number;
  dropout: number;
}

/** HSTU (Zhai et al. 2024): pointwise SiLU attention, gating, no feed-forward. */
export interface HstuConfig {
  kind: 'hstu';
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  dropout: number;
}

/**
 * Which attention projections of a Llama-style block add a bias: none (Llama), q/k/v (Qwen2),
 * or q/k/v and o (Llama with `attention_bias: true`).
 */
export const ATTENTION_BIASES = ['none', 'qkv', 'qkvo'] as const;

/** One of `ATTENTION_BIASES`. */
export type AttentionBias = (typeof ATTENTION_BIASES)[number];

/** A Llama-style decoder (RMSNorm, rotary positions, SwiGLU, grouped-query attention). */
export interface LlamaConfig {
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  rmsNormEps: number;
  ropeTheta: number;
  vocabSize: number;
  /** Biased attention projections; absent = `none`. */
  attentionBias?: AttentionBias;
}

/** Where HLLM's item embeddings come from. */
export type ItemEncoderSpec =
  | { kind: 'precomputed'; path: string }
  | { kind: 'frozen'; model: string; pooling: 'mean' | 'cls' | 'last' }
  | { kind: 'finetune'; model: string; topLayers: number | 'all'; lora: number }
  | { kind: 'scratch'; tokenizer: string; layers: number; width: number };

/**
 * Where HLLM's InfoNCE negatives come from: `reencode` runs them through the Item LLM every step
 * (the paper); `epoch-cache` scores them against Item LLM embeddings of the catalogue refreshed at
 * the start of each epoch (faster; no Item LLM gradient through negatives).
 */
export type HllmNegatives = 'reencode' | 'epoch-cache';

/** HLLM: Item LLM + User LLM. */
export interface HllmConfig {
  kind: 'hllm';
  user: LlamaConfig;
  itemEncoder: ItemEncoderSpec;
  /** Text fields in prompt order. */
  textFields: string[];
  maxTextTokens: number;
  /** Source of the InfoNCE negatives when the Item LLM trains; absent = `reencode`. */
  negatives?: HllmNegatives;
  /**
   * Where the User LLM starts: the Item LLM's checkpoint, its first `userLayers` decoder layers
   * taking item embeddings directly (the official HLLM), or a seeded random Llama shaped as `user`
   * with a projection from the Item LLM's width. Absent = `checkpoint` whenever the Item LLM is a
   * Llama checkpoint run on jax-js, else `random`.
   */
  userInit?: UserInit;
  /** Decoder layers the User LLM takes from the checkpoint; absent = all of them. */
  userLayers?: number;
  /**
   * LoRA rank on the User LLM's linear weights (0 = they train directly); absent = the Item
   * LLM's LoRA rank when the User LLM starts from the checkpoint, else 0.
   */
  userLora?: number;
  /** Device memory the run may use, MiB; absent = the device's (4 GiB on Wasm). */
  memoryBudgetMiB?: number;
  /** Items per Item LLM call (micro-batch and catalogue chunk); absent = planned from the budget. */
  itemRows?: number;
}

/** Where HLLM's User LLM starts (see `HllmConfig.userInit`). */
export type UserInit = 'checkpoint' | 'random';

/** Any model the trainer can run. */
/**
 * LLMIDRec (the official ID baseline of HLLM): the User LLM's architecture, a causal Llama
 * decoder, over trainable item-id embeddings of its width (no text); random initialisation.
 */
export interface LlmIdRecConfig {
  kind: 'llmidrec';
  user: LlamaConfig;
}

export type ModelConfig = SasrecConfig | HstuConfig | HllmConfig | LlmIdRecConfig;

/** Loss choice: HLLM's InfoNCE or SASRec's binary cross-entropy with one negative per position. */
export type LossKind = 'infonce' | 'bce';

/**
 * InfoNCE's negatives: one pool shared by every position of a batch (HLLM, and the playground's
 * faster default for ID models), or `numNegatives` drawn for each position (the official SASRec
 * and HSTU).
 */
export const NEGATIVE_SAMPLINGS = ['shared', 'per-position'] as const;
export type NegativeSampling = (typeof NEGATIVE_SAMPLINGS)[number];

/** Learning rate after warm-up: cosine decay to 0 at the last step, or constant. */
export const LR_SCHEDULES = ['cosine', 'constant'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/** Optimiser, schedule and batching. */
export interface TrainConfig {
  loss: LossKind;
  /** InfoNCE negatives: the size of the shared pool, or the number per position. */
  numNegatives: number;
  /** How InfoNCE draws its negatives (BCE always draws one per position). */
  negativeSampling: NegativeSampling;
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  /** Linear warm-up steps; the warm-up is the larger of this and `warmupFraction` of all steps. */
  warmupSteps: number;
  /** Warm-up as a fraction of all planned steps (the official HLLM's 0.1), 0..1. */
  warmupFraction: number;
  schedule: LrSchedule;
  /**
   * InfoNCE with a fixed logit scale of 20 (temperature 0.05, the official ID models' `fix_temp`)
   * instead of a learned one; ID models only.
   */
  fixTemperature: boolean;
  /** Global-norm clip (0 = off). */
  gradClip: number;
  /** Evaluate on validation every this many epochs. */
  evalEvery: number;
  /**
   * Stop once more than this many evaluations in a row score below the best (a tie counts as no
   * worse, the official rule; 0 = never).
   */
  patience: number;
  /** Metric used for early stopping, e.g. `N@10`. */
  earlyStopMetric: MetricName;
}

/** Cut-offs at which Recall and NDCG are reported. */
export const METRIC_KS = [5, 10, 50, 200] as const;

/** `R@K` (recall) or `N@K` (NDCG) for K in `METRIC_KS`. */
export type MetricName = `${'R' | 'N'}@${(typeof METRIC_KS)[number]}`;

/** Every setting of a run, seed included; serialisable to the URL and stored with results. */
export interface RunConfig {
  seed: number;
  data: DataConfig;
  model: ModelConfig;
  train: TrainConfig;
}

/** History length at evaluation: `evalMaxHistory`, or `maxHistory` when it is 0. */
export function evalHistoryOf(data: Pick<DataConfig, 'maxHistory' | 'evalMaxHistory'>): number {
  return data.evalMaxHistory > 0 ? data.evalMaxHistory : data.maxHistory;
}
