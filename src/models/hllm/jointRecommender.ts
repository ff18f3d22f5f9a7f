import { numpy as np, tree } from '@jax-js/jax';
import { DEFAULT_HLLM_NEGATIVES } from '../../config/defaults';
import type { HllmConfig, HllmNegatives, LlamaConfig } from '../../config/runConfig';
import { prepareItemLlmParams, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import { createRng, deriveSeed } from '../../random/rng';
import { createGroupedAdamw } from '../../training/groupedAdamw';
import { LOGIT_SCALE_INIT } from '../../training/loss';
import {
  ADAMW_DEFAULTS,
  initAdamw,
  LOGIT_SCALE_PARAM,
  type AdamwState,
} from '../../training/optimizer';
import { hostSquaredNorm, hostTableAdamw, initHostMoments } from '../../training/hostTableAdamw';
import { learningRateAt, warmupStepsOf } from '../../training/schedule';
import { encodeInChunks } from '../encodeInChunks';
import { roundUpToLanes } from '../lanePadding';
import { leftPadRows } from '../leftPad';
import { llamaDecoderSpecs } from '../llama/llamaDecoder';
import { addLoraAdapters } from '../llama/lora';
import { ModelConfigError } from '../modelConfigError';
import { negativeCandidates, sampleNegativePool } from '../negativeSampler';
import {
  checkHostParams,
  initHostParams,
  toDevice,
  toHost,
  type Params,
  type ParamSpecs,
  type StorageDtype,
} from '../params';
import type {
  HostParams,
  HostTensor,
  Recommender,
  RecommenderInit,
  TrainBatch,
} from '../recommender';
import { validateModelConfig } from '../validateModelConfig';
import { collectBatchItems } from './batchItems';
import type { PassProgressCallback } from './cataloguePass';
import { catalogueLayout } from './itemRows';
import { createLlmItemSide, createTableItemSide, type ItemSide } from './itemSide';
import { EMBED_TOKENS } from './hostEmbeddings';
import { ITEM_ROWS, stepItemRows, trainedItemLayers } from './hllmWorkload';
import {
  createLayerwiseUserLlm,
  ITEM_PROJ_BIAS,
  ITEM_PROJ_WEIGHT,
  USER_NORM,
  type LayerGradSink,
  type UserLlmWeights,
} from './layerwiseUserLlm';
import { ITEM_PREFIX, pick, USER_PREFIX, withoutPrefix, withPrefix } from './paramTree';

/** An Item LLM that trains jointly with the User LLM. */
export interface JointItemLlm {
  kind: 'llm';
  /** Where the weights come from (a model folder, a Hub id, or scratch), for messages. */
  source: string;
  config: LlamaConfig;
  /** Pretrained or scratch weights (`embed_tokens.weight`, `layers.*`, `norm.weight`; [ITEM] optional). */
  weights: HostParams;
  /** What trains: everything, or the top layers with the text states below cached once. */
  mode: Exclude<FinetuneMode, 'frozen'>;
  /** Prompt token ids of every catalogue item (item i at index i), already truncated. */
  tokenIds: readonly (readonly number[])[];
  /** LoRA rank on the trained layers' linear weights (0 = off: the weights train directly). */
  lora: number;
}

/** Fixed item vectors: a frozen Item LLM's embeddings of the catalogue, [numItems, width]. */
export interface JointItemTable {
  kind: 'table';
  source: string;
  embeddings: HostTensor;
}

/** Where a joint HLLM's item vectors come from. */
export type JointItems = JointItemLlm | JointItemTable;

/** Settings of a joint HLLM besides its config. */
export interface JointHllmOptions {
  /** Where InfoNCE negatives come from (default: re-encoded every step). */
  negatives?: HllmNegatives;
  /** Initial User LLM weights (`layers.*`, `norm.weight`); seeded random when omitted. */
  userWeights?: HostParams;
  /**
   * The User LLM's weights are the Item LLM checkpoint's own, so frozen LoRA bases are shared
   * on the device rather than uploaded twice.
   */
  userSharesCheckpoint?: boolean;
  /** LoRA rank on the User LLM's linear weights (0 or absent = they train directly). */
  userLora?: number;
  /**
   * Items per Item LLM call: the micro-batch of a training step and the chunk of a catalogue
   * pass (default `ITEM_ROWS`; `planHllm` chooses it from the memory budget).
   */
  itemRows?: number;
  /** Decoder layers per checkpointed stage of the Item LLM's backward (default: all trained). */
  stageLayers?: number;
  /** How frozen weights and cached text states are stored (default float32). */
  storage?: StorageDtype;
  /** Progress of each pass over the catalogue (boundary cache, item encoding, cached negatives). */
  onPass?: PassProgressCallback;
  /** Matrix-product FLOPs of one training step, reported as the recommender's `flopsPerStep`. */
  flopsPerStep?: number;
}

/** A joint HLLM, which can also report one step's gradients without taking the step. */
export interface JointRecommender extends Recommender {
  /**
   * Loss and gradients (by parameter name, on the host) of one step on `batch` with the shared
   * negatives `pool` (+1 ids, at most `train.numNegatives`); the parameters do not change.
   */
  stepGradients(batch: TrainBatch, pool: Int32Array): Promise<{ loss: number; grads: HostParams }>;
}

function shapesOf(host: HostParams): ParamSpecs {
  return Object.fromEntries(
    Object.entries(host).map(([n, t]) => [n, { kind: 'fill', value: 0, shape: [...t.shape] }]),
  );
}

/** User LLM decoder layers per jitted call: one, so a step holds one layer's intermediates. */
const USER_STAGE_LAYERS = 1;

/** Histories per User LLM call when users are encoded (evaluation): one layer's intermediates of these. */
export const USER_ROWS = 64;

/**
 * HLLM with a User LLM over item vectors, trained with InfoNCE (learned temperature, shared
 * negatives): the vectors come from an Item LLM trained jointly (every step embeds the batch's
 * distinct items from their text, the shared negative pool included unless negatives are
 * cached per epoch) or from a fixed table (a frozen Item LLM). Both LLMs run one jitted stage at
 * a time, so memory holds one stage's intermediates: the step embeds the items in micro-batches
 * without a graph (gradient caching, GradCache), runs the User LLM forward keeping each layer's
 * input, takes the InfoNCE gradient with respect to the top states and to every item vector,
 * runs the User LLM backward layer by layer (each layer's forward recomputed inside its `vjp`)
 * and then each micro-batch through the Item LLM again with its `vjp`s fed the vectors'
 * gradients. AdamW updates one layer group at a time; without clipping each User LLM layer is
 * updated as soon as its gradient exists, with clipping the User LLM's backward runs twice (the
 * first only for the global norm), so the User LLM's gradients are never held together. The
 * result equals one graph over the whole step. `encodeItems` re-encodes the catalogue with the
 * current Item LLM, so new (cold) items are embedded from their text alone. Parameters are
 * named `item.*` (LoRA adapters `….lora_A`/`….lora_B` when a rank is set), `user.*`,
 * `item_proj.*` (only when the widths differ) and `logit_scale`.
 */
export async function createJointHllm(
  config: HllmConfig,
  init: RecommenderInit,
  items: JointItems,
  options: JointHllmOptions = {},
): Promise<JointRecommender> {
  validateModelConfig(config, init);
  const { train, numItems, maxSeqLen, totalSteps } = init;
  const candidates = init.negativeItems ?? negativeCandidates(numItems);
  const warmup = warmupStepsOf(train, totalSteps);
  if (train.loss !== 'infonce') {
    throw new ModelConfigError('train.loss', "'infonce' (HLLM trains with InfoNCE)", train.loss);
  }
  const count = items.kind === 'llm' ? items.tokenIds.length : items.embeddings.shape[0];
  if (count !== numItems) {
    throw new ModelConfigError(
      items.kind === 'llm' ? 'itemTokenIds' : 'itemEmbeddings',
      `one entry for each of the ${numItems} items`,
      count,
    );
  }
  const reencode = (options.negatives ?? DEFAULT_HLLM_NEGATIVES) === 'reencode';
  const seqLen = roundUpToLanes(maxSeqLen);
  const poolSize = roundUpToLanes(train.numNegatives);
  const storage = options.storage ?? 'float32';

  let side: ItemSide;
  let itemTrainable: HostParams = {};
  if (items.kind === 'llm') {
    const catalogue = catalogueLayout(items.tokenIds); // [numItems, seq]
    const split = prepareItemLlmParams(items.config, items.weights, items.mode, init.seed);
    const adapted =
      items.lora > 0
        ? addLoraAdapters(split.trainable, items.lora, init.seed)
        : { trainable: split.trainable, frozen: {} };
    // The token embeddings live on the host, trained or not (never in the device's parameters).
    const { [EMBED_TOKENS]: trainedTable, ...trainable } = adapted.trainable;
    const { [EMBED_TOKENS]: adaptedTable, ...frozenUpper } = adapted.frozen;
    const { [EMBED_TOKENS]: lowerTable, ...lower } = split.frozen;
    const embeddings = trainedTable ?? adaptedTable ?? lowerTable;
    itemTrainable = trainable;
    side = await createLlmItemSide({
      config: items.config,
      boundary: split.boundary,
      lower,
      frozen: frozenUpper,
      embeddings,
      embeddingsTrain: trainedTable !== undefined,
      catalogue,
      itemRows: Math.min(options.itemRows ?? ITEM_ROWS, numItems),
      stageLayers: options.stageLayers ?? trainedItemLayers(items.config, items.mode),
      storage,
      onPass: options.onPass,
    });
  } else {
    side = createTableItemSide(items.embeddings);
  }

  const itemWidth = side.width;
  const userWidth = config.user.hiddenSize;
  const project = itemWidth !== userWidth;
  const userSpecs = llamaDecoderSpecs(config.user);
  if (options.userWeights !== undefined) checkHostParams(options.userWeights, userSpecs);
  const userHost =
    options.userWeights ?? initHostParams(userSpecs, deriveSeed(init.seed, 'user-llm'));
  const userLora = options.userLora ?? 0;
  const userSplit =
    userLora > 0
      ? addLoraAdapters(userHost, userLora, deriveSeed(init.seed, 'user-lora'))
      : { trainable: userHost, frozen: {} };
  const userFrozen: Params = {};
  for (const [name, t] of Object.entries(userSplit.frozen)) {
    const shared = options.userSharesCheckpoint ? side.frozen[name] : undefined;
    userFrozen[name] = shared?.ref ?? toDevice({ [name]: t }, storage)[name];
  }
  const extraSpecs: ParamSpecs = {
    [LOGIT_SCALE_PARAM]: { kind: 'fill', value: LOGIT_SCALE_INIT, shape: [] },
  };
  if (project) {
    extraSpecs[ITEM_PROJ_WEIGHT] = { kind: 'normal', std: 0.02, shape: [userWidth, itemWidth] };
    extraSpecs[ITEM_PROJ_BIAS] = { kind: 'fill', value: 0, shape: [userWidth] };
  }
  const hostParams: HostParams = {
    ...withPrefix(itemTrainable, ITEM_PREFIX),
    ...withPrefix(userSplit.trainable, USER_PREFIX),
    ...initHostParams(extraSpecs, deriveSeed(init.seed, 'hllm-head')),
  };
  const hostTable = side.hostTable;
  const hostName = hostTable === null ? '' : ITEM_PREFIX + hostTable.name;
  const hostMoments = hostTable === null ? null : initHostMoments(hostTable.grad.length);
  const hostWidth = hostTable?.weights.shape[1] ?? 1;
  const expected = shapesOf(
    hostTable === null ? hostParams : { ...hostParams, [hostName]: hostTable.weights },
  );
  const user = createLayerwiseUserLlm(config.user, USER_STAGE_LAYERS);
  let params = toDevice(hostParams);
  let state: AdamwState = initAdamw(params);
  const optimizer = createGroupedAdamw({
    ...ADAMW_DEFAULTS,
    weightDecay: train.weightDecay,
    gradClip: train.gradClip,
  });
  const projNames = [ITEM_PROJ_WEIGHT, ITEM_PROJ_BIAS];
  const itemWeights = () => withoutPrefix(params, ITEM_PREFIX);
  const userWeights = (): UserLlmWeights => ({
    trainable: withoutPrefix(params, USER_PREFIX),
    frozen: userFrozen,
  });

  const negativeRng = createRng(deriveSeed(init.seed, 'negatives'));
  const stepsPerEpoch = Math.max(1, Math.round(totalSteps / train.epochs));
  const cachedNegatives = side.trains && !reencode;
  let stepCount = 0;
  // Item rows per step, one shape for every step: no jitted call is traced twice, buffers are reused.
  const capacity = stepItemRows(
    {
      catalogueItems: numItems,
      batchSize: train.batchSize,
      maxHistory: maxSeqLen,
      numNegatives: train.numNegatives,
    },
    cachedNegatives,
  );
  let table: np.Array | null = null; // [numItems + 1, userHidden] for the current parameters
  let negativeCache: np.Array | null = null; // [numItems, itemHidden] (epoch-cache option)

  const itemTable = async (): Promise<np.Array> => {
    if (table === null) {
      const raw = await side.catalogue(itemWeights(), 'item encoding'); // [numItems, itemHidden]
      table = user.table(pick(params, projNames), raw);
    }
    return table;
  };
  const invalidate = () => {
    table?.dispose();
    table = null;
  };
  const intMatrix = (data: Int32Array, n: number) =>
    np.array(data, { dtype: np.int32 }).reshape([n, seqLen]);

  /** Replaces the named parameters and their moments by an AdamW step on `grads` (consumed). */
  const update = async (grads: Params, lr: number, coef?: np.Array) => {
    const names = Object.keys(grads);
    const next = await optimizer.step(
      pick(params, names),
      grads,
      { m: pick(state.m, names), v: pick(state.v, names) },
      stepCount,
      lr,
      coef,
    );
    params = { ...params, ...next.params };
    state = { m: { ...state.m, ...next.state.m }, v: { ...state.v, ...next.state.v } };
  };

  /**
   * One step's loss and gradients: the User LLM's layers go to `userSink` as they come (top
   * first, names prefixed); the rest (User LLM norm, logit scale, projection, Item LLM) are
   * returned together. Leaves the User LLM's backward open for a second pass when `again`.
   */
  const gradients = async (
    batch: TrainBatch,
    pool: Int32Array,
    userSink: LayerGradSink,
    again: boolean,
  ) => {
    if (batch.batchSize > train.batchSize || batch.seqLen > maxSeqLen) {
      throw new Error(
        `trainStep: batch [${batch.batchSize}, ${batch.seqLen}] exceeds [train.batchSize ${train.batchSize}, maxSeqLen ${maxSeqLen}]`,
      );
    }
    if (cachedNegatives && (negativeCache === null || stepCount % stepsPerEpoch === 0)) {
      negativeCache?.dispose();
      negativeCache = null;
      negativeCache = await side.catalogue(itemWeights(), 'negative cache'); // [numItems, itemHidden]
    }
    // Only the batch's own rows (all-padding rows would cost a User LLM pass for nothing).
    const n = batch.batchSize;
    const inputs = leftPadRows(batch.inputs, batch.seqLen, 0, n, n, seqLen);
    const targets = leftPadRows(batch.targets, batch.seqLen, 0, n, n, seqLen);
    const padded = new Int32Array(poolSize); // +1 encoding, 0 = unused slot
    padded.set(pool);
    const picked = collectBatchItems(
      inputs,
      targets,
      cachedNegatives ? new Int32Array(0) : padded,
      capacity,
      capacity,
    );
    const stepItems = new Int32Array(capacity); // the step's items, padded with item 0
    stepItems.set(picked.unique);
    const step = await side.vectors(itemWeights(), stepItems); // [rows, itemHidden]
    let vectors = step.vectors;
    let negatives = picked.negatives;
    if (cachedNegatives && negativeCache !== null) {
      const rows = np.array(
        padded.map((item) => Math.max(0, item - 1)),
        { dtype: np.int32 },
      );
      vectors = np.concatenate([vectors, np.take(negativeCache.ref, rows, 0)], 0); // [rows + pool, itemHidden]
      negatives = padded.map((item, j) => (item === 0 ? 0 : step.rows + 1 + j));
    }
    const pass = await user.step(
      userWeights(),
      pick(params, projNames),
      params[LOGIT_SCALE_PARAM],
      vectors,
      { items: intMatrix(picked.inputs, n) },
      {
        targets: intMatrix(picked.targets, n),
        negatives: np.array(negatives, { dtype: np.int32 }),
      },
    );
    const sink: LayerGradSink = (grads, r) => userSink(withPrefix(grads, USER_PREFIX), r);
    const first = await pass.backward(sink, { inputGrads: true, last: !again });
    if (first === null) throw new Error('the User LLM backward returned no input gradients');
    const itemGrads: Params = {};
    if (side.trains) {
      const dVectors = first.dVectors.slice([0, step.rows]); // [rows, itemHidden]
      await side.backward(itemWeights(), stepItems, dVectors, itemGrads);
    } else {
      first.dVectors.dispose();
    }
    const grads: Params = {
      [USER_PREFIX + USER_NORM]: pass.headGrads[USER_NORM],
      [LOGIT_SCALE_PARAM]: pass.headGrads[LOGIT_SCALE_PARAM],
      ...first.projGrads,
      ...withPrefix(itemGrads, ITEM_PREFIX),
    };
    return { loss: pass.loss, grads, pass };
  };

  return {
    config,
    numItems,
    dim: userWidth,
    flopsPerStep: options.flopsPerStep,

    async trainStep(batch: TrainBatch): Promise<number> {
      const pool = sampleNegativePool(negativeRng, candidates, train.numNegatives);
      const lr = learningRateAt(stepCount, train.learningRate, warmup, totalSteps, train.schedule);
      stepCount += 1;
      const clip = train.gradClip > 0;
      let squared: np.Array = np.array(0); // of the User LLM's layer gradients (clipping)
      const firstSink: LayerGradSink = async (grads) => {
        if (clip) {
          // Waited for, so that the layer's gradients are freed before the next layer's exist.
          squared = await squared.add(optimizer.squaredNorm(grads)).blockUntilReady();
          tree.dispose(grads);
        } else {
          await update(grads, lr);
        }
      };
      const { loss, grads, pass } = await gradients(batch, pool, firstSink, clip);
      invalidate();
      /** The host table's AdamW step (the token embeddings, when they train), then a zero gradient. */
      const updateHost = async (coef?: np.Array) => {
        if (hostTable === null || hostMoments === null) return;
        await hostTableAdamw(
          optimizer,
          hostName,
          hostTable.weights,
          hostTable.grad,
          hostMoments,
          stepCount,
          lr,
          coef,
        );
        hostTable.grad.fill(0);
      };
      if (clip) {
        if (hostTable !== null) {
          squared = squared.add(await hostSquaredNorm(optimizer, hostTable.grad, hostWidth));
        }
        const coef = optimizer.clipCoefficient(squared.add(optimizer.squaredNorm(grads)));
        await pass.backward((g) => update(withPrefix(g, USER_PREFIX), lr, coef.ref), {
          inputGrads: false,
          last: true,
        });
        await updateHost(coef);
        await update(grads, lr, coef);
      } else {
        await updateHost();
        await update(grads, lr);
      }
      return (await loss.data())[0];
    },

    async stepGradients(batch: TrainBatch, pool: Int32Array) {
      const host: HostParams = {};
      const collect: LayerGradSink = async (grads) => {
        Object.assign(host, await toHost(grads));
        tree.dispose(grads);
      };
      const { loss, grads } = await gradients(batch, pool, collect, false);
      Object.assign(host, await toHost(grads));
      tree.dispose(grads);
      if (hostTable !== null) {
        host[hostName] = {
          shape: [...hostTable.weights.shape],
          data: Float32Array.from(hostTable.grad),
        };
        hostTable.grad.fill(0);
      }
      return { loss: (await loss.data())[0], grads: host };
    },

    encodeUsers: (histories, n, historyLen) =>
      encodeInChunks(
        histories,
        n,
        historyLen,
        seqLen,
        userWidth,
        async (rows) => {
          const users = await user.lastStates(userWeights(), (await itemTable()).ref, {
            items: intMatrix(rows, USER_ROWS),
          });
          return (await users.data()) as Float32Array;
        },
        USER_ROWS,
      ),

    async encodeItems(): Promise<Float32Array> {
      const all = await (await itemTable()).ref.slice([1, numItems + 1]).data();
      return Float32Array.from(all as Float32Array);
    },

    async getParams() {
      const host = await toHost(params);
      if (hostTable !== null) {
        const { shape, data } = hostTable.weights;
        host[hostName] = { shape: [...shape], data: Float32Array.from(data) };
      }
      return host;
    },

    setParams(host) {
      checkHostParams(host, expected);
      const { [hostName]: table, ...device } = host;
      if (hostTable !== null) hostTable.weights.data.set(table.data);
      tree.dispose(params);
      params = toDevice(device);
      invalidate();
    },

    dispose() {
      invalidate();
      negativeCache?.dispose();
      tree.dispose([params, state, userFrozen]);
      side.dispose();
      user.dispose();
      optimizer.dispose();
    },
  };
}
