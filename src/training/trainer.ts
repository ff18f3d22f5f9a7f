import { EARLY_STOP_START, earlyStopUpdate } from './earlyStopping';
import { negativeCandidates } from '../models/negativeSampler';
import { evalHistoryOf, type RunConfig } from '../config/runConfig';
import type { SliceName, Split } from '../dataset/types';
import { evaluateRecommender, type EvalResult } from '../evaluation/evaluate';
import type { Similarity } from '../evaluation/itemScorer';
import { evaluatePopularity } from '../evaluation/popularity';
import type { HostParams, Recommender, RecommenderInit } from '../models/recommender';
import { splitFingerprint } from '../runs/fingerprint';
import type { EpochRecord, RunRecord, RunUsage } from '../runs/runRecord';
import { epochBatches, stepsPerEpoch } from './batches';
import { trainingSamples } from './trainingSamples';
import { checkTrainConfig } from './checkTrainConfig';
import { TrainControl } from './trainControl';
import { classifyTrainError } from './trainErrors';
import type { EvalPhase, TrainEvent } from './trainEvents';

/** Inputs of one training run. */
export interface TrainerOptions {
  config: RunConfig;
  split: Split;
  datasetName: string;
  /** Device description stored in the run record. */
  device: string;
  /** Builds the model once the step count is known. */
  createModel(init: RecommenderInit): Recommender | Promise<Recommender>;
  /** Receives every progress event; events are plain objects a worker can post unchanged. */
  onEvent(event: TrainEvent): void;
  /** Pause/resume/cancel handle; a private one is used when omitted. */
  control?: TrainControl;
  /** Users per scoring chunk in evaluations (default 256). */
  evalChunkSize?: number;
  /** Length of each test user's top list kept in the result (default 10). */
  topK?: number;
  /** Extra notes stored in the run record. */
  notes?: string[];
  /** Stop training after this many optimiser steps (then evaluate as usual); none when absent. */
  maxSteps?: number;
  /**
   * Test users before `split`'s evaluation cases were cut to a sample (`data.evalUsers`); the
   * record then says it was evaluated on a sample of them.
   */
  evalSampleOf?: number;
  /** Reads the device's peak memory (bytes, and what they count) for the run record. */
  memory?: () => { peakBytes: number; kind: 'wasm-heap' | 'gpu-buffers' } | null;
}

/** A finished run: its record, the trained model at its best epoch (caller disposes) and test details. */
export interface TrainResult {
  run: RunRecord;
  model: Recommender;
  /** Test ranks and top lists of the model. */
  test: EvalResult;
  /** Test ranks and top lists of the popularity baseline. */
  popularityTest: EvalResult;
}

/** The similarity a model is scored with: cosine for InfoNCE, dot product for BCE. */
export function similarityForLoss(loss: RunConfig['train']['loss']): Similarity {
  return loss === 'infonce' ? 'cosine' : 'dot';
}

/** Users scored per chunk in a run's evaluations. */
export const EVAL_CHUNK_USERS = 256;

/** What a run of `config` on `split` builds its model with, for `totalSteps` optimiser steps. */
export function runModelInit(config: RunConfig, split: Split, totalSteps: number): RecommenderInit {
  return {
    negativeItems: negativeCandidates(split.numItems, split.coldItems),
    numItems: split.numItems,
    maxSeqLen: config.data.maxHistory,
    train: config.train,
    totalSteps,
    seed: config.seed,
  };
}

