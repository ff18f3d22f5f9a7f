import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { init } from '@jax-js/jax';
import { Tokenizer } from '@huggingface/tokenizers';
import { findSiblings, readInputFile } from '../../src/cli/nodeFiles';
import { defaultHllmConfig, defaultRunConfig, OFFICIAL_TRAINING } from '../../src/config/defaults';
import type { HllmConfig, RunConfig } from '../../src/config/runConfig';
import type { Dataset, Split } from '../../src/dataset/types';
import type { Metrics, SliceMetrics } from '../../src/evaluation/metrics';
import { evaluatePopularity } from '../../src/evaluation/popularity';
import { ingest } from '../../src/ingestion/ingest';
import { initScratchWeights, scratchLlamaConfig } from '../../src/itemEncoders/itemLlmModel';
import { createHllm } from '../../src/models/hllm/createHllm';
import type { ItemLlmSource } from '../../src/models/hllm/itemLlmSource';
import { splitFingerprint } from '../../src/runs/fingerprint';
import { usableTextFields } from '../../src/compute/hllmFeatures';
import { hashedSetup, type ModelSetup } from '../../src/pipeline/modelSetup';
import {
  prepareExperiment,
  runExperiment,
  type PreparedExperiment,
} from '../../src/pipeline/runExperiment';
import { budgetWatcher } from './budget';
import { isEntry } from './entry';
import { sweepEnv, type SweepEnv } from './env';
import { findJob, type SweepDataset, type SweepJob } from './jobs';
import { coldStartConfig, officialConfig, parityConfig } from './protocol';
import { trainReference } from '../trainReference';

/** Interaction file and dropout of each dataset (dropout as the README protocol). */
const DATASETS: Record<SweepDataset, { file: string; dropout: number }> = {
  'movielens-100k': { file: 'movielens-100k/u.data.gz', dropout: 0.2 },
  'amazon-scientific-unisrec': {
    file: 'amazon-scientific-unisrec/Scientific.train.inter.gz',
    dropout: 0.5,
  },
};

/** The HLLM Item LLM of the `frozen-random-llama` and `scratch-llama` jobs: 2 layers × 64. */
export const ITEM_LLM_SIZE = { layers: 2, width: 64 } as const;

/** Tokens of an item prompt kept for the Item LLM (the HLLM instruction takes 9 of them). */
export const HLLM_MAX_TEXT_TOKENS = 40;

/**
 * Batch and InfoNCE negatives of the scratch HLLM job (the frozen HLLM jobs keep the ID models'
 * 128 / 512): a joint step runs the Item LLM over every distinct item of the batch plus the
 * negatives, and jax-js Wasm has a 4 GiB heap (batch 128 / 512 ran out of it on MovieLens-100K,
 * batch 32 / 256 on Amazon Scientific, whose prompts fill the 40 tokens).
 */
export const SCRATCH_BATCH = { batchSize: 16, numNegatives: 128 } as const;

/**
 * Share of the budget an HLLM job keeps for evaluation until it has timed one validation: each
 * evaluation re-encodes the catalogue, and on Amazon Scientific the three after a cut first epoch
 * (its validation, the final one, the test) took ~280 s on a loaded 2-core machine.
 */
export const HLLM_EVAL_RESERVE = 0.45;

/** What one job writes to `OUT_DIR/<id>.json`. */
export interface JobResult {
  job: SweepJob;
  status: 'ok' | 'error';
  error?: string;
  /** Epoch cap actually used (the job's, or lower under `HLLM_MAX_EPOCHS`). */
  epochCap: number;
  /** Test metrics (×100) per slice at the best-validation epoch; reference jobs report `all` only. */
  test?: Partial<SliceMetrics>;
  epochsRun?: number;
  /** 1-based epoch whose parameters were tested. */
  bestEpoch?: number;
  stoppedEarly?: boolean;
  /** Whether the wall-clock budget ended training before early stopping or the cap. */
  cutByBudget?: boolean;
  /** Optimiser steps of the last epoch skipped when the budget ran out mid-epoch. */
  skippedSteps?: number;
  trainSeconds?: number;
  totalSeconds: number;
  budgetSeconds: number;
  split?: {
    fingerprint: string;
    numUsers: number;
    numItems: number;
    coldItems: number;
    testSliceSizes: Record<string, number>;
  };
  /** What the model is, exactly (Item LLM, embeddings, tokenizer), and other facts to report. */
  notes: string[];
  machine: { cpus: number; cpuModel: string; node: string };
}

/** Reads a dataset of the sweep from the data root (the interaction file with its siblings). */
export function loadSweepDataset(env: SweepEnv, dataset: SweepDataset): Dataset {
  const file = path.join(env.dataRoot, DATASETS[dataset].file);
  const siblings = findSiblings(file);
  return ingest({
    interactions: [file, ...siblings.interactions].map(readInputFile),
    items: siblings.items.map(readInputFile),
  }).dataset;
}

