import { jit, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { DEFAULT_HLLM_NEGATIVES } from '../../config/defaults';
import type { HllmConfig, HllmNegatives, LlamaConfig } from '../../config/runConfig';
import { prepareItemLlmParams, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import { createRng, deriveSeed } from '../../random/rng';
import { createGroupedAdamw } from '../../training/groupedAdamw';
import { LOGIT_SCALE_INIT } from '../../training/loss';
import { ADAMW_DEFAULTS, initAdamw, LOGIT_SCALE_PARAM } from '../../training/optimizer';
import { learningRateAt } from '../../training/schedule';
import { roundUpToLanes } from '../lanePadding';
import { encodeInChunks, USER_CHUNK } from '../encodeInChunks';
import { leftPadRows } from '../leftPad';
import { llamaDecoderSpecs } from '../llama/llamaDecoder';
import { ModelConfigError } from '../modelConfigError';
import { sampleNegativePool } from '../negativeSampler';
import {
  checkHostParams,
  initHostParams,
  toDevice,
  toHost,
  type Params,
  type ParamSpecs,
  type StorageDtype,
} from '../params';
import type { HostParams, Recommender, RecommenderInit, TrainBatch } from '../recommender';
import { validateModelConfig } from '../validateModelConfig';
import { addLoraAdapters } from './lora';
import { collectBatchItems } from './batchItems';
import { forEachChunk, type CataloguePass, type PassProgressCallback } from './cataloguePass';
import { catalogueLayout, gatherItemRows } from './itemRows';
import { createLayerwiseItemLlm, type ItemLlmWeights, type ItemRowInputs } from './layerwiseItemLlm';
import { planJointHllm, type JointPlan } from './jointPlan';
import {
  ITEM_PREFIX,
  ITEM_PROJ_BIAS,
  ITEM_PROJ_WEIGHT,
  toUserSpace,
  USER_PREFIX,
  userLoss,
  userStates,
  withoutEntriesUnder,
  withoutPrefix,
  withPaddingRow,
  type JointShape,
  type UserInputs,
} from './jointModel';
import { appendStates, createStateCache, gatherStates, type StateCache } from './stateCache';

/** The Item LLM a joint HLLM starts from. */
export interface JointItemLlm {
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

/** Settings of a joint HLLM besides its config. */
export interface JointHllmOptions {
  /** Where InfoNCE negatives come from (default: re-encoded every step). */
  negatives?: HllmNegatives;
  /** Initial User LLM weights (`layers.*`, `norm.weight`); seeded random when omitted. */
  userWeights?: HostParams;
  /** Memory the run may use on the device, in bytes (default: the backend's). */
  memoryBudgetBytes?: number;
  /**
   * Items per Item LLM call: the micro-batch of a training step and the chunk of a catalogue
   * pass (planned from the budget when omitted).
   */
  itemRows?: number;
  /** Decoder layers per checkpointed stage of the backward pass (planned when omitted). */
  stageLayers?: number;
  /** How frozen weights and cached text states are stored (default float32). */
  storage?: StorageDtype;
  /** Progress of each pass over the catalogue (boundary cache, item encoding, cached negatives). */
  onPass?: PassProgressCallback;
}

/** `host` with every name under `prefix`. */
function prefixed(host: HostParams, prefix: string): HostParams {
  return Object.fromEntries(Object.entries(host).map(([n, t]) => [prefix + n, t]));
}

function shapesOf(host: HostParams): ParamSpecs {
  return Object.fromEntries(
    Object.entries(host).map(([n, t]) => [n, { kind: 'fill', value: 0, shape: [...t.shape] }]),
  );
}

/** A joint HLLM, which can also report one step's gradients without taking the step. */
export interface JointRecommender extends Recommender {
  /**
   * Loss and gradients (by parameter name, on the host) of one step on `batch` with the shared
   * negatives `pool` (+1 ids, at most `train.numNegatives`); the parameters do not change.
   */
  stepGradients(batch: TrainBatch, pool: Int32Array): Promise<{ loss: number; grads: HostParams }>;
}

/** Device outputs of the User LLM side of a step: loss, its gradients and d loss / d item vectors. */
type UserStepOutputs = { loss: np.Array; grads: Params; dVectors: np.Array };

/**
 * HLLM with its Item LLM and User LLM trained jointly (InfoNCE with a learned temperature):
 * every step embeds the batch's distinct items (inputs, targets and, by default, the shared
 * negative pool) from their text through the Item LLM, so gradients reach both LLMs. The step
 * is gradient caching (GradCache): the items are embedded in micro-batches without a graph, the
 * User LLM and InfoNCE give the loss's gradient with respect to every item vector, then each
 * micro-batch runs through the Item LLM again, stage by stage with per-stage `vjp`s fed those
 * gradients (activation checkpointing), and the weight gradients add up; AdamW then updates one
 * layer at a time. The result equals one graph over the whole step. Top-k fine-tuning runs the
 * frozen layers below the boundary once over the catalogue and keeps their text states on the
 * host. `encodeItems` re-encodes the whole catalogue with the current Item LLM, so new (cold)
 * items are embedded from their text alone. The memory plan is checked before any work.
 * Parameters are named `item.*` (LoRA adapters `….lora_A`/`….lora_B` when a rank is set),
 * `user.*`, `item_proj.*` (only when the widths differ) and `logit_scale`.
 */
export async function createJointHllm(
  config: HllmConfig,
  init: RecommenderInit,
  itemLlm: JointItemLlm,
  options: JointHllmOptions = {},
): Promise<JointRecommender> {
  validateModelConfig(config, init);
  const { train, numItems, maxSeqLen, totalSteps } = init;
  if (train.loss !== 'infonce') {
    throw new ModelConfigError('train.loss', "'infonce' (HLLM trains with InfoNCE)", train.loss);
  }
  if (itemLlm.tokenIds.length !== numItems) {
    throw new ModelConfigError(
      'itemTokenIds',
      `prompt tokens for each of the ${numItems} items`,
      itemLlm.tokenIds.length,
    );
  }
  const negativesFrom = options.negatives ?? DEFAULT_HLLM_NEGATIVES;
  const reencode = negativesFrom === 'reencode';
  const catalogue = catalogueLayout(itemLlm.tokenIds); // [numItems, seq]
  const seqLen = roundUpToLanes(maxSeqLen);
  const poolSize = roundUpToLanes(train.numNegatives);
  const storage = options.storage ?? 'float32';
  const plan: JointPlan = planJointHllm({
    item: itemLlm.config,
    user: config.user,
    mode: itemLlm.mode,
    lora: itemLlm.lora,
    catalogueItems: numItems,
    textTokens: catalogue.seq - 1,
    batchSize: train.batchSize,
    maxHistory: maxSeqLen,
    numNegatives: train.numNegatives,
    reencode,
    storage,
    budgetBytes: options.memoryBudgetBytes,
    itemRows: options.itemRows,
    stageLayers: options.stageLayers,
  });

  const split = prepareItemLlmParams(itemLlm.config, itemLlm.weights, itemLlm.mode, init.seed);
  const adapted =
    itemLlm.lora > 0
      ? addLoraAdapters(split.trainable, itemLlm.lora, init.seed)
      : { trainable: split.trainable, frozen: {} };
  const itemWidth = itemLlm.config.hiddenSize;
  const userWidth = config.user.hiddenSize;
  const shape: JointShape = {
    item: itemLlm.config,
    user: config.user,
    boundary: split.boundary,
    project: itemWidth !== userWidth,
  };
  const userSpecs = llamaDecoderSpecs(config.user);
  if (options.userWeights !== undefined) checkHostParams(options.userWeights, userSpecs);
  const extraSpecs: ParamSpecs = {
    [LOGIT_SCALE_PARAM]: { kind: 'fill', value: LOGIT_SCALE_INIT, shape: [] },
  };
  if (shape.project) {
    extraSpecs[ITEM_PROJ_WEIGHT] = { kind: 'normal', std: 0.02, shape: [userWidth, itemWidth] };
    extraSpecs[ITEM_PROJ_BIAS] = { kind: 'fill', value: 0, shape: [userWidth] };
  }
  const hostParams: HostParams = {
    ...prefixed(adapted.trainable, ITEM_PREFIX),
    ...prefixed(
      options.userWeights ?? initHostParams(userSpecs, deriveSeed(init.seed, 'user-llm')),
      USER_PREFIX,
    ),
    ...initHostParams(extraSpecs, deriveSeed(init.seed, 'hllm-head')),
  };
  const expected = shapesOf(hostParams);
  const runner = createLayerwiseItemLlm(itemLlm.config, split.boundary, plan.stageLayers);
  const chunk = plan.itemRows;

  /** Device inputs of catalogue rows `items` (0-based), padded with item 0 to `capacity` rows. */
  let cache: StateCache | null = null;
  const rowInputs = (items: Int32Array, capacity: number): ItemRowInputs => {
    const r = gatherItemRows(catalogue, items, capacity);
    const inputs: ItemRowInputs = {
      ids: np.array(r.ids, { dtype: np.int32 }).reshape([capacity, r.seq]),
      slots: np.array(r.slots).reshape([capacity, r.seq]),
      valid: np.greater(np.array(r.valid).reshape([capacity, r.seq]), 0.5),
    };
    if (cache !== null) {
      inputs.states = np.array(gatherStates(cache, r.rows)).reshape([capacity, r.seq, itemWidth]);
    }
    return inputs;
  };
  const range = (start: number, end: number) =>
    Int32Array.from({ length: end - start }, (_, i) => start + i);

  if (split.boundary > 0) {
    // The frozen layers below the boundary run once over the catalogue, then leave the device.
    const lower: ItemLlmWeights = { trainable: {}, frozen: toDevice(split.frozen, storage) };
    const built = createStateCache(catalogue.seq, itemWidth, chunk, storage);
    await forEachChunk(
      'boundary cache',
      numItems,
      chunk,
      async (start, end) => {
        const rows = rowInputs(range(start, end), chunk);
        rows.slots.dispose();
        const x = runner.tokenStates(lower, rows.ids);
        const states = await runner.runLayers(lower, x, rows.valid, 0, split.boundary);
        const data = (await states.data()) as Float32Array; // [chunk, seq, hidden]
        appendStates(built, data.subarray(0, (end - start) * catalogue.seq * itemWidth));
      },
      options.onPass,
    );
    tree.dispose(lower.frozen);
    cache = built;
  }
  let params = toDevice(hostParams);
  const itemFrozen = toDevice(adapted.frozen, storage);
  let state = initAdamw(params);
  const optimizer = createGroupedAdamw({
    ...ADAMW_DEFAULTS,
    weightDecay: train.weightDecay,
    gradClip: train.gradClip,
  });
  const itemWeights = (): ItemLlmWeights => ({
    trainable: withoutPrefix(params, ITEM_PREFIX),
    frozen: itemFrozen,
  });

  const userStep = jit(
    (p: Params, vectors: np.Array, cached: Params, inputs: UserInputs): UserStepOutputs => {
      const negativeCache = cached.negatives ?? null;
      const [loss, [grads, dVectors]] = valueAndGrad(
        (pp: Params, vv: np.Array) => userLoss(shape, pp, vv, negativeCache?.ref ?? null, inputs),
        { argnums: [0, 1] },
      )(p, vectors);
      negativeCache?.dispose();
      return { loss, grads, dVectors };
    },
  );
  const projectTable = jit((p: Params, raw: np.Array) => {
    const table = withPaddingRow(toUserSpace(shape, p, raw)); // [numItems + 1, userHidden]
    tree.dispose(p);
    return table;
  });
  const encodeUsersJit = jit((p: Params, table: np.Array, items: np.Array) => {
    const hidden = userStates(shape, p, table, items); // [chunk, seq, userHidden]
    tree.dispose(p);
    table.dispose();
    return hidden.slice([], seqLen - 1); // [chunk, userHidden]
  });

  const negativeRng = createRng(deriveSeed(init.seed, 'negatives'));
  const stepsPerEpoch = Math.max(1, Math.round(totalSteps / train.epochs));
  let stepCount = 0;
  let capacity = 0; // Item LLM rows per step; only grows, so buffers are reused
  let table: np.Array | null = null; // [numItems + 1, userHidden] for the current parameters
  let negativeCache: np.Array | null = null; // [numItems, itemHidden] (epoch-cache option)

  /**
   * Item LLM embeddings of the whole catalogue, [numItems, itemHidden], on the device; each chunk
   * is read back before the next starts and the whole is uploaded once.
   */
  const catalogueVectors = async (pass: CataloguePass): Promise<np.Array> => {
    const host = new Float32Array(numItems * itemWidth); // [numItems, itemHidden]
    await forEachChunk(
      pass,
      numItems,
      chunk,
      async (start, end) => {
        const v = await runner.embed(itemWeights(), rowInputs(range(start, end), chunk)); // [chunk, itemHidden]
        const data = (await v.data()) as Float32Array;
        host.set(data.subarray(0, (end - start) * itemWidth), start * itemWidth);
      },
      options.onPass,
    );
    return np.array(host).reshape([numItems, itemWidth]);
  };
  const itemTable = async (): Promise<np.Array> => {
    if (table === null) {
      const raw = await catalogueVectors('item encoding'); // [numItems, itemHidden]
      table = projectTable(tree.ref(withoutEntriesUnder(params, ITEM_PREFIX)), raw);
    }
    return table;
  };
  const invalidate = () => {
    table?.dispose();
    table = null;
  };
  const intMatrix = (data: Int32Array, n: number) =>
    np.array(data, { dtype: np.int32 }).reshape([n, seqLen]);

  /**
   * Loss [] and gradients of every parameter for one step (GradCache): the step's distinct items
   * are embedded `chunk` at a time without a graph, the User LLM side gives d loss / d vector,
   * then each micro-batch runs through the Item LLM again with its `vjp`s fed those gradients.
   * `pool` holds the shared negatives (+1 ids). Parameters are not changed.
   */
  const gradients = async (
    batch: TrainBatch,
    pool: Int32Array,
  ): Promise<{ loss: np.Array; grads: Params }> => {
    if (batch.batchSize > train.batchSize || batch.seqLen > maxSeqLen) {
      throw new Error(
        `trainStep: batch [${batch.batchSize}, ${batch.seqLen}] exceeds [train.batchSize ${train.batchSize}, maxSeqLen ${maxSeqLen}]`,
      );
    }
    if (!reencode && (negativeCache === null || stepCount % stepsPerEpoch === 0)) {
      negativeCache?.dispose();
      negativeCache = null;
      negativeCache = await catalogueVectors('negative cache'); // [numItems, itemHidden]
    }
    // Only the batch's own rows (all-padding rows would cost a User LLM pass for nothing);
    // a short last batch is traced once more.
    const n = batch.batchSize;
    const items = leftPadRows(batch.inputs, batch.seqLen, 0, n, n, seqLen);
    const targets = leftPadRows(batch.targets, batch.seqLen, 0, n, n, seqLen);
    const padded = new Int32Array(poolSize); // +1 encoding, 0 = unused slot
    padded.set(pool);
    const picked = collectBatchItems(
      items,
      targets,
      reencode ? padded : new Int32Array(0),
      numItems,
      capacity,
    );
    capacity = picked.capacity;
    // Micro-batches of the step's items, `micro` rows each (the last padded with item 0).
    const micro = Math.min(chunk, capacity);
    const count = Math.ceil(capacity / micro);
    const rowsTotal = count * micro;
    const microRows = (j: number) =>
      rowInputs(picked.unique.subarray(j * micro, (j + 1) * micro), micro);
    const w = itemWeights();
    const parts: np.Array[] = [];
    for (let j = 0; j < count; j++) parts.push(await runner.embed(w, microRows(j))); // [micro, itemHidden]
    const vectors = parts.length === 1 ? parts[0] : np.concatenate(parts, 0); // [rowsTotal, itemHidden]
    const negatives = reencode
      ? picked.negatives
      : padded.map((item, j) => (item === 0 ? 0 : rowsTotal + 1 + j));
    const inputs: UserInputs = {
      items: intMatrix(picked.inputs, n),
      targets: intMatrix(picked.targets, n),
      negatives: np.array(negatives, { dtype: np.int32 }),
    };
    const cached: Params = {};
    if (!reencode && negativeCache !== null) {
      inputs.negativeRows = np.array(
        padded.map((item) => Math.max(0, item - 1)),
        { dtype: np.int32 },
      );
      cached.negatives = negativeCache.ref;
    }
    const user = userStep(
      tree.ref(withoutEntriesUnder(params, ITEM_PREFIX)),
      vectors,
      cached,
      inputs,
    );
    const itemGrads: Params = {};
    for (let j = 0; j < count; j++) {
      const dEmb = user.dVectors.ref.slice([j * micro, (j + 1) * micro]); // [micro, itemHidden]
      await runner.accumulateGrads(w, microRows(j), dEmb, itemGrads);
    }
    user.dVectors.dispose();
    const grads: Params = { ...user.grads };
    for (const [name, g] of Object.entries(itemGrads)) grads[ITEM_PREFIX + name] = g;
    return { loss: user.loss, grads };
  };

  return {
    config,
    numItems,
    dim: userWidth,

    async trainStep(batch: TrainBatch): Promise<number> {
      const pool = sampleNegativePool(negativeRng, numItems, train.numNegatives);
      const { loss, grads } = await gradients(batch, pool);
      const lr = learningRateAt(stepCount, train.learningRate, train.warmupSteps, totalSteps);
      stepCount += 1;
      invalidate();
      const next = optimizer.step(params, grads, state, stepCount, lr);
      params = next.params;
      state = next.state;
      return (await loss.data())[0];
    },

    async stepGradients(batch: TrainBatch, pool: Int32Array) {
      const { loss, grads } = await gradients(batch, pool);
      return { loss: (await loss.data())[0], grads: await toHost(grads) };
    },

    encodeUsers: (histories, n, historyLen) =>
      encodeInChunks(histories, n, historyLen, seqLen, userWidth, async (rows) => {
        const users = encodeUsersJit(
          tree.ref(withoutEntriesUnder(params, ITEM_PREFIX)),
          (await itemTable()).ref,
          intMatrix(rows, USER_CHUNK),
        );
        return (await users.data()) as Float32Array;
      }),

    async encodeItems(): Promise<Float32Array> {
      const all = await (await itemTable()).ref.slice([1, numItems + 1]).data();
      return Float32Array.from(all as Float32Array);
    },

    getParams: () => toHost(params),

    setParams(host) {
      checkHostParams(host, expected);
      tree.dispose(params);
      params = toDevice(host);
      invalidate();
    },

    dispose() {
      invalidate();
      negativeCache?.dispose();
      tree.dispose(params);
      tree.dispose(state);
      tree.dispose(itemFrozen);
      runner.dispose();
      optimizer.dispose();
      userStep.dispose();
      projectTable.dispose();
      encodeUsersJit.dispose();
    },
  };
}
