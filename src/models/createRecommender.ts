import { jit, numpy as np, tree } from '@jax-js/jax';
import type { ModelConfig } from '../config/runConfig';
import { createRng, deriveSeed } from '../random/rng';
import { FIXED_LOG_LOGIT_SCALE, l2Normalize, LOGIT_SCALE_INIT } from '../training/loss';
import {
  ADAMW_DEFAULTS,
  initAdamw,
  LOGIT_SCALE_PARAM,
  stepScalars,
  type AdamwOptions,
} from '../training/optimizer';
import { learningRateAt, warmupStepsOf } from '../training/schedule';
import { createHostTableStep } from '../training/hostTableStep';
import {
  createTrainStep,
  stepLossOf,
  type StepInputs,
  type StepOutputs,
} from '../training/trainStep';
import { hllmUserModel, ITEM_TEXT_PARAM } from './hllmUser';
import { hstuModel } from './hstu';
import { padParams, roundUpToLanes, unpadParams } from './lanePadding';
import { encodeInChunks, evenChunk } from './encodeInChunks';
import { leftPadRows } from './leftPad';
import { ModelConfigError } from './modelConfigError';
import {
  negativeCandidates,
  samplePerPositionNegatives,
  sampleNegativePool,
} from './negativeSampler';
import {
  checkHostParams,
  initHostParams,
  toDevice,
  toHost,
  type Params,
  type ParamSpecs,
} from './params';
import type { HostTensor, Recommender, RecommenderInit, TrainBatch } from './recommender';
import { llmIdRecModel } from './llmIdRec';
import { sasrecModel } from './sasrec';
import type { SequenceModel } from './sequenceModel';
import { sequenceStepFlops } from './sequenceStepFlops';
import { validateModelConfig } from './validateModelConfig';

/** Inputs some models need besides their config. */
export interface RecommenderExtras {
  /** HLLM with `itemEncoder.kind === 'precomputed'`: [numItems, textDim] item text embeddings (item i at row i). */
  itemTextEmbeddings?: HostTensor;
}

/** `pool` followed by zeros (unused slots, masked by the loss) up to `size` entries. */
function paddedPool(pool: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  out.set(pool);
  return out;
}

function buildModel(
  config: ModelConfig,
  init: RecommenderInit,
  extras: RecommenderExtras,
): SequenceModel {
  if (config.kind === 'sasrec') return sasrecModel(config, init.numItems, init.maxSeqLen);
  if (config.kind === 'hstu') return hstuModel(config, init.numItems, init.maxSeqLen);
  if (config.kind === 'llmidrec') return llmIdRecModel(config, init.numItems);
  if (config.itemEncoder.kind !== 'precomputed') {
    throw new ModelConfigError(
      'model.itemEncoder.kind',
      "'precomputed' (other item encoders produce their embeddings first and pass them as precomputed)",
      config.itemEncoder.kind,
    );
  }
  const text = extras.itemTextEmbeddings;
  if (text === undefined || text.shape.length !== 2 || text.shape[0] !== init.numItems) {
    throw new ModelConfigError(
      'itemTextEmbeddings',
      `a [${init.numItems}, textDim] table of precomputed item embeddings`,
      text === undefined ? 'nothing' : text.shape,
    );
  }
  return hllmUserModel(config.user, text.shape[1]);
}

function dropoutOf(config: ModelConfig): number {
  return config.kind === 'hllm' || config.kind === 'llmidrec' ? 0 : config.dropout;
}

/**
 * Builds a trainable recommender on jax-js (SASRec, HSTU, or HLLM's User LLM over precomputed
 * item embeddings) with seeded initialisation; validates the config before any work.
 * With InfoNCE, `encodeUsers` and `encodeItems` return L2-normalised vectors (dot product = the
 * cosine the loss trains); with BCE, raw vectors (the loss trains dot products).
 * Batches are left-padded to [train.batchSize, maxSeqLen rounded up to 4] (a smaller batch to its
 * size rounded up to 4), so the jitted step is traced once per batch size (twice per run: full
 * batches and the last one); widths are zero-padded to multiples of 4 on the device (see lanePadding).
 */
