import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init } from '@jax-js/jax';
import { findSiblings, readInputFile } from '../src/cli/nodeFiles';
import type { RunConfig } from '../src/config/runConfig';
import type { Dataset, Split } from '../src/dataset/types';
import { prepareExperiment, runExperiment } from '../src/pipeline/runExperiment';
import type { Metrics } from '../src/evaluation/metrics';
import { parityConfig } from './sweep/protocol';
import { ingest } from '../src/ingestion/ingest';
import type { RunRecord } from '../src/runs/runRecord';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import { trainReference } from './trainReference';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Public datasets shared beside the repository (see ../shared/data/README.md). */
export const SHARED_DATA = path.resolve(ROOT, '..', 'shared', 'data');
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

/** A dataset of the benches, raw, and as the pipeline prepares it for a config. */
export interface BenchExperiment {
  name: string;
  raw: Dataset;
  /** The split the pipeline trains on (cases carry `seen`, the README protocol's mask). */
  split: Split;
}

/** Reads a shared dataset, or returns undefined when ../shared/data lacks it. */
export function loadBenchDataset(name: BenchDatasetName): Dataset | undefined {
  const file = path.join(SHARED_DATA, BENCH_DATASETS[name].file);
  if (!existsSync(file)) return undefined;
  const siblings = findSiblings(file);
  return ingest({
    interactions: [file, ...siblings.interactions].map(readInputFile),
    items: siblings.items.map(readInputFile),
  }).dataset;
}