/** Loads a dataset from the data root, preprocesses and splits it as the pipeline does; cases carry `seen`. */
export async function loadSplit(
  env: SweepEnv,
  dataset: SweepDataset,
  config: RunConfig,
): Promise<{ dataset: Dataset; split: Split; coldItems: number }> {
  const prepared = await prepareExperiment(loadSweepDataset(env, dataset), config);
  return {
    dataset: prepared.dataset,
    split: prepared.split,
    coldItems: prepared.splitReport.coldItems,
  };
}

function baseConfig(job: SweepJob, epochs: number): RunConfig {
  const dropout = DATASETS[job.dataset].dropout;
  const kind = job.model === 'hstu' || job.model === 'reference-hstu' ? 'hstu' : 'sasrec';
  if (job.group === 'official') {
    const model = job.model === 'llmidrec' ? 'llmidrec' : kind;
    return officialConfig(model, dropout, epochs, job.seed, job.variant ?? 'official');
  }
  return job.group === 'parity'
    ? parityConfig(kind, dropout, epochs, job.seed)
    : coldStartConfig(kind, dropout, epochs, job.seed, job.coldFraction);
}

/** The run config of an HLLM job: the default User LLM (2 × 64), HLLM's InfoNCE defaults (batch 128, 512 negatives; `SCRATCH_BATCH` for the scratch Item LLM), the cold-start split. */
function hllmRunConfig(job: SweepJob, epochs: number): RunConfig {
  const base = baseConfig(job, epochs);
  const defaults = defaultRunConfig('hllm');
  const model: HllmConfig = { ...defaultHllmConfig(), maxTextTokens: HLLM_MAX_TEXT_TOKENS };
  return {
    ...base,
    model,
    train: {
      ...defaults.train,
      ...(job.itemEncoder === 'scratch-llama'
        ? SCRATCH_BATCH
        : { batchSize: 128, numNegatives: 512 }),
      epochs,
      patience: job.group === 'official' ? OFFICIAL_TRAINING.patience.hllm : 3,
      evalEvery: 1,
    },
  };
}

/** A seeded random Llama of `ITEM_LLM_SIZE` over the tokenizer in `dir` (transformers.js-free). */
function randomItemLlm(dir: string, seed: number): ItemLlmSource {
  const read = (name: string): object => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  const tokenizer = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
  let maxId = -1;
  for (const id of tokenizer.get_vocab(true).values()) maxId = Math.max(maxId, id);
  const config = scratchLlamaConfig(maxId + 1, ITEM_LLM_SIZE.layers, ITEM_LLM_SIZE.width);
  return {
    source: `random ${ITEM_LLM_SIZE.layers}×${ITEM_LLM_SIZE.width} Llama over ${dir}/tokenizer.json`,
    config,
    weights: initScratchWeights(config, seed),
    tokenizer: { encode: (text) => tokenizer.encode(text).ids },
  };
}

/** HLLM's item side of a job: hashed text features, or a random-init Llama Item LLM (frozen or trained). */
function hllmSetupOf(
  job: SweepJob,
  env: SweepEnv,
  config: RunConfig,
  dataset: Dataset,
): ModelSetup {
  if (config.model.kind !== 'hllm') throw new Error('hllmSetupOf needs an HLLM config');
  if (job.itemEncoder === 'hashed-bow') return hashedSetup(config, dataset);
  const itemLlm = randomItemLlm(env.tokenizerDir, config.seed);
  const scratch = job.itemEncoder === 'scratch-llama';
  const model: HllmConfig = {
    ...config.model,
    textFields: usableTextFields(config.model, dataset),
    itemEncoder: scratch
      ? { kind: 'scratch', tokenizer: env.tokenizerDir, ...ITEM_LLM_SIZE }
      : { kind: 'frozen', model: itemLlm.source, pooling: 'last' },
  };
  return {
    config: { ...config, model },
    note: `HLLM, Item LLM ${itemLlm.source} (random init, ${scratch ? 'trained jointly with the User LLM' : 'frozen: [ITEM] embeddings computed once'}), prompts of [${model.textFields.join(', ')}] cut to ${model.maxTextTokens} tokens.`,
    createModel: (init, onPass, onPlan) =>
      createHllm(model, init, { items: dataset.itemText, itemLlm, onPass, onPlan }),
  };
}

/** The reference trainer's output fields the sweep reads. */
interface ReferenceOutput {
  torch: string;
  bestEpoch: number;
  trainSeconds: number;
  epochs: unknown[];
  test: Metrics;
}

function runReference(
  env: SweepEnv,
  split: Split,
  config: RunConfig,
  timeoutMs: number,
): ReferenceOutput {
  return trainReference<ReferenceOutput>(split, config, {
    python: env.python,
    repoRoot: env.repoRoot,
    timeoutMs,
  });
}

/**
 * Runs one sweep job to completion within `env.budgetSeconds` and returns its result (never
 * throws for a failing job: the error is in the result). Ours train on jax-js Wasm, one thread.
 */