/** The settings of a run's evaluations: its history length, similarity and chunk of users. */
export function runEvalSettings(config: RunConfig, chunkSize = EVAL_CHUNK_USERS) {
  return {
    maxHistory: evalHistoryOf(config.data),
    similarity: similarityForLoss(config.train.loss),
    chunkSize,
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function sliceSizes(split: Split): Record<SliceName, number> {
  const s = split.testSlices;
  return {
    all: s.all.length,
    cold: s.cold.length,
    longtail: s.longtail.length,
    short: s.short.length,
  };
}

/**
 * Trains a model on `split.train`: seeded batches each epoch, validation every `evalEvery` epochs
 * and after the last, early stopping on `earlyStopMetric` with `patience`, restore of the best
 * parameters, then final validation and test metrics per slice beside the popularity baseline.
 * Yields to the event loop between steps. Never throws: failures become an `error` event and `null`.
 */
export async function trainRun(options: TrainerOptions): Promise<TrainResult | null> {
  const { config, split, onEvent } = options;
  const control = options.control ?? new TrainControl();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  let model: Recommender | undefined;
  try {
    checkTrainConfig(config, split);
    const t = config.train;
    const maxHistory = config.data.maxHistory;
    const samples = trainingSamples(split.train, maxHistory, config.data.chunkHistories);
    const perEpoch = stepsPerEpoch(samples, t.batchSize);
    const totalSteps = perEpoch * t.epochs;
    model = await options.createModel(runModelInit(config, split, totalSteps));
    const evalSettings = runEvalSettings(config, options.evalChunkSize);
    /** The settings of one evaluation, reporting its progress as `evaluate` events. */
    const evalProgress = (settings: typeof evalSettings, phase: EvalPhase) => ({
      ...settings,
      onProgress: (done: number, total: number, seconds: number) =>
        onEvent({
          kind: 'evaluate',
          phase,
          done,
          total,
          usersPerSecond: done / Math.max(seconds, 1e-9),
          etaSec: (seconds / done) * (total - done),
        }),
    });

    const epochs: EpochRecord[] = [];
    let step = 0;
    let trainSeconds = 0;
    let sequences = 0;
    let validationSeconds = 0;
    let stopping = EARLY_STOP_START;
    let stopNow = false;
    let bestEpoch = -1;
    let bestParams: HostParams | undefined;
    let stoppedEarly = false;
    let skippedShort = 0;

    const maxSteps = options.maxSteps ?? Infinity;
    const plannedSteps = Math.min(totalSteps, maxSteps);
    for (let epoch = 0; epoch < t.epochs && step < maxSteps; epoch++) {
      const { batches: all, skippedShort: skipped } = epochBatches(samples, {
        maxHistory,
        batchSize: t.batchSize,
        seed: config.seed,
        epoch,
      });
      skippedShort = skipped;
      const batches = all.slice(0, Math.max(0, maxSteps - step));
      let lossSum = 0;
      let epochSeconds = 0;
      for (const batch of batches) {
        await control.checkpoint();
        const t0 = performance.now();
        const loss = await model.trainStep(batch);
        const dt = (performance.now() - t0) / 1000;
        step++;
        if (!Number.isFinite(loss)) {
          throw new Error(`training diverged: loss is ${loss} at step ${step} (epoch ${epoch})`);
        }
        epochSeconds += dt;
        trainSeconds += dt;
        sequences += batch.batchSize;
        lossSum += loss;
        onEvent({
          kind: 'step',
          step,
          epoch,
          loss,
          seqPerSec: sequences / trainSeconds,
          etaSec: (trainSeconds / step) * (plannedSteps - step),
        });
        await yieldToEventLoop();
      }

      const isLast = epoch === t.epochs - 1 || step >= maxSteps;
      let valid: EpochRecord['valid'] = null;
      if ((epoch + 1) % t.evalEvery === 0 || isLast) {
        const result = await evaluateRecommender(
          model,
          split.valid,
          split.validSlices,
          evalProgress(evalSettings, 'validation'),
        );
        validationSeconds += result.seconds;
        valid = result.metrics.all;
        const value = valid ? valid[t.earlyStopMetric] : -Infinity;
        const update = earlyStopUpdate(stopping, value, t.patience);
        stopping = update.state;
        stopNow = update.stop;
        if (update.improved || bestParams === undefined) {
          bestEpoch = epoch;
          bestParams = await model.getParams();
        }
      }
      const loss = lossSum / batches.length;
      epochs.push({ epoch, loss, steps: batches.length, trainSeconds: epochSeconds, valid });
      onEvent({ kind: 'epoch', epoch, loss, valid, seconds: epochSeconds });
      if (valid && stopNow && !isLast) {
        stoppedEarly = true;
        break;
      }
    }

    const lastEpoch = epochs[epochs.length - 1].epoch;
    if (bestParams && bestEpoch !== lastEpoch) model.setParams(bestParams);
    const finalValid = await evaluateRecommender(
      model,
      split.valid,
      split.validSlices,
      evalProgress(evalSettings, 'final validation'),
    );
    const test = await evaluateRecommender(model, split.test, split.testSlices, {
      ...evalProgress(evalSettings, 'test'),
      topK: options.topK ?? 10,
    });
    const popularityValid = await evaluatePopularity(
      split.itemTrainCount,
      split.valid,
      split.validSlices,
    );
    const popularityTest = await evaluatePopularity(
      split.itemTrainCount,
      split.test,
      split.testSlices,
      { topK: options.topK ?? 10 },
    );

    const reading = options.memory?.() ?? null;
    const flops = model.flopsPerStep ?? null;
    const usage: RunUsage = {
      peakMemoryBytes: reading?.peakBytes ?? null,
      memoryKind: reading?.kind ?? null,
      stepsPerSecond: step / trainSeconds,
      sequencesPerSecond: sequences / trainSeconds,
      flopsPerStep: flops,
      achievedGflops: flops === null ? null : (flops * step) / trainSeconds / 1e9,
      steps: step,
      maxSteps: options.maxSteps ?? null,
    };
    const run: RunRecord = {
      version: 1,
      config,
      device: options.device,
      dataset: {
        name: options.datasetName,
        fingerprint: splitFingerprint(split),
        numUsers: split.numUsers,
        numItems: split.numItems,
        trainSequences: split.train.length,
        trainSamples: samples.length,
        skippedShortSequences: skippedShort,
        validCases: split.valid.length,
        testCases: split.test.length,
        testSliceSizes: sliceSizes(split),
        ...(options.evalSampleOf !== undefined && options.evalSampleOf > split.test.length
          ? { evalSample: { users: split.test.length, of: options.evalSampleOf } }
          : {}),
      },
      startedAt,
      timings: {
        total: (performance.now() - started) / 1000,
        train: trainSeconds,
        validation: validationSeconds,
        testEvaluation: test.seconds,
        perEpoch: trainSeconds / epochs.length,
        trainSequencesPerSecond: sequences / trainSeconds,
      },
      epochs,
      bestEpoch,
      stoppedEarly,
      final: { valid: finalValid.metrics, test: test.metrics },
      popularity: { valid: popularityValid.metrics, test: popularityTest.metrics },
      notes: [
        `Full ranking over all ${split.numItems} items; history items masked; ties counted pessimistically; metrics ×100.`,
        `Scored by ${evalSettings.similarity === 'cosine' ? 'cosine similarity' : 'dot product'}.`,
        ...(step < totalSteps && options.maxSteps !== undefined
          ? [
              `Training stopped after ${step} of ${totalSteps} steps (max steps ${options.maxSteps}).`,
            ]
          : []),
        ...(options.notes ?? []),
      ],
      usage,
    };
    onEvent({ kind: 'done', run });
    return { run, model, test, popularityTest };
  } catch (error) {
    model?.dispose();
    onEvent({ kind: 'error', ...classifyTrainError(error) });
    return null;
  }
}
