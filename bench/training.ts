import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init } from '@jax-js/jax';
import { findSiblings, readInputFile } from '../src/cli/nodeFiles';
import type { RunConfig } from '../src/config/runConfig';
import { preprocess } from '../src/dataset/preprocess';
import { leaveOneOutSplit } from '../src/dataset/split';
import type { Split } from '../src/dataset/types';
import type { Metrics } from '../src/evaluation/metrics';
import { withSeenItems } from '../src/evaluation/seenItems';
import { parityConfig } from './sweep/protocol';
import { ingest } from '../src/ingestion/ingest';
import { createRecommender } from '../src/models/createRecommender';
import type { RunRecord } from '../src/runs/runRecord';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import { trainRun } from '../src/training/trainer';
import { referenceInput } from './referenceInput';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Public datasets shared beside the repository (see ../shared/data/README.md). */
export const SHARED_DATA = path.resolve(ROOT, '..', 'shared', 'data');
const REFERENCE_SCRIPT = path.join(ROOT, 'scripts', 'reference', 'train_reference.py');
const PYTHON = '/usr/bin/python3';

/** A benchmark dataset by its shared-data folder, with the interaction file to read. */
export const BENCH_DATASETS = {
  'movielens-100k': { file: 'movielens-100k/u.data.gz', dropout: 0.2 },
  'amazon-scientific-unisrec': {
    file: 'amazon-scientific-unisrec/Scientific.train.inter.gz',
    dropout: 0.5,
  },
} as const;

/** Name of a benchmark dataset. */
export type BenchDatasetName = keyof typeof BENCH_DATASETS;

/** The protocol of ../shared/data/README.md (`parityConfig` of bench/sweep/protocol.ts), seed 42 by default. */
export function protocolConfig(
  kind: 'sasrec' | 'hstu',
  dropout: number,
  epochs: number,
  seed = 42,
): RunConfig {
  return parityConfig(kind, dropout, epochs, seed);
}

/**
 * Loads a shared dataset (or returns undefined when ../shared/data lacks it) and splits it; cases
 * carry `seen` so that evaluation masks the user's whole history, as the README protocol does.
 */
export function loadBenchSplit(name: BenchDatasetName, config: RunConfig): Split | undefined {
  const file = path.join(SHARED_DATA, BENCH_DATASETS[name].file);
  if (!existsSync(file)) return undefined;
  const siblings = findSiblings(file);
  const result = ingest({
    interactions: [file, ...siblings.interactions].map(readInputFile),
    items: siblings.items.map(readInputFile),
  });
  const dataset = preprocess(result.dataset, config.data).dataset;
  return withSeenItems(
    leaveOneOutSplit(dataset, config.data, config.seed).split,
    dataset.sequences,
  );
}

/** What the PyTorch reference trainer reports. */
export interface ReferenceResult {
  torch: string;
  threads: number;
  bestEpoch: number;
  trainSeconds: number;
  trainSequencesPerSecond: number;
  testEvaluationSeconds: number;
  epochs: { epoch: number; loss: number; trainSeconds: number }[];
  test: Metrics;
  valid: Metrics;
}

/**
 * Runs scripts/reference/train_reference.py on the same split and config with one torch thread
 * (OPENBLAS_NUM_THREADS=1); returns a reason string instead when torch is not installed.
 */
