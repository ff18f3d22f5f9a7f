import { jit, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { DEFAULT_HLLM_NEGATIVES } from '../../config/defaults';
import type { HllmConfig, HllmNegatives, LlamaConfig } from '../../config/runConfig';
import {
  CATALOGUE_CHUNK,
  checkItemLlmMemory,
  defaultMemoryBackend,
  WASM_HEAP_LIMIT,
} from '../../itemEncoders/itemLlmMemory';
import { prepareItemLlmParams, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import { createRng, deriveSeed } from '../../random/rng';
import { LOGIT_SCALE_INIT } from '../../training/loss';
import {
  ADAMW_DEFAULTS,
  adamwUpdate,
  initAdamw,
  LOGIT_SCALE_PARAM,
  stepScalars,
  type AdamwOptions,
  type AdamwState,
  type StepScalars,
} from '../../training/optimizer';
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
} from '../params';
import type { HostParams, Recommender, RecommenderInit, TrainBatch } from '../recommender';
import { validateModelConfig } from '../validateModelConfig';
import { addLoraAdapters } from './lora';
import { collectBatchItems } from './batchItems';
import {
  catalogueBoundaryStates,
  catalogueLayout,
  gatherItemRows,
  type ItemRows,
} from './itemRows';
import {
  BOUNDARY_STATES,
  ITEM_PREFIX,
  ITEM_PROJ_BIAS,
  ITEM_PROJ_WEIGHT,
  itemVectors,
  jointLoss,
  NEGATIVE_CACHE,
  toUserSpace,
  USER_PREFIX,
  userStates,
  withPaddingRow,
  type ItemRowArrays,
  type JointInputs,
  type JointShape,
} from './jointModel';

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
  /** Memory the run may use, in bytes; the Item LLM estimate is checked against it first. */
  memoryBudgetBytes?: number;
  /** Items per Item LLM call when the whole catalogue is encoded (default `CATALOGUE_CHUNK`). */
  encodeChunk?: number;
}

/**
 * Default memory budget: the 4 GiB a 32-bit Wasm heap can address (the estimate is calibrated to
 * measured Wasm peaks, so it needs no margin below the ceiling).
 */
export const DEFAULT_MEMORY_BUDGET = WASM_HEAP_LIMIT;

type JointStep = (
  params: Params,
  frozen: Params,
  state: AdamwState,
  scalars: StepScalars,
  inputs: JointInputs,
) => { params: Params; state: AdamwState; loss: np.Array };

function prefixed(host: HostParams, prefix: string): HostParams {
  return Object.fromEntries(Object.entries(host).map(([n, t]) => [prefix + n, t]));
}

function shapesOf(host: HostParams): ParamSpecs {
  return Object.fromEntries(
    Object.entries(host).map(([n, t]) => [n, { kind: 'fill', value: 0, shape: [...t.shape] }]),
  );
}

function uploadRows(r: ItemRows): ItemRowArrays {
  return {
    ids: np.array(r.ids, { dtype: np.int32 }).reshape([r.capacity, r.seq]),
    rows: np.array(r.rows, { dtype: np.int32 }),
    slots: np.array(r.slots).reshape([r.capacity, r.seq]),
    valid: np.greater(np.array(r.valid).reshape([r.capacity, r.seq]), 0.5),
  };
}

/**
 * HLLM with its Item LLM and User LLM trained jointly (InfoNCE with a learned temperature):
 * every step embeds the batch's distinct items (inputs, targets and, by default, the shared
 * negative pool) from their text through the Item LLM, so gradients reach both LLMs. `encodeItems`
 * re-encodes the whole catalogue with the current Item LLM, so new (cold) items are embedded from
 * their text alone. The Item LLM's memory estimate is checked before any work; parameters are
 * named `item.*` (LoRA adapters `….lora_A`/`….lora_B` when a rank is set), `user.*`, `item_proj.*`
 * (only when the widths differ) and `logit_scale`. Catalogue passes (the boundary cache,
 * `encodeItems`, cached negatives) read each chunk back before the next, so their memory is one
 * chunk's, not the catalogue's.
 */