export function createRecommender(
  config: ModelConfig,
  init: RecommenderInit,
  extras: RecommenderExtras = {},
): Recommender {
  validateModelConfig(config, init);
  const model = buildModel(config, init, extras);
  const { train, numItems, maxSeqLen, totalSteps } = init;
  const candidates = init.negativeItems ?? negativeCandidates(numItems);
  const warmup = warmupStepsOf(train, totalSteps);
  // Device sequence length and negative pool, rounded up to the SIMD lane width.
  const seqLen = roundUpToLanes(maxSeqLen);
  const poolSize = roundUpToLanes(train.numNegatives);
  const rows = train.batchSize;
  const specs: ParamSpecs = { ...model.specs };
  // InfoNCE's logit scale: learned, or fixed (with the frozen inputs, never updated).
  const fixedScale = train.loss === 'infonce' && train.fixTemperature;
  if (train.loss === 'infonce' && !fixedScale) {
    specs[LOGIT_SCALE_PARAM] = { kind: 'fill', value: LOGIT_SCALE_INIT, shape: [] };
  }
  const layouts = model.layouts;
  let params: Params = toDevice(
    padParams(initHostParams(specs, deriveSeed(init.seed, 'init')), layouts),
  );
  const frozen: Params = {
    ...(extras.itemTextEmbeddings !== undefined && config.kind === 'hllm'
      ? toDevice({ [ITEM_TEXT_PARAM]: extras.itemTextEmbeddings })
      : {}),
    ...(fixedScale ? { [LOGIT_SCALE_PARAM]: np.array(FIXED_LOG_LOGIT_SCALE) } : {}),
  };
  let state = initAdamw(params);
  const opts: AdamwOptions = {
    ...ADAMW_DEFAULTS,
    weightDecay: train.weightDecay,
    gradClip: train.gradClip,
  };
  // Models that read their item table only by lookups sum its gradient on the host (faster on Wasm);
  // per-position InfoNCE scores the whole table, so its gradient is dense and stays on the device.
  const loss = stepLossOf(train);
  const step =
    model.lookupTable === undefined || loss === 'infonce-per-position'
      ? { kind: 'jit' as const, fn: createTrainStep(model, loss, dropoutOf(config), opts) }
      : {
          kind: 'hostTable' as const,
          fn: createHostTableStep(model, train.loss, dropoutOf(config), opts),
        };
  const negativeRng = createRng(deriveSeed(init.seed, 'negatives'));
  const dropoutRng = createRng(deriveSeed(init.seed, 'dropout'));
  let stepCount = 0;

  const intMatrix = (data: Int32Array, n: number) =>
    np.array(data, { dtype: np.int32 }).reshape([n, seqLen]);

  // InfoNCE trains cosine scores: hand out unit vectors so that dot products rank as in training.
  const scored = (x: np.Array) => (train.loss === 'infonce' ? l2Normalize(x) : x);
  const encode = jit((p: Params, f: Params, items: np.Array) => {
    let last: np.Array; // [chunk, deviceDim]
    if (model.applyLast) {
      last = model.applyLast(p, f, items);
    } else {
      const { hidden, table } = model.apply(p, f, items, null);
      table.dispose();
      last = hidden.slice([], seqLen - 1, []);
    }
    tree.dispose(p);
    tree.dispose(f);
    return scored(last.slice([], [0, model.dim])); // [chunk, dim]
  });
  const itemVectors = jit((p: Params, f: Params) => {
    const table = model.itemTable(p, f);
    tree.dispose(p);
    tree.dispose(f);
    return scored(table.slice([1, numItems + 1], [0, model.dim])); // [numItems, dim]
  });

  return {
    config,
    numItems,
    dim: model.dim,
    // Per-position InfoNCE scores every position against the whole table, twice (logits and mask).
    flopsPerStep: sequenceStepFlops(
      config,
      rows,
      seqLen,
      loss === 'infonce-per-position' ? 2 * (numItems + 1) : poolSize,
    ),

    async trainStep(batch: TrainBatch): Promise<number> {
      if (batch.batchSize > rows || batch.seqLen > maxSeqLen) {
        throw new Error(
          `trainStep: batch [${batch.batchSize}, ${batch.seqLen}] exceeds [train.batchSize ${rows}, maxSeqLen ${maxSeqLen}]`,
        );
      }
      // A smaller (last) batch is padded only to the lane width: one more trace, less work per epoch.
      const stepRows = Math.min(rows, roundUpToLanes(batch.batchSize));
      const items = leftPadRows(batch.inputs, batch.seqLen, 0, batch.batchSize, stepRows, seqLen);
      const targets = leftPadRows(
        batch.targets,
        batch.seqLen,
        0,
        batch.batchSize,
        stepRows,
        seqLen,
      );
      const negativeIds =
        loss === 'infonce'
          ? paddedPool(sampleNegativePool(negativeRng, candidates, train.numNegatives), poolSize)
          : loss === 'infonce-per-position'
            ? sampleNegativePool(negativeRng, candidates, targets.length * train.numNegatives)
            : samplePerPositionNegatives(negativeRng, candidates, targets);
      const negatives =
        loss === 'infonce'
          ? np.array(negativeIds, { dtype: np.int32 })
          : loss === 'infonce-per-position'
            ? np
                .array(negativeIds, { dtype: np.int32 })
                .reshape([stepRows, seqLen, train.numNegatives]) // [batch, seq, n]
            : intMatrix(negativeIds, stepRows);
      const lr = learningRateAt(stepCount, train.learningRate, warmup, totalSteps, train.schedule);
      stepCount += 1;
      const scalars = stepScalars(stepCount, lr, opts);
      const inputs: StepInputs = {
        items: intMatrix(items, stepRows),
        targets: intMatrix(targets, stepRows),
        negatives,
        dropoutSeed: np.array(dropoutRng.int(2 ** 31), { dtype: np.uint32 }),
      };
      const out: StepOutputs =
        step.kind === 'hostTable'
          ? await step.fn.run(params, frozen, state, scalars, inputs, {
              items,
              targets,
              negatives: negativeIds,
            })
          : step.fn(params, tree.ref(frozen), state, scalars, inputs);
      params = out.params;
      state = out.state;
      return (await out.loss.data())[0];
    },

    encodeUsers: (histories, n, historyLen) =>
      encodeInChunks(
        histories,
        n,
        historyLen,
        seqLen,
        model.dim,
        async (chunk) => {
          const users = encode(
            tree.ref(params),
            tree.ref(frozen),
            intMatrix(chunk, chunk.length / seqLen),
          );
          return (await users.data()) as Float32Array;
        },
        evenChunk(n),
      ),

    async encodeItems(): Promise<Float32Array> {
      const table = await itemVectors(tree.ref(params), tree.ref(frozen)).data();
      return Float32Array.from(table as Float32Array);
    },

    getParams: async () => unpadParams(await toHost(params), layouts),

    setParams(host) {
      checkHostParams(host, specs);
      tree.dispose(params);
      params = toDevice(padParams(host, layouts));
    },

    dispose() {
      tree.dispose(params);
      tree.dispose(state);
      tree.dispose(frozen);
      step.fn.dispose();
      encode.dispose();
      itemVectors.dispose();
    },
  };
}
