import { hllmTextCoverage } from '../config/hllmTextCoverage';
import { countItemsWithText } from '../dataset/itemText';
import type { RunConfig } from '../config/runConfig';
import { validateRunConfig } from '../config/parseRunConfig';
import { preprocess, type PreprocessReport } from '../dataset/preprocess';
import { leaveOneOutSplit, type SplitReport } from '../dataset/split';
import type { Dataset, Split } from '../dataset/types';
import { withSeenItems } from '../evaluation/seenItems';
import { withEvalSample } from '../dataset/evalSample';
import { createRecommender } from '../models/createRecommender';
import type { PassProgressCallback } from '../models/hllm/cataloguePass';
import type { HllmPlan } from '../models/hllm/hllmPlan';
import { planNote } from '../models/hllm/planNote';
import type { Recommender, RecommenderInit } from '../models/recommender';
import type { TrainControl } from '../training/trainControl';
import type { TrainEvent } from '../training/trainEvents';
import { trainRun, type TrainerOptions, type TrainResult } from '../training/trainer';
import { trainingSamples } from '../training/trainingSamples';
import { hashedSetup, type ModelSetup } from './modelSetup';

/** A run config the pipeline cannot use on its dataset; `problems` name each field. */
export class RunConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'RunConfigError';
  }
}

/** An experiment once its data is ready and before it trains. */
export interface PreparedExperiment<S extends ModelSetup = ModelSetup> {
  /** The config as it runs (HLLM: text fields used and item encoder as set up). */
  config: RunConfig;
  /** The preprocessed dataset the split was made from. */
  dataset: Dataset;
  preprocess: PreprocessReport;
  /** The leave-one-out split; its cases carry the items to mask (`seen`). */
  split: Split;
  splitReport: SplitReport;
  /** Training samples an epoch goes through (more than sequences when histories are chunked). */
  trainSamples: number;
  /** Test users of the split (more than `split.test` when evaluation runs on a sample). */
  testUsers: number;
  /** HLLM's item side (features or Item LLM) as set up; null for the ID models. */
  setup: S | null;
  /** What the run should say before training (e.g. HLLM items without text); also in its notes. */
  warnings: string[];
}

/** A finished experiment: what it ran on, its training result (null when it ended without one). */
export interface Experiment<S extends ModelSetup = ModelSetup> extends PreparedExperiment<S> {
  result: TrainResult | null;
  /** What the model was built with (null when training ended before building it). */
  init: RecommenderInit | null;
}

/** Where an experiment runs and what it tells along the way. */
export interface ExperimentHooks<S extends ModelSetup = ModelSetup> {
  /** Device description for the run record. */
  device: string;
  /** Every training event (steps, epochs, passes of the Item LLM, the end). */
  onEvent(event: TrainEvent): void;
  /**
   * HLLM's item side for the preprocessed dataset (an Item LLM, embeddings computed earlier, a
   * file); a hashed bag-of-words of the item text when omitted.
   */
  hllmSetup?(config: RunConfig, dataset: Dataset): Promise<S>;
  /** Hears the prepared experiment before training starts (lines to print, split facts to keep). */
  onPrepared?(prepared: PreparedExperiment<S>): void;
  /** Hears each Item LLM pass over the catalogue (also sent to `onEvent` as a `pass` event). */
  onPass?: PassProgressCallback;
  /** Hears the memory plan an HLLM run executes (its note also goes into the record). */
  onPlan?(plan: HllmPlan, note: string): void;
  /** Wraps the built model (a wall-clock budget, a live projection). */
  wrapModel?(model: Recommender): Recommender | Promise<Recommender>;
  /** Runs the trainer (the worker adds its live side); `trainRun` when omitted. */
  train?(options: TrainerOptions): Promise<TrainResult | null>;
  control?: TrainControl;
  memory?: TrainerOptions['memory'];
  maxSteps?: number;
}

/**
 * Prepares an experiment from a config and a raw dataset: preprocess (dedupe, k-core), HLLM's
 * item side (`hllmSetup`, else a hashed bag-of-words of the item text), config validation and the
 * leave-one-out split (seen items masked in evaluation). Throws `RunConfigError` when the config
 * does not fit the dataset.
 */
