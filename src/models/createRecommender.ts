import { jit, numpy as np, random, tree } from '@jax-js/jax';
import type { ModelConfig } from '../config/runConfig';
import { createRng, deriveSeed } from '../random/rng';
import { LOGIT_SCALE_INIT } from '../training/loss';
import {
  ADAMW_DEFAULTS,
  initAdamw,
  LOGIT_SCALE_PARAM,
  stepScalars,
  type AdamwOptions,
} from '../training/optimizer';
import { learningRateAt } from '../training/schedule';
import { createTrainStep } from '../training/trainStep';
import { hllmUserModel, ITEM_TEXT_PARAM } from './hllmUser';
import { hstuModel } from './hstu';
import { leftPadRows } from './leftPad';
import { ModelConfigError } from './modelConfigError';
import { samplePerPositionNegatives, sampleNegativePool } from './negativeSampler';
import {
  checkHostParams,
  initHostParams,
  toDevice,
  toHost,
  type Params,
  type ParamSpecs,
} from './params';
import type { HostTensor, Recommender, RecommenderInit, TrainBatch } from './recommender';
import { sasrecModel } from './sasrec';
import type { SequenceModel } from './sequenceModel';
import { validateModelConfig } from './validateModelConfig';

/** Inputs some models need besides their config. */
export interface RecommenderExtras {
  /** HLLM with `itemEncoder.kind === 'precomputed'`: [numItems, textDim] item text embeddings (item i at row i). */
  itemTextEmbeddings?: HostTensor;
}

/** Rows per encodeUsers call into the jitted encoder (fixed so it is traced once). */
const ENCODE_CHUNK = 256;

function buildModel(
  config: ModelConfig,
  init: RecommenderInit,
  extras: RecommenderExtras,
): SequenceModel {
  if (config.kind === 'sasrec') return sasrecModel(config, init.numItems, init.maxSeqLen);
  if (config.kind === 'hstu') return hstuModel(config, init.numItems, init.maxSeqLen);
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
  return config.kind === 'hllm' ? 0 : config.dropout;
}

/**
 * Builds a trainable recommender on jax-js (SASRec, HSTU, or HLLM's User LLM over precomputed
 * item embeddings) with seeded initialisation; validates the config before any work.
 * Batches are padded to [train.batchSize, maxSeqLen] so the jitted step is traced once.
 */
export function createRecommender(
  config: ModelConfig,
  init: RecommenderInit,
  extras: RecommenderExtras = {},
): Recommender {
  validateModelConfig(config, init);
  const model = buildModel(config, init, extras);
  const { train, numItems, maxSeqLen } = init;
  const specs: ParamSpecs = { ...model.specs };
  if (train.loss === 'infonce')
    specs[LOGIT_SCALE_PARAM] = { kind: 'fill', value: LOGIT_SCALE_INIT, shape: [] };
  let params: Params = toDevice(initHostParams(specs, deriveSeed(init.seed, 'init')));
  const frozen: Params =
    extras.itemTextEmbeddings !== undefined && config.kind === 'hllm'
      ? toDevice({ [ITEM_TEXT_PARAM]: extras.itemTextEmbeddings })
      : {};
  let state = initAdamw(params);
  const opts: AdamwOptions = {
    ...ADAMW_DEFAULTS,
    weightDecay: train.weightDecay,
    gradClip: train.gradClip,
  };
  const step = createTrainStep(model, train.loss, dropoutOf(config), opts);
  const negativeRng = createRng(deriveSeed(init.seed, 'negatives'));
  const dropoutRng = createRng(deriveSeed(init.seed, 'dropout'));
  let stepCount = 0;

  const encode = jit((p: Params, f: Params, items: np.Array) => {
    const seq = items.shape[1];
    const { hidden, table } = model.apply(p, f, items, null);
    table.dispose();
    tree.dispose(p);
    tree.dispose(f);
    return hidden.slice([], seq - 1); // [chunk, dim]
  });
  const itemVectors = jit((p: Params, f: Params) => {
    const table = model.itemTable(p, f);
    tree.dispose(p);
    tree.dispose(f);
    return table.slice([1, numItems + 1]); // [numItems, dim]
  });

  return {
    config,
    numItems,
    dim: model.dim,

    async trainStep(batch: TrainBatch): Promise<number> {
      if (batch.batchSize > train.batchSize || batch.seqLen > maxSeqLen) {
        throw new Error(
          `trainStep: batch [${batch.batchSize}, ${batch.seqLen}] exceeds [train.batchSize ${train.batchSize}, maxSeqLen ${maxSeqLen}]`,
        );
      }
      const items = leftPadRows(
        batch.inputs,
        batch.seqLen,
        0,
        batch.batchSize,
        train.batchSize,
        maxSeqLen,
      );
      const targets = leftPadRows(
        batch.targets,
        batch.seqLen,
        0,
        batch.batchSize,
        train.batchSize,
        maxSeqLen,
      );
      const negatives =
        train.loss === 'infonce'
          ? np.array(sampleNegativePool(negativeRng, numItems, train.numNegatives), {
              dtype: np.int32,
            })
          : np
              .array(samplePerPositionNegatives(negativeRng, numItems, targets), {
                dtype: np.int32,
              })
              .reshape([train.batchSize, maxSeqLen]);
      const lr = learningRateAt(stepCount, train.learningRate, train.warmupSteps, init.totalSteps);
      stepCount += 1;
      const out = step(params, tree.ref(frozen), state, stepScalars(stepCount, lr, opts), {
        items: np.array(items, { dtype: np.int32 }).reshape([train.batchSize, maxSeqLen]),
        targets: np.array(targets, { dtype: np.int32 }).reshape([train.batchSize, maxSeqLen]),
        negatives,
        dropoutKey: random.key(dropoutRng.int(2 ** 31)),
      });
      params = out.params;
      state = out.state;
      return (await out.loss.data())[0];
    },

    async encodeUsers(histories: Int32Array, n: number, seqLen: number): Promise<Float32Array> {
      if (histories.length !== n * seqLen) {
        throw new Error(
          `encodeUsers: expected ${n}×${seqLen} = ${n * seqLen} item ids, found ${histories.length}`,
        );
      }
      const out = new Float32Array(n * model.dim);
      for (let from = 0; from < n; from += ENCODE_CHUNK) {
        const rows = Math.min(ENCODE_CHUNK, n - from);
        const chunk = leftPadRows(histories, seqLen, from, rows, ENCODE_CHUNK, maxSeqLen);
        const items = np.array(chunk, { dtype: np.int32 }).reshape([ENCODE_CHUNK, maxSeqLen]);
        const users = (await encode(
          tree.ref(params),
          tree.ref(frozen),
          items,
        ).data()) as Float32Array;
        out.set(users.subarray(0, rows * model.dim), from * model.dim);
      }
      return out;
    },

    async encodeItems(): Promise<Float32Array> {
      return Float32Array.from(
        (await itemVectors(tree.ref(params), tree.ref(frozen)).data()) as Float32Array,
      );
    },

    getParams: () => toHost(params),

    setParams(host) {
      checkHostParams(host, specs);
      tree.dispose(params);
      params = toDevice(host);
    },

    dispose() {
      tree.dispose(params);
      tree.dispose(state);
      tree.dispose(frozen);
      step.dispose();
      encode.dispose();
      itemVectors.dispose();
    },
  };
}