export async function createJointHllm(
  config: HllmConfig,
  init: RecommenderInit,
  itemLlm: JointItemLlm,
  options: JointHllmOptions = {},
): Promise<Recommender> {
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
  const catalogue = catalogueLayout(itemLlm.tokenIds); // [numItems, seq]
  const seqLen = roundUpToLanes(maxSeqLen);
  const poolSize = roundUpToLanes(train.numNegatives);
  const rows = train.batchSize;
  const chunk = Math.min(options.encodeChunk ?? CATALOGUE_CHUNK, numItems);
  const reencode = negativesFrom === 'reencode';
  checkItemLlmMemory(
    {
      config: itemLlm.config,
      mode: itemLlm.mode,
      batchItems: Math.min(numItems, rows * maxSeqLen + (reencode ? train.numNegatives : 0)),
      catalogueItems: numItems,
      maxTextTokens: catalogue.seq - 1,
      encodeChunk: chunk,
    },
    options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET,
    defaultMemoryBackend(),
  );

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
    cachedStates: split.boundary > 0,
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
  let params = toDevice(hostParams);
  const frozen: Params = {};
  if (shape.cachedStates) {
    const lower = toDevice(split.frozen);
    frozen[BOUNDARY_STATES] = await catalogueBoundaryStates(
      itemLlm.config,
      lower,
      catalogue,
      split.boundary,
      chunk,
    ); // [numItems, seq, itemHidden]
    tree.dispose(lower);
    Object.assign(frozen, toDevice(prefixed(adapted.frozen, ITEM_PREFIX)));
  } else {
    Object.assign(frozen, toDevice(prefixed({ ...split.frozen, ...adapted.frozen }, ITEM_PREFIX)));
  }

  let state = initAdamw(params);
  const opts: AdamwOptions = {
    ...ADAMW_DEFAULTS,
    weightDecay: train.weightDecay,
    gradClip: train.gradClip,
  };
  const lossOf = (p: Params, f: Params, inputs: JointInputs) => jointLoss(shape, p, f, inputs);
  const step = jit(((p, f, s, scalars, inputs) => {
    const [value, grads] = valueAndGrad(lossOf)(tree.ref(p), f, inputs);
    const next = adamwUpdate(p, grads, s, scalars, opts);
    return { params: next.params, state: next.state, loss: value };
  }) as JointStep);
  const encodeRows = jit((p: Params, f: Params, r: ItemRowArrays) => {
    const v = itemVectors(shape, p, f, r); // [chunk, itemHidden]
    tree.dispose(p);
    tree.dispose(f);
    return v;
  });
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

  /**
   * Item LLM embeddings of the whole catalogue, [numItems, itemHidden], on the device; each chunk
   * is read back before the next starts and the whole is uploaded once.
   */
  const catalogueVectors = async (): Promise<np.Array> => {
    const host = new Float32Array(numItems * itemWidth); // [numItems, itemHidden]
    for (let start = 0; start < numItems; start += chunk) {
      const count = Math.min(chunk, numItems - start);
      const ids = Int32Array.from({ length: count }, (_, i) => start + i);
      const v = encodeRows(
        tree.ref(params),
        tree.ref(frozen),
        uploadRows(gatherItemRows(catalogue, ids, chunk)),
      ); // [chunk, itemHidden]
      const data = (await v.data()) as Float32Array;
      host.set(data.subarray(0, count * itemWidth), start * itemWidth);
    }
    return np.array(host).reshape([numItems, itemWidth]);
  };
  const itemTable = async (): Promise<np.Array> => {
    if (table === null) {
      const raw = await catalogueVectors(); // [numItems, itemHidden]
      table = projectTable(tree.ref(params), raw); // [numItems + 1, userHidden]
    }
    return table;
  };
  const invalidate = () => {
    table?.dispose();
    table = null;
  };
  const intMatrix = (data: Int32Array, n: number) =>
    np.array(data, { dtype: np.int32 }).reshape([n, seqLen]);

  return {
    config,
    numItems,
    dim: userWidth,

    async trainStep(batch: TrainBatch): Promise<number> {
      if (batch.batchSize > rows || batch.seqLen > maxSeqLen) {
        throw new Error(
          `trainStep: batch [${batch.batchSize}, ${batch.seqLen}] exceeds [train.batchSize ${rows}, maxSeqLen ${maxSeqLen}]`,
        );
      }
      if (!reencode && stepCount % stepsPerEpoch === 0) {
        frozen[NEGATIVE_CACHE]?.dispose();
        delete frozen[NEGATIVE_CACHE];
        frozen[NEGATIVE_CACHE] = await catalogueVectors(); // [numItems, itemHidden]
      }
      // Only the batch's own rows (all-padding rows would cost a User LLM pass for nothing);
      // a short last batch is traced once more.
      const n = batch.batchSize;
      const items = leftPadRows(batch.inputs, batch.seqLen, 0, n, n, seqLen);
      const targets = leftPadRows(batch.targets, batch.seqLen, 0, n, n, seqLen);
      const pool = new Int32Array(poolSize); // +1 encoding, 0 = unused slot
      pool.set(sampleNegativePool(negativeRng, numItems, train.numNegatives));
      const picked = collectBatchItems(
        items,
        targets,
        reencode ? pool : new Int32Array(0),
        numItems,
        capacity,
      );
      capacity = picked.capacity;
      const negatives = reencode
        ? picked.negatives
        : pool.map((item, j) => (item === 0 ? 0 : picked.capacity + 1 + j));
      const inputs: JointInputs = {
        itemRows: uploadRows(gatherItemRows(catalogue, picked.unique, picked.capacity)),
        items: intMatrix(picked.inputs, n),
        targets: intMatrix(picked.targets, n),
        negatives: np.array(negatives, { dtype: np.int32 }),
      };
      if (!reencode) {
        const rowsOfPool = pool.map((item) => Math.max(0, item - 1));
        inputs.negativeRows = np.array(rowsOfPool, { dtype: np.int32 });
      }
      const lr = learningRateAt(stepCount, train.learningRate, train.warmupSteps, totalSteps);
      stepCount += 1;
      invalidate();
      const out = step(params, tree.ref(frozen), state, stepScalars(stepCount, lr, opts), inputs);
      params = out.params;
      state = out.state;
      return (await out.loss.data())[0];
    },

    encodeUsers: (histories, n, historyLen) =>
      encodeInChunks(histories, n, historyLen, seqLen, userWidth, async (chunk) => {
        const users = encodeUsersJit(
          tree.ref(params),
          (await itemTable()).ref,
          intMatrix(chunk, USER_CHUNK),
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
      tree.dispose(params);
      tree.dispose(state);
      tree.dispose(frozen);
      step.dispose();
      encodeRows.dispose();
      projectTable.dispose();
      encodeUsersJit.dispose();
    },
  };
}
