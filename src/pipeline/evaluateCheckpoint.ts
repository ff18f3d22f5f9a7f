import type { Checkpoint } from '../checkpoints/checkpoint';
import type { RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import { evaluateRecommender, type EvalResult } from '../evaluation/evaluate';
import { evaluatePopularity } from '../evaluation/popularity';
import { createRecommender } from '../models/createRecommender';
import { splitFingerprint } from '../runs/fingerprint';
import { runEvalSettings, runModelInit } from '../training/trainer';
import type { ModelSetup } from './modelSetup';
import { prepareExperiment, type PreparedExperiment } from './runExperiment';

/** A saved model evaluated on a dataset's split, beside the popularity baseline. */
export interface CheckpointEvaluation {
  prepared: PreparedExperiment;
  /** `splitFingerprint` of the split evaluated on. */
  fingerprint: string;
  /** Whether it equals the checkpoint's own (null: the checkpoint names none, e.g. imported). */
  sameSplit: boolean | null;
  valid: EvalResult;
  test: EvalResult;
  popularityValid: EvalResult;
  popularityTest: EvalResult;
}

/**
 * Evaluates a checkpoint's parameters on `raw` as a run of its config would at its end: the
 * pipeline's preprocessing and leave-one-out split (`prepareExperiment`), the model built as the
 * run builds it (`hllmSetup` for HLLM's item side) with the checkpoint's parameters in place, then
 * full-ranking validation and test metrics per slice beside popularity (`prepared.config` has
 * `train.numNegatives` 1: no negatives are drawn). Throws when the parameters do not fit the
 * model the config describes. `topK` keeps each test case's best items (`test.topK`) to inspect.
 */
export async function evaluateCheckpoint(
  raw: Dataset,
  checkpoint: Checkpoint,
  config: RunConfig,
  hllmSetup?: (config: RunConfig, dataset: Dataset) => Promise<ModelSetup>,
  topK = 0,
): Promise<CheckpointEvaluation> {
  // Evaluation draws no negatives: a pool larger than this dataset's catalogue must not refuse it.
  const evaluated = { ...config, train: { ...config.train, numNegatives: 1 } };
  const prepared = await prepareExperiment(raw, evaluated, hllmSetup);
  const { split, setup } = prepared;
  const run = prepared.config;
  const init = runModelInit(run, split, 1);
  const model = await (setup?.createModel(init) ?? createRecommender(run.model, init));
  try {
    model.setParams(checkpoint.params);
    const settings = runEvalSettings(run);
    const valid = await evaluateRecommender(model, split.valid, split.validSlices, settings);
    const test = await evaluateRecommender(model, split.test, split.testSlices, {
      ...settings,
      topK,
    });
    const fingerprint = splitFingerprint(split);
    return {
      prepared,
      fingerprint,
      sameSplit:
        checkpoint.datasetFingerprint === undefined
          ? null
          : checkpoint.datasetFingerprint === fingerprint,
      valid,
      test,
      popularityValid: await evaluatePopularity(
        split.itemTrainCount,
        split.valid,
        split.validSlices,
      ),
      popularityTest: await evaluatePopularity(split.itemTrainCount, split.test, split.testSlices),
    };
  } finally {
    model.dispose();
  }
}