export async function prepareExperiment<S extends ModelSetup = ModelSetup>(
  raw: Dataset,
  requested: RunConfig,
  hllmSetup?: (config: RunConfig, dataset: Dataset) => Promise<S>,
): Promise<PreparedExperiment<S>> {
  const pre = preprocess(raw, requested.data);
  const dataset = pre.dataset;
  if (requested.model.kind === 'hllm' && dataset.textFields.length > 0) {
    // Refused before the item side is set up (an Item LLM would encode every item first).
    const anyText = countItemsWithText(dataset.itemText, dataset.textFields);
    const { error } = hllmTextCoverage(anyText, dataset.itemIds.length);
    if (error !== undefined) throw new RunConfigError([error]);
  }
  const setup: S | null =
    requested.model.kind !== 'hllm'
      ? null
      : hllmSetup !== undefined
        ? await hllmSetup(requested, dataset)
        : // Without a setup function S is ModelSetup, the hashed setup's type.
          (hashedSetup(requested, dataset) as S);
  const config = setup?.config ?? requested;
  const itemsWithText =
    config.model.kind === 'hllm'
      ? countItemsWithText(dataset.itemText, config.model.textFields)
      : undefined;
  const problems = validateRunConfig(config, {
    numItems: dataset.itemIds.length,
    textFields: dataset.textFields,
    itemsWithText,
  });
  const warning =
    itemsWithText === undefined
      ? undefined
      : hllmTextCoverage(itemsWithText, dataset.itemIds.length).warning;
  if (problems.length > 0) throw new RunConfigError(problems);
  const cut = leaveOneOutSplit(dataset, config.data, config.seed);
  // Evaluation masks every item the user had before the target (the README protocol).
  const whole = withSeenItems(cut.split, dataset.sequences);
  const split = withEvalSample(whole, config.data.evalUsers, config.seed);
  return {
    config,
    dataset,
    preprocess: pre.report,
    split,
    splitReport: cut.report,
    trainSamples: trainingSamples(split.train, config.data.maxHistory, config.data.chunkHistories)
      .length,
    testUsers: whole.test.length,
    setup,
    warnings: warning === undefined ? [] : [warning],
  };
}

/**
 * Runs one experiment from a config and a raw dataset: `prepareExperiment`, then training with
 * model selection and the test evaluation beside popularity. The worker, the CLI, the sweep and
 * the benches all call this, so the protocol lives here once.
 */
export async function runExperiment<S extends ModelSetup = ModelSetup>(
  raw: Dataset,
  requested: RunConfig,
  hooks: ExperimentHooks<S>,
): Promise<Experiment<S>> {
  const prepared = await prepareExperiment(raw, requested, hooks.hllmSetup);
  const { config, split, setup } = prepared;
  hooks.onPrepared?.(prepared);
  const notes = [...prepared.warnings, ...(setup === null ? [] : [setup.note])];
  let init: RecommenderInit | null = null;
  const onPass: PassProgressCallback = (pass, p) => {
    hooks.onPass?.(pass, p);
    hooks.onEvent({
      kind: 'pass',
      pass,
      done: p.done,
      total: p.total,
      itemsPerSecond: p.itemsPerSecond,
      etaSec: p.etaSeconds,
    });
  };
  const onPlan = (plan: HllmPlan) => {
    const note = planNote(plan);
    notes.push(note);
    hooks.onPlan?.(plan, note);
  };
  const result = await (hooks.train ?? trainRun)({
    config,
    split,
    datasetName: raw.name,
    device: hooks.device,
    maxSteps: hooks.maxSteps,
    evalSampleOf: prepared.testUsers,
    memory: hooks.memory,
    control: hooks.control,
    notes,
    onEvent: hooks.onEvent,
    createModel: async (modelInit) => {
      init = modelInit;
      const model = await (setup?.createModel(modelInit, onPass, onPlan) ??
        createRecommender(config.model, modelInit));
      return hooks.wrapModel === undefined ? model : hooks.wrapModel(model);
    },
  });
  return { ...prepared, result, init };
}