export function runReference(split: Split, config: RunConfig): ReferenceResult | string {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return `PyTorch not available at ${PYTHON}; reference skipped`;
  const dir = mkdtempSync(path.join(tmpdir(), 'hllm-ref-'));
  try {
    const input = path.join(dir, 'input.json');
    const output = path.join(dir, 'output.json');
    writeFileSync(input, referenceInput(split, config));
    const run = spawnSync(PYTHON, [REFERENCE_SCRIPT, input, output, '--threads', '1'], {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0)
      throw new Error(`train_reference.py failed (${run.status}):\n${run.stderr}`);
    return JSON.parse(readFileSync(output, 'utf8')) as ReferenceResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Trains with our trainer on Wasm and returns the run record. */
export async function runOurs(
  split: Split,
  config: RunConfig,
  datasetName: string,
): Promise<RunRecord> {
  await init('wasm');
  let failure = '';
  const result = await trainRun({
    config,
    split,
    datasetName,
    device: 'wasm (Node.js)',
    createModel: (modelInit) => createRecommender(config.model, modelInit),
    onEvent: (e) => {
      if (e.kind === 'error') failure = `${e.code}: ${e.message}`;
    },
  });
  if (result === null) throw new Error(`training failed: ${failure}`);
  result.model.dispose();
  return result.run;
}

/** Mean training seconds of the epochs after the first (which includes jit compilation), or of the only one. */
export function steadyEpochSeconds(epochs: readonly { trainSeconds: number }[]): number {
  const steady = epochs.length > 1 ? epochs.slice(1) : epochs;
  return steady.reduce((sum, e) => sum + e.trainSeconds, 0) / steady.length;
}

/** Figures of the side-by-side training benchmark. */
export interface TrainingBench {
  dataset: string;
  epochs: number;
  ours: { trainSequencesPerSecond: number; secondsPerEpoch: number; testEvaluationSeconds: number };
  reference:
    | { trainSequencesPerSecond: number; secondsPerEpoch: number; testEvaluationSeconds: number }
    | string;
  /** Our training throughput over the reference's (target ≥ 0.5). */
  trainSpeedRatio: number | null;
  /** The reference's evaluation time over ours (≥ 1 means we are faster). */
  evalSpeedRatio: number | null;
}

/**
 * SASRec (the README protocol) trained for `epochs` epochs (capped: a speed measurement, not a
 * converged model) by our trainer on Wasm and by the PyTorch reference (1 thread) on the same
 * split: training sequences/s and seconds per epoch (epochs after the first, so jit compilation is
 * left out), and full test-evaluation time. Uses MovieLens-100K
 * from ../shared/data, or the embedded synthetic dataset when it is absent.
 */
export async function benchTraining(epochs = 3): Promise<TrainingBench> {
  const config = protocolConfig('sasrec', BENCH_DATASETS['movielens-100k'].dropout, epochs);
  config.train.evalEvery = epochs;
  let name = 'movielens-100k';
  let split = loadBenchSplit('movielens-100k', config);
  if (split === undefined) {
    name = 'synthetic';
    const dataset = preprocess(generateSyntheticDataset(), config.data).dataset;
    split = withSeenItems(
      leaveOneOutSplit(dataset, config.data, config.seed).split,
      dataset.sequences,
    );
  }
  const ours = await runOurs(split, config, name);
  const ref = runReference(split, config);
  const sequences = split.train.filter((seq) => seq.length >= 2).length;
  const oursEpoch = steadyEpochSeconds(ours.epochs);
  const oursFigures = {
    trainSequencesPerSecond: sequences / oursEpoch,
    secondsPerEpoch: oursEpoch,
    testEvaluationSeconds: ours.timings.testEvaluation,
  };
  if (typeof ref === 'string') {
    return {
      dataset: name,
      epochs,
      ours: oursFigures,
      reference: ref,
      trainSpeedRatio: null,
      evalSpeedRatio: null,
    };
  }
  const refEpoch = steadyEpochSeconds(ref.epochs);
  const refFigures = {
    trainSequencesPerSecond: sequences / refEpoch,
    secondsPerEpoch: refEpoch,
    testEvaluationSeconds: ref.testEvaluationSeconds,
  };
  return {
    dataset: name,
    epochs,
    ours: oursFigures,
    reference: refFigures,
    trainSpeedRatio: oursFigures.trainSequencesPerSecond / refFigures.trainSequencesPerSecond,
    evalSpeedRatio: refFigures.testEvaluationSeconds / oursFigures.testEvaluationSeconds,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchTraining().then((result) => console.log(JSON.stringify(result, null, 2)));
}