/** `raw` prepared for `config` by the run pipeline (preprocess, split). */
export async function benchExperiment(
  name: string,
  raw: Dataset,
  config: RunConfig,
): Promise<BenchExperiment> {
  return { name, raw, split: (await prepareExperiment(raw, config)).split };
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
 * Runs scripts/reference/train_reference.py on the same split and config with `threads` torch
 * threads over a one-thread OpenBLAS (torch and OpenBLAS both at 2 threads oversubscribe 2 cores and
 * run ~2.5× slower than one thread here); returns a reason string instead when torch is not installed.
 */
export function runReference(
  split: Split,
  config: RunConfig,
  threads = 1,
): ReferenceResult | string {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return `PyTorch not available at ${PYTHON}; reference skipped`;
  return trainReference<ReferenceResult>(split, config, {
    python: PYTHON,
    repoRoot: ROOT,
    threads,
  });
}

/** Trains `raw` with `config` through the run pipeline on Wasm and returns the run record. */
export async function runOurs(raw: Dataset, config: RunConfig): Promise<RunRecord> {
  await init('wasm');
  let failure = '';
  const { result } = await runExperiment(raw, config, {
    device: 'wasm (Node.js)',
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

/** Training and evaluation speed of one side at one thread count. */
export interface SpeedFigures {
  threads: number;
  trainSequencesPerSecond: number;
  secondsPerEpoch: number;
  testEvaluationSeconds: number;
}

/** Our speed over the reference's at one pairing of thread counts. */
export interface SpeedRatio {
  /** Both sides at the same thread count, or each at its fastest. */
  pairing: 'equal threads' | 'fastest of each';
  oursThreads: number;
  referenceThreads: number;
  /** Our training throughput over the reference's (target ≥ 0.5). */
  train: number;
  /** The reference's evaluation time over ours (≥ 1 means we are faster). */
  eval: number;
}

/** Figures of the side-by-side training benchmark. */
export interface TrainingBench {
  dataset: string;
  epochs: number;
  ours: SpeedFigures[];
  /** One entry per thread count, or why the reference was skipped. */
  reference: SpeedFigures[] | string;
  /** Equal thread counts, then each side at its fastest thread count. */
  ratios: SpeedRatio[];
}

/**
 * MovieLens-100K prepared for `config` (from ../shared/data), or the embedded synthetic dataset
 * when the shared data is absent; `name` says which.
 */
export function movieLensOrSynthetic(config: RunConfig): Promise<BenchExperiment> {
  const raw = loadBenchDataset('movielens-100k');
  return raw !== undefined
    ? benchExperiment('movielens-100k', raw, config)
    : benchExperiment('synthetic', generateSyntheticDataset(), config);
}

/** The README-protocol SASRec config of this benchmark, and the experiment it trains. */
export async function speedBenchSplit(
  epochs: number,
): Promise<{ config: RunConfig } & BenchExperiment> {
  const config = protocolConfig('sasrec', BENCH_DATASETS['movielens-100k'].dropout, epochs);
  config.train.evalEvery = epochs;
  return { config, ...(await movieLensOrSynthetic(config)) };
}

/** Speed figures of a run from its per-epoch training seconds (first epoch left out). */
function figures(
  threads: number,
  sequences: number,
  epochs: readonly { trainSeconds: number }[],
  testEvaluationSeconds: number,
): SpeedFigures {
  const secondsPerEpoch = steadyEpochSeconds(epochs);
  return {
    threads,
    trainSequencesPerSecond: sequences / secondsPerEpoch,
    secondsPerEpoch,
    testEvaluationSeconds,
  };
}

/** Our side in a child process (jax-js picks its Wasm thread pool when it loads). */
function oursInChild(threads: number, epochs: number): SpeedFigures {
  const dir = mkdtempSync(path.join(tmpdir(), 'hllm-speed-'));
  try {
    const out = path.join(dir, 'ours.json');
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'bench', 'trainingChild.ts'),
        String(threads),
        String(epochs),
        out,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (child.status !== 0)
      throw new Error(`bench/trainingChild.ts failed (${child.status}):\n${child.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as SpeedFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our figures at one thread count, in this process (the child entry calls it). */
export async function oursSpeed(threads: number, epochs: number): Promise<SpeedFigures> {
  const { config, raw, split } = await speedBenchSplit(epochs);
  const run = await runOurs(raw, config);
  const sequences = split.train.filter((seq) => seq.length >= 2).length;
  return figures(threads, sequences, run.epochs, run.timings.testEvaluation);
}

function ratio(pairing: SpeedRatio['pairing'], ours: SpeedFigures, ref: SpeedFigures): SpeedRatio {
  return {
    pairing,
    oursThreads: ours.threads,
    referenceThreads: ref.threads,
    train: ours.trainSequencesPerSecond / ref.trainSequencesPerSecond,
    eval: ref.testEvaluationSeconds / ours.testEvaluationSeconds,
  };
}

/**
 * SASRec (the README protocol) trained for `epochs` epochs (capped: a speed measurement, not a
 * converged model) by our trainer on Wasm and by the PyTorch reference on the same split, each at
 * 1 thread and at every core of the machine: training sequences/s and seconds per epoch (epochs
 * after the first, so jit compilation is left out), and full test-evaluation time. Uses
 * MovieLens-100K from ../shared/data, or the embedded synthetic dataset when it is absent.
 */
export async function benchTraining(epochs = 3): Promise<TrainingBench> {
  const threadCounts = [...new Set([1, availableParallelism()])];
  const { config, name, split } = await speedBenchSplit(epochs);
  const sequences = split.train.filter((seq) => seq.length >= 2).length;
  const ours = threadCounts.map((threads) => oursInChild(threads, epochs));
  const refs: SpeedFigures[] = [];
  for (const threads of threadCounts) {
    const ref = runReference(split, config, threads);
    if (typeof ref === 'string') return { dataset: name, epochs, ours, reference: ref, ratios: [] };
    refs.push(figures(threads, sequences, ref.epochs, ref.testEvaluationSeconds));
  }
  const fastest = (side: SpeedFigures[]) =>
    side.reduce((a, b) => (b.trainSequencesPerSecond > a.trainSequencesPerSecond ? b : a));
  const ratios = ours.map((o, i) => ratio('equal threads', o, refs[i]));
  ratios.push(ratio('fastest of each', fastest(ours), fastest(refs)));
  return { dataset: name, epochs, ours, reference: refs, ratios };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchTraining().then((result) => console.log(JSON.stringify(result, null, 2)));
}