export async function runJob(job: SweepJob, env: SweepEnv = sweepEnv()): Promise<JobResult> {
  const started = performance.now();
  const deadline = started + env.budgetSeconds * 1000;
  const epochCap = Math.min(job.epochs, env.maxEpochs ?? job.epochs);
  const cpus = os.cpus();
  const result: JobResult = {
    job,
    status: 'ok',
    epochCap,
    totalSeconds: 0,
    budgetSeconds: env.budgetSeconds,
    notes: [],
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version },
  };
  try {
    const config = job.model === 'hllm' ? hllmRunConfig(job, epochCap) : baseConfig(job, epochCap);
    const raw = loadSweepDataset(env, job.dataset);
    const recordSplit = (prepared: PreparedExperiment) => {
      const { split } = prepared;
      result.split = {
        fingerprint: splitFingerprint(split),
        numUsers: split.numUsers,
        numItems: split.numItems,
        coldItems: prepared.splitReport.coldItems,
        testSliceSizes: Object.fromEntries(
          Object.entries(split.testSlices).map(([name, cases]) => [name, cases.length]),
        ),
      };
    };
    if (job.model === 'popularity') {
      const prepared = await prepareExperiment(raw, config);
      recordSplit(prepared);
      const { split } = prepared;
      result.test = (
        await evaluatePopularity(split.itemTrainCount, split.test, split.testSlices)
      ).metrics;
      result.notes.push('Popularity: items ranked by training count.');
    } else if (job.model === 'reference-sasrec' || job.model === 'reference-hstu') {
      const prepared = await prepareExperiment(raw, config);
      recordSplit(prepared);
      const ref = runReference(env, prepared.split, config, deadline - performance.now());
      result.test = { all: ref.test };
      result.epochsRun = ref.epochs.length;
      result.bestEpoch = ref.bestEpoch + 1;
      result.stoppedEarly = ref.epochs.length < epochCap;
      result.cutByBudget = false;
      result.trainSeconds = ref.trainSeconds;
      result.notes.push(`PyTorch reference (torch ${ref.torch}, 1 thread); test slice all only.`);
    } else {
      if (config.model.kind === 'hllm') {
        const user = config.model.user;
        result.notes.push(
          `HLLM User LLM: ${user.numLayers} layers × ${user.hiddenSize} (random init).`,
        );
      }
      const budget = budgetWatcher(
        config.train,
        deadline,
        undefined,
        job.model === 'hllm' ? HLLM_EVAL_RESERVE : 0.25,
      );
      let failure = '';
      await init('wasm');
      const { result: trained } = await runExperiment(raw, config, {
        device: 'wasm (Node.js)',
        hllmSetup: (c, dataset) => Promise.resolve(hllmSetupOf(job, env, c, dataset)),
        onPrepared: (prepared) => {
          recordSplit(prepared);
          if (prepared.setup !== null) result.notes.push(prepared.setup.note);
        },
        wrapModel: (model) => budget.wrap(model),
        onEvent: (event) => {
          budget.onEvent(event);
          if (event.kind === 'error') failure = `${event.code}: ${event.message}`;
          if (event.kind === 'epoch') {
            const valid = event.valid ? ` valid N@10 ${event.valid['N@10'].toFixed(2)}` : '';
            process.stderr.write(
              `${job.id} epoch ${event.epoch + 1} loss ${event.loss.toFixed(4)}${valid} (${event.seconds.toFixed(1)} s)\n`,
            );
          }
        },
      });
      if (trained === null) throw new Error(`training failed: ${failure}`);
      trained.model.dispose();
      const run = trained.run;
      result.test = run.final.test;
      result.epochsRun = run.epochs.length;
      result.bestEpoch = run.bestEpoch + 1;
      result.stoppedEarly = run.stoppedEarly;
      result.cutByBudget = budget.state.cut;
      result.trainSeconds = run.timings.train;
      result.skippedSteps = budget.state.skippedSteps;
      if (budget.state.cut) {
        const skipped = budget.state.skippedSteps;
        result.notes.push(
          `Wall-clock budget (${env.budgetSeconds} s): epoch ${(budget.state.cutAfterEpoch ?? 0) + 1} of ${epochCap} made the last` +
            (skipped > 0
              ? `, its last ${skipped} of ${run.epochs[run.epochs.length - 1].steps} steps skipped.`
              : '.'),
        );
      }
    }
  } catch (error) {
    result.status = 'error';
    result.error = error instanceof Error ? error.message : String(error);
  }
  result.totalSeconds = (performance.now() - started) / 1000;
  return result;
}

/** Runs job `id` and writes `outDir/<id>.json`; returns the result. */
export async function runJobToFile(id: string, outDir: string, env?: SweepEnv): Promise<JobResult> {
  const result = await runJob(findJob(id), env);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `${id}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (isEntry(import.meta.url, 'runJob')) {
  const [id, outDir] = process.argv.slice(2);
  if (id === undefined || outDir === undefined) {
    process.stderr.write('usage: runJob JOB_ID OUT_DIR\n');
    process.exit(2);
  }
  runJobToFile(id, outDir).then((result) => {
    process.stderr.write(
      `${id}: ${result.status}${result.error ? ` (${result.error})` : ''} in ${result.totalSeconds.toFixed(1)} s\n`,
    );
    process.exit(result.status === 'ok' ? 0 : 1);
  });
}
