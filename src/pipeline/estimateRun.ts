import type { ModelKind } from '../config/defaults';
import type { RunConfig } from '../config/runConfig';
import type { Dataset, EvalCase, SplitSlices } from '../dataset/types';
import { evaluateRecommender } from '../evaluation/evaluate';
import { createRecommender } from '../models/createRecommender';
import type { Recommender } from '../models/recommender';
import { epochBatches, stepsPerEpoch } from '../training/batches';
import { TrainControl } from '../training/trainControl';
import { EVAL_CHUNK_USERS, runEvalSettings, runModelInit } from '../training/trainer';
import { trainingSamples } from '../training/trainingSamples';
import type { ModelSetup } from './modelSetup';
import { prepareExperiment } from './runExperiment';

/** What a run would take on this device, measured from a short warm-up of real steps. */
export interface RunEstimate {
  model: ModelKind;
  stepsPerEpoch: number;
  epochs: number;
  /** Optimiser steps of the whole run (fewer when early stopping ends it sooner). */
  steps: number;
  /** Seconds per optimiser step, measured after one untimed step (shader compilation, jit). */
  secondsPerStep: number;
  /** Steps timed for `secondsPerStep`. */
  measuredSteps: number;
  /** Preprocessing, the split and building the model (an HLLM's first catalogue pass included). */
  setupSeconds: number;
  /** Every validation pass, the final validation and the test, from one timed chunk of users. */
  evalSeconds: number;
  trainSeconds: number;
  /** Setup, training and evaluation together. */
  totalSeconds: number;
}

/** Settings of a warm-up. */
export interface EstimateOptions<S extends ModelSetup = ModelSetup> {
  /** HLLM's item side, as the run would build it (a hashed bag-of-words when omitted). */
  hllmSetup?: (config: RunConfig, dataset: Dataset) => Promise<S>;
  /** Steps timed after the first, untimed one (default 3). */
  steps?: number;
  /** Stop timing steps once this many seconds were measured (default 10). */
  maxSeconds?: number;
  /** Validation users scored to time the evaluations (default: one chunk, `EVAL_CHUNK_USERS`). */
  evalUsers?: number;
  /** Cancels the warm-up before its next step (`TrainCancelledError`). */
  control?: TrainControl;
}

/** Seconds since `start` (a `performance.now()` reading). */
const since = (start: number) => (performance.now() - start) / 1000;

/** The validation passes a run makes: every `evalEvery` epochs and after the last epoch. */
export function validationPasses(epochs: number, evalEvery: number): number {
  const regular = Math.floor(epochs / evalEvery);
  return epochs % evalEvery === 0 ? regular : regular + 1;
}

/** Slices of a list of `n` cases that all belong to `all`. */
function allSlice(n: number): SplitSlices {
  const none = new Int32Array(0);
  return {
    all: Int32Array.from({ length: n }, (_, i) => i),
    cold: none,
    longtail: none,
    short: none,
  };
}

/**
 * Estimates the run `config` on `raw` here: prepares it as `runExperiment` would, builds the
 * model, takes one untimed step and then times a few real steps, scores one chunk of validation
 * users untimed and then timed, then discards the model. The run's step count is exact; the seconds extrapolate the measured rates.
 */
export async function estimateRun<S extends ModelSetup = ModelSetup>(
  raw: Dataset,
  requested: RunConfig,
  options: EstimateOptions<S> = {},
): Promise<RunEstimate> {
  const control = options.control ?? new TrainControl();
  const started = performance.now();
  const prepared = await prepareExperiment(raw, requested, options.hllmSetup);
  const { config, split, setup } = prepared;
  const t = config.train;
  const maxHistory = config.data.maxHistory;
  const samples = trainingSamples(split.train, maxHistory, config.data.chunkHistories);
  const perEpoch = stepsPerEpoch(samples, t.batchSize);
  const steps = perEpoch * t.epochs;
  await control.checkpoint();
  const init = runModelInit(config, split, steps);
  const model: Recommender = await (setup?.createModel(init) ??
    createRecommender(config.model, init));
  try {
    const setupSeconds = since(started);
    const { batches } = epochBatches(samples, {
      maxHistory,
      batchSize: t.batchSize,
      seed: config.seed,
      epoch: 0,
    });
    if (batches.length === 0) throw new Error('no training sequence has two items to learn from');
    await control.checkpoint();
    await model.trainStep(batches[0]);
    const wanted = options.steps ?? 3;
    const maxSeconds = options.maxSeconds ?? 10;
    let measured = 0;
    let stepSeconds = 0;
    while (measured < wanted && stepSeconds < maxSeconds) {
      await control.checkpoint();
      const t0 = performance.now();
      await model.trainStep(batches[(measured + 1) % batches.length]);
      stepSeconds += since(t0);
      measured++;
    }
    const secondsPerStep = stepSeconds / measured;

    // One chunk of validation users at the evaluation's own chunk size: once untimed (kernels
    // compile for these shapes), then timed, the item encoding apart from the users.
    const sample: EvalCase[] = split.valid.slice(0, options.evalUsers ?? EVAL_CHUNK_USERS);
    const evalSettings = runEvalSettings(config);
    let itemSeconds = 0;
    let secondsPerUser = 0;
    if (sample.length > 0) {
      await control.checkpoint();
      await evaluateRecommender(model, sample, allSlice(sample.length), evalSettings);
      await control.checkpoint();
      const itemsStart = performance.now();
      await model.encodeItems();
      itemSeconds = since(itemsStart);
      await control.checkpoint();
      const result = await evaluateRecommender(
        model,
        sample,
        allSlice(sample.length),
        evalSettings,
      );
      secondsPerUser = Math.max(0, result.seconds - itemSeconds) / sample.length;
    }
    const pass = (users: number) => itemSeconds + secondsPerUser * users;
    const evalSeconds =
      (validationPasses(t.epochs, t.evalEvery) + 1) * pass(split.valid.length) +
      pass(split.test.length);
    const trainSeconds = secondsPerStep * steps;
    return {
      model: config.model.kind,
      stepsPerEpoch: perEpoch,
      epochs: t.epochs,
      steps,
      secondsPerStep,
      measuredSteps: measured,
      setupSeconds,
      evalSeconds,
      trainSeconds,
      totalSeconds: setupSeconds + trainSeconds + evalSeconds,
    };
  } finally {
    model.dispose();
  }
}
