import { DEFAULT_ITEM_LLM, MODEL_KINDS } from '../config/defaults';
import {
  METRIC_KS,
  type LlamaConfig,
  type MetricName,
  type ModelConfig,
  type RunConfig,
} from '../config/runConfig';

/** A value of the official code's config: what its yaml loader and `--key value` overrides take. */
export type OfficialValue =
  string | number | boolean | null | OfficialValue[] | { [key: string]: OfficialValue };

/** The official code's settings for one run, its base config files and what does not carry over. */
export interface OfficialSettings {
  /** Official config files (relative to its `code/` folder) the overrides go on top of. */
  configFiles: string[];
  /** Official setting name → value; every one equals a field of the run config. */
  settings: Record<string, OfficialValue>;
  /** A Hugging Face `config.json` for a randomly initialised LLM (`user_llm/config.json`), when needed. */
  userLlmConfig: Record<string, OfficialValue> | null;
  /** Settings of the run the official code has no equivalent for, one sentence each. */
  notCarried: string[];
}

/** Folder of the randomly initialised LLM's `config.json` inside the bundle. */
export const USER_LLM_FOLDER = 'user_llm';

/** Official setting names per model kind. */
const MODEL_NAMES: Record<ModelConfig['kind'], string> = {
  sasrec: 'SASRec',
  hstu: 'HSTU',
  llmidrec: 'LLMIDRec',
  hllm: 'HLLM',
};

const TEXT_COLUMNS = ['title', 'tag', 'description'];

/** `N@10` → `NDCG@10`, `R@50` → `Recall@50` (the official `valid_metric`). */
function officialMetric(metric: MetricName): string {
  return `${metric.startsWith('N') ? 'NDCG' : 'Recall'}@${metric.slice(2)}`;
}

/** Hugging Face `LlamaConfig` fields of a Llama shape (the official code builds the LLM from it). */
function hfLlamaConfig(cfg: LlamaConfig): Record<string, OfficialValue> {
  const bias = cfg.attentionBias ?? 'none';
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: cfg.hiddenSize,
    intermediate_size: cfg.intermediateSize,
    num_hidden_layers: cfg.numLayers,
    num_attention_heads: cfg.numHeads,
    num_key_value_heads: cfg.numKvHeads,
    rms_norm_eps: cfg.rmsNormEps,
    rope_theta: cfg.ropeTheta,
    vocab_size: cfg.vocabSize,
    attention_bias: bias !== 'none',
    hidden_act: 'silu',
    max_position_embeddings: 2048,
    tie_word_embeddings: false,
  };
}

/** The Llama shape back from `hfLlamaConfig`'s output. */
function llamaFromHf(json: Record<string, unknown>): LlamaConfig {
  const num = (key: string): number => {
    const v = json[key];
    if (typeof v !== 'number') throw new Error(`${USER_LLM_FOLDER}/config.json: ${key} missing`);
    return v;
  };
  return {
    hiddenSize: num('hidden_size'),
    intermediateSize: num('intermediate_size'),
    numLayers: num('num_hidden_layers'),
    numHeads: num('num_attention_heads'),
    numKvHeads: num('num_key_value_heads'),
    rmsNormEps: num('rms_norm_eps'),
    ropeTheta: num('rope_theta'),
    vocabSize: num('vocab_size'),
    ...(json.attention_bias === true ? { attentionBias: 'qkvo' as const } : {}),
  };
}

/**
 * The official HLLM code's settings for a run config (bytedance/HLLM: `code/overall/*.yaml`,
 * `IDNet/*.yaml`, `HLLM/HLLM.yaml`, overridden by name): every setting written equals a field of
 * the config (`configFromOfficialSettings` reads them back); what has no equivalent is listed in
 * `notCarried`. `train_batch_size` is the run's whole batch: `run.sh` divides it among the GPUs.
 */
export function officialSettings(config: RunConfig, datasetName: string): OfficialSettings {
  const { data, train, model } = config;
  const notCarried: string[] = [];
  const settings: Record<string, OfficialValue> = {
    model: MODEL_NAMES[model.kind],
    seed: config.seed,
    dataset: datasetName,
    data_path: 'dataset/',
    MAX_ITEM_LIST_LENGTH: data.maxHistory,
    ...(data.evalMaxHistory > 0 ? { MAX_ITEM_LIST_LENGTH_TEST: data.evalMaxHistory } : {}),
    loss: 'nce',
    num_negatives: train.numNegatives,
    epochs: train.epochs,
    train_batch_size: train.batchSize,
    optim_args: { learning_rate: train.learningRate, weight_decay: train.weightDecay },
    scheduler_args:
      train.schedule === 'cosine' ? { type: 'cosine', warmup: train.warmupFraction } : null,
    eval_step: train.evalEvery,
    stopping_step: train.patience,
    valid_metric: officialMetric(train.earlyStopMetric),
    topk: [...METRIC_KS],
    metrics: ['Recall', 'NDCG'],
  };
  let userLlmConfig: Record<string, OfficialValue> | null = null;

  if (train.loss !== 'infonce') {
    notCarried.push(`loss ${train.loss}: the official code trains InfoNCE only ("nce")`);
  }
  if (train.schedule === 'constant' && train.warmupFraction > 0) {
    notCarried.push(
      `warm-up over ${train.warmupFraction} of the steps at a constant rate: the official trainer warms up only with a cosine or linear schedule`,
    );
  }
  if (train.warmupSteps > 0) {
    notCarried.push(
      `at least ${train.warmupSteps} warm-up steps: the official trainer takes warm-up as a fraction of the steps only`,
    );
  }
  if (train.gradClip > 0) {
    notCarried.push(`gradient clipping at ${train.gradClip}: the official trainer does not clip`);
  }
  if (!data.chunkHistories) {
    notCarried.push(
      'one training sample per user: the official loader always cuts long histories into several',
    );
  }
  if (data.coldFraction > 0) {
    notCarried.push(
      `${Math.round(data.coldFraction * 100)}% of items held out as new: the official split holds none out (its test covers every item)`,
    );
  }
  if (data.evalUsers > 0) {
    notCarried.push(
      `evaluation on a sample of ${data.evalUsers} users: the official code evaluates every user`,
    );
  }
  if (data.shortUsers !== 'drop') {
    notCarried.push(
      `users with fewer than 3 items kept for training ("${data.shortUsers}"): the official loader makes its own leave-one-out split`,
    );
  }
  notCarried.push(
    `the playground's slices (long-tail items ≤ ${data.longTailMaxCount} interactions, short histories ≤ ${data.shortHistoryMaxLen} items): the official code reports every user only`,
  );

  if (model.kind === 'sasrec' || model.kind === 'hstu' || model.kind === 'llmidrec') {
    settings.fix_temp = train.fixTemperature;
    if (train.loss === 'infonce' && train.negativeSampling === 'shared') {
      notCarried.push(
        'one shared pool of negatives per batch: the official ID models draw num_negatives for each position',
      );
    }
  }
  if (model.kind === 'sasrec') {
    Object.assign(settings, {
      n_layers: model.numLayers,
      n_heads: model.numHeads,
      embedding_size: model.hiddenSize,
      hidden_dropout_prob: model.dropout,
      attn_dropout_prob: model.dropout,
    });
    if (model.innerSize % model.hiddenSize === 0) {
      settings.inner_size = model.innerSize / model.hiddenSize;
    } else {
      notCarried.push(
        `feed-forward width ${model.innerSize}: the official inner_size is a whole multiple of embedding_size ${model.hiddenSize} (its yaml default, 1, is kept)`,
      );
    }
  } else if (model.kind === 'hstu') {
    Object.assign(settings, {
      n_layers: model.numLayers,
      n_heads: model.numHeads,
      item_embedding_size: model.hiddenSize,
      hstu_embedding_size: model.hiddenSize,
      hidden_dropout_prob: model.dropout,
      attn_dropout_prob: model.dropout,
      // The playground's HSTU has no relative attention bias (the official yaml turns it on).
      enable_relative_attention_bias: false,
    });
  } else if (model.kind === 'llmidrec') {
    Object.assign(settings, {
      user_pretrain_dir: `${USER_LLM_FOLDER}/`,
      user_llm_init: false,
      item_embed_dim: model.user.hiddenSize,
    });
    userLlmConfig = hfLlamaConfig(model.user);
  } else {
    if (train.fixTemperature) {
      notCarried.push('a fixed temperature: the official HLLM always learns its logit scale');
    }
    const encoder = model.itemEncoder;
    const fields = model.textFields;
    settings.MAX_TEXT_LENGTH = model.maxTextTokens;
    settings.item_emb_token_n = 1;
    settings.text_path = 'information/';
    settings.text_keys = fields.every((f) => TEXT_COLUMNS.includes(f))
      ? [...fields]
      : TEXT_COLUMNS.filter((c) => c !== 'tag' || fields.includes('tag'));
    if (!fields.every((f) => TEXT_COLUMNS.includes(f))) {
      notCarried.push(
        `text fields ${fields.join(', ')}: the official layout has title, tag and description columns only; the others are joined into description`,
      );
    }
    if (encoder.kind === 'finetune') {
      settings.item_pretrain_dir = encoder.model;
      settings.item_llm_init = true;
      if (encoder.model === DEFAULT_ITEM_LLM) {
        notCarried.push(
          `the Item LLM ${DEFAULT_ITEM_LLM} is the playground's random checkpoint, not on the Hub: copy public/models/${DEFAULT_ITEM_LLM} (written by \`npm run default-item-llm\`) to the GPU machine and pass its path as --item_pretrain_dir and --user_pretrain_dir after N, or pick a real checkpoint`,
        );
      }
      if (encoder.topLayers !== 'all') {
        notCarried.push(
          `only the top ${encoder.topLayers} Item LLM layers trained: the official code fine-tunes every layer`,
        );
      }
      if (encoder.lora > 0) {
        notCarried.push(
          `LoRA r=${encoder.lora} on the Item LLM: the official code fine-tunes fully`,
        );
      }
    } else {
      notCarried.push(
        `item encoder "${encoder.kind}": the official HLLM fine-tunes a pretrained Item LLM; set --item_pretrain_dir to one`,
      );
    }
    const userInit =
      model.userInit ??
      (encoder.kind === 'finetune' || encoder.kind === 'scratch' ? 'checkpoint' : 'random');
    if (userInit === 'checkpoint' && encoder.kind === 'finetune') {
      settings.user_pretrain_dir = encoder.model;
      settings.user_llm_init = true;
      if (model.userLayers !== undefined) {
        notCarried.push(
          `a User LLM of the checkpoint's first ${model.userLayers} layers: the official User LLM is the whole checkpoint`,
        );
      }
    } else {
      settings.user_pretrain_dir = `${USER_LLM_FOLDER}/`;
      settings.user_llm_init = false;
      userLlmConfig = hfLlamaConfig(model.user);
      notCarried.push(
        "a projection from the Item LLM's width to the User LLM's: the official User LLM takes item embeddings as they are, so its hidden_size must equal the Item LLM's",
      );
    }
    if ((model.userLora ?? 0) > 0) {
      notCarried.push(
        `LoRA r=${model.userLora} on the User LLM: the official code fine-tunes fully`,
      );
    }
    if ((model.negatives ?? 'reencode') === 'epoch-cache') {
      notCarried.push(
        'negatives from an epoch cache: the official code re-encodes them every step',
      );
    }
    if (model.memoryBudgetMiB !== undefined || model.itemRows !== undefined) {
      notCarried.push(
        'the memory plan (budget, items per Item LLM call): the official code sizes memory with DeepSpeed (--stage, --gradient_checkpointing)',
      );
    }
  }
  const configFiles =
    model.kind === 'hllm'
      ? ['overall/LLM_deepspeed.yaml', 'HLLM/HLLM.yaml']
      : [
          `IDNet/${model.kind === 'llmidrec' ? 'llama_id' : model.kind}.yaml`,
          'overall/ID_deepspeed.yaml',
        ];
  return { configFiles, settings, userLlmConfig, notCarried };
}

function metricBack(value: OfficialValue): MetricName {
  const [name, k] = String(value).split('@');
  return `${name === 'NDCG' ? 'N' : 'R'}@${k}` as MetricName;
}

/**
 * The run config back from official settings (and the random LLM's `config.json`): every field
 * `officialSettings` writes is read from `settings`; the others are taken from `base`, the config
 * of the same model kind to fill them.
 */
export function configFromOfficialSettings(
  settings: Record<string, OfficialValue>,
  userLlmConfig: Record<string, unknown> | null,
  base: RunConfig,
): RunConfig {
  const s = settings as Record<string, never>;
  const kind = MODEL_KINDS.find((k) => MODEL_NAMES[k] === s.model);
  if (kind === undefined || kind !== base.model.kind) {
    throw new Error(`model ${String(s.model)} does not match the base config's ${base.model.kind}`);
  }
  const optim = s.optim_args as { learning_rate: number; weight_decay: number };
  const scheduler = s.scheduler_args as { type: string; warmup: number } | null;
  const config: RunConfig = {
    seed: s.seed,
    data: {
      ...base.data,
      maxHistory: s.MAX_ITEM_LIST_LENGTH,
      evalMaxHistory:
        settings.MAX_ITEM_LIST_LENGTH_TEST === undefined ? 0 : s.MAX_ITEM_LIST_LENGTH_TEST,
    },
    train: {
      ...base.train,
      numNegatives: s.num_negatives,
      epochs: s.epochs,
      batchSize: s.train_batch_size,
      learningRate: optim.learning_rate,
      weightDecay: optim.weight_decay,
      schedule: scheduler === null ? 'constant' : 'cosine',
      warmupFraction: scheduler === null ? base.train.warmupFraction : scheduler.warmup,
      evalEvery: s.eval_step,
      patience: s.stopping_step,
      earlyStopMetric: metricBack(s.valid_metric),
      ...(kind !== 'hllm' ? { fixTemperature: s.fix_temp } : {}),
    },
    model: base.model,
  };
  const m = base.model;
  if (m.kind === 'sasrec') {
    config.model = {
      ...m,
      numLayers: s.n_layers,
      numHeads: s.n_heads,
      hiddenSize: s.embedding_size,
      dropout: s.hidden_dropout_prob,
      innerSize: settings.inner_size === undefined ? m.innerSize : s.inner_size * s.embedding_size,
    };
  } else if (m.kind === 'hstu') {
    if (settings.enable_relative_attention_bias !== false) {
      throw new Error(
        "enable_relative_attention_bias is on: the playground's HSTU has no relative attention bias",
      );
    }
    config.model = {
      ...m,
      numLayers: s.n_layers,
      numHeads: s.n_heads,
      hiddenSize: s.hstu_embedding_size,
      dropout: s.hidden_dropout_prob,
    };
  } else if (m.kind === 'llmidrec') {
    if (userLlmConfig === null) throw new Error(`${USER_LLM_FOLDER}/config.json is missing`);
    config.model = { ...m, user: llamaFromHf(userLlmConfig) };
  } else {
    const keys = s.text_keys as string[];
    const encoder =
      m.itemEncoder.kind === 'finetune'
        ? { ...m.itemEncoder, model: s.item_pretrain_dir as string }
        : m.itemEncoder;
    const randomUser = s.user_llm_init === false;
    if (randomUser && userLlmConfig === null) {
      throw new Error(`${USER_LLM_FOLDER}/config.json is missing`);
    }
    config.model = {
      ...m,
      itemEncoder: encoder,
      maxTextTokens: s.MAX_TEXT_LENGTH,
      textFields: keys.every((k) => TEXT_COLUMNS.includes(k)) ? [...keys] : m.textFields,
      ...(randomUser && userLlmConfig !== null
        ? { userInit: 'random' as const, user: llamaFromHf(userLlmConfig) }
        : {}),
    };
  }
  return config;
}
