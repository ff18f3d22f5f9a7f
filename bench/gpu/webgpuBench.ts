// The WebGPU side of the GPU bench, in Node through Dawn (the `webgpu` package):
//   webgpuBench specs <specs.json> [--quick]           the configurations, for bench/gpu/torch_bench.py
//   webgpuBench run <webgpu.json> [--quick] [--only a,b] [--budget-s N]
//   webgpuBench report <webgpu.json> <torch.json> <report.md>
// `npm run bench -- webgpu` runs the quick sizes through tsx; bench/gpu/run.sh runs the bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { init } from '@jax-js/jax';
import { detectDevice } from '../../src/compute/detectDevice';
import { deviceLabel } from '../../src/compute/deviceInfo';
import type { EvalCase, SplitSlices } from '../../src/dataset/types';
import { evaluateRecommender } from '../../src/evaluation/evaluate';
import { loadLlamaCheckpoint } from '../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { createHllm } from '../../src/models/hllm/createHllm';
import { createRecommender } from '../../src/models/createRecommender';
import type { Recommender, TrainBatch } from '../../src/models/recommender';
import { defaultRunConfig } from '../../src/config/defaults';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';
import { writeRandomCheckpoint } from '../../scripts/randomCheckpoint';
import {
  gpuCases,
  hllmModel,
  type EvalSpec,
  type GpuBenchSize,
  type GpuCaseSpec,
  type HllmStepSpec,
  type IdStepSpec,
} from './cases';
import { installDawn } from './dawn';
import { formatGpuReport, parseGpuBenchRun, type GpuBenchRun, type GpuCaseResult } from './report';

const GIB = 2 ** 30;

/** A small deterministic generator (mulberry32) for the random batches. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** [batch, seq] full histories of random items (+1 encoded) and their random next items. */
export function randomBatch(
  batch: number,
  seq: number,
  numItems: number,
  seed: number,
): TrainBatch {
  const next = generator(seed);
  const item = () => 1 + Math.floor(next() * numItems);
  const inputs = Int32Array.from({ length: batch * seq }, item);
  const targets = Int32Array.from({ length: batch * seq }, item);
  return { batchSize: batch, seqLen: seq, inputs, targets };
}

/** Times `steps` calls of `step` after `warmup` untimed ones (each call awaits its result on the host). */
async function timeSteps(
  warmup: number,
  steps: number,
  step: (i: number) => Promise<unknown>,
): Promise<{ warmupSeconds: number; secondsPerStep: number }> {
  const t0 = performance.now();
  for (let i = 0; i < warmup; i++) await step(i);
  const t1 = performance.now();
  for (let i = 0; i < steps; i++) await step(warmup + i);
  const t2 = performance.now();
  return { warmupSeconds: (t1 - t0) / 1000, secondsPerStep: (t2 - t1) / 1000 / steps };
}

function result(
  spec: GpuCaseSpec,
  flopsPerStep: number,
  sequencesPerStep: number,
  setupSeconds: number,
  secondsPerStep: number,
): GpuCaseResult {
  return {
    name: spec.name,
    kind: spec.kind,
    secondsPerStep,
    sequencesPerSecond: sequencesPerStep / secondsPerStep,
    flopsPerStep,
    tflops: flopsPerStep / secondsPerStep / 1e12,
    steps: spec.steps,
    setupSeconds,
  };
}

/**
 * Times `spec.steps` training steps of `model` over random batches of `history` items from a
 * catalogue of `numItems` (after `spec.warmup` untimed ones), then disposes of it; the set-up time
 * is what passed since `started` besides the timed steps.
 */
async function timeTraining(
  spec: IdStepSpec | HllmStepSpec,
  model: Recommender,
  started: number,
  history: number,
  numItems: number,
): Promise<GpuCaseResult> {
  try {
    const timed = await timeSteps(spec.warmup, spec.steps, (i) =>
      model.trainStep(randomBatch(spec.batchSize, history, numItems, i)),
    );
    const setup = (performance.now() - started) / 1000 - timed.secondsPerStep * spec.steps;
    return result(
      spec,
      model.flopsPerStep ?? spec.flopsPerStep,
      spec.batchSize,
      setup,
      timed.secondsPerStep,
    );
  } finally {
    model.dispose();
  }
}

async function idStep(spec: IdStepSpec): Promise<GpuCaseResult> {
  const started = performance.now();
  const model = createRecommender(spec.model, {
    numItems: spec.numItems,
    maxSeqLen: spec.maxLen,
    train: spec.train,
    totalSteps: spec.warmup + spec.steps,
    seed: 42,
  });
  return timeTraining(spec, model, started, spec.maxLen, spec.numItems);
}

/** `users` cases of full random histories, each with a random target. */
function evalCases(spec: EvalSpec): EvalCase[] {
  const batch = randomBatch(spec.users, spec.maxLen, spec.numItems, 7);
  return Array.from({ length: spec.users }, (_, u) => ({
    user: u,
    history: batch.inputs.subarray(u * spec.maxLen, (u + 1) * spec.maxLen).map((i) => i - 1),
    target: batch.targets[u * spec.maxLen] - 1,
  }));
}

async function evalPass(spec: EvalSpec): Promise<GpuCaseResult> {
  const started = performance.now();
  const model = createRecommender(spec.model, {
    numItems: spec.numItems,
    maxSeqLen: spec.maxLen,
    train: spec.train,
    totalSteps: 1,
    seed: 42,
  });
  try {
    const cases = evalCases(spec);
    const none = new Int32Array(0);
    const slices: SplitSlices = {
      all: Int32Array.from(cases.keys()),
      cold: none,
      longtail: none,
      short: none,
    };
    const settings = { maxHistory: spec.maxLen, similarity: 'dot' as const, chunkSize: spec.chunk };
    const timed = await timeSteps(spec.warmup, spec.steps, () =>
      evaluateRecommender(model, cases, slices, settings),
    );
    const setup = (performance.now() - started) / 1000 - timed.secondsPerStep * spec.steps;
    return result(spec, spec.flopsPerStep, spec.users, setup, timed.secondsPerStep);
  } finally {
    model.dispose();
  }
}

async function hllmStep(spec: HllmStepSpec, budgetBytes: number): Promise<GpuCaseResult> {
  const started = performance.now();
  const dir = path.join(tmpdir(), 'hllm-gpu-bench', `smollm2-135m-${spec.checkpointLayers}l`);
  await writeRandomCheckpoint('smollm2-135m', dir, {
    numLayers: spec.checkpointLayers,
    ...(process.env.HLLM_TOKENIZER_DIR ? { tokenizerDir: process.env.HLLM_TOKENIZER_DIR } : {}),
  });
  const checkpoint = await loadLlamaCheckpoint(createLocalModelFiles(dir));
  const items = generateSyntheticDataset({ seed: 1, numItems: spec.catalogueItems }).itemText;
  const train = {
    ...defaultRunConfig('hllm').train,
    batchSize: spec.batchSize,
    numNegatives: spec.negatives,
    warmupSteps: 0,
    epochs: 1,
  };
  const model: Recommender = await createHllm(
    hllmModel(spec.mode, dir, checkpoint.config, spec.textTokens),
    {
      numItems: spec.catalogueItems,
      maxSeqLen: spec.history,
      train,
      totalSteps: spec.warmup + spec.steps,
      seed: 42,
    },
    {
      items: items.slice(0, spec.catalogueItems),
      itemLlm: {
        source: dir,
        config: checkpoint.config,
        weights: checkpoint.params,
        tokenizer: checkpoint.tokenizer,
      },
      memoryBudgetBytes: budgetBytes,
    },
  );
  return timeTraining(spec, model, started, spec.history, spec.catalogueItems);
}

function failed(spec: GpuCaseSpec, error: string): GpuCaseResult {
  return {
    name: spec.name,
    kind: spec.kind,
    secondsPerStep: null,
    sequencesPerSecond: null,
    flopsPerStep: spec.flopsPerStep,
    tflops: null,
    steps: 0,
    setupSeconds: null,
    error,
  };
}

/** Options of a WebGPU bench run. */
export interface WebgpuBenchOptions {
  size: GpuBenchSize;
  /** Case names to run (all when absent). */
  only?: string[];
  /** Cases not started after this many seconds are reported as skipped. */
  budgetSeconds?: number;
  /** Hears the run so far after each case (to write it before a time limit can cut the run short). */
  onCase?: (run: GpuBenchRun) => void;
}

function versionOf(pkg: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (
      JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    // In the bundle only `webgpu` keeps its package.json; packGpuBench defines jax-js's version.
    const bundled = pkg === '@jax-js/jax' ? process.env.BUNDLED_JAXJS_VERSION : undefined;
    return bundled ?? 'unknown';
  }
}

/**
 * Runs the bench's configurations on jax-js's WebGPU backend through Dawn: each case's warm-up
 * steps (shader compilation), then its timed steps; a failing case is reported and the rest run.
 */
export async function benchWebgpu(options: WebgpuBenchOptions): Promise<GpuBenchRun> {
  const route = await installDawn();
  const info = await detectDevice();
  if (info.kind !== 'webgpu') throw new Error(`jax-js did not start on WebGPU: ${info.reason}`);
  await init('webgpu');
  const device = `${deviceLabel(info)}${info.description ? ` ${info.description}` : ''}, Dawn ${route}${info.shaderF16 ? ', shader-f16' : ''}`;
  console.log(`webgpu bench on ${device}`);
  const started = performance.now();
  const budgetBytes = (options.size === 'quick' ? 4 : 16) * GIB;
  const cases: GpuCaseResult[] = [];
  const run: GpuBenchRun = {
    side: 'webgpu',
    device,
    runtime: `node ${process.version}, webgpu ${versionOf('webgpu')} (Dawn), @jax-js/jax ${versionOf('@jax-js/jax')}`,
    size: options.size,
    date: new Date().toISOString(),
    cases,
  };
  for (const spec of gpuCases(options.size)) {
    if (options.only !== undefined && !options.only.includes(spec.name)) continue;
    const elapsed = (performance.now() - started) / 1000;
    if (options.budgetSeconds !== undefined && elapsed > options.budgetSeconds) {
      cases.push(failed(spec, `skipped: the ${options.budgetSeconds} s budget was spent`));
      continue;
    }
    try {
      const r =
        spec.kind === 'id-step'
          ? await idStep(spec)
          : spec.kind === 'eval'
            ? await evalPass(spec)
            : await hllmStep(spec, budgetBytes);
      cases.push(r);
    } catch (error) {
      cases.push(failed(spec, error instanceof Error ? error.message : String(error)));
    }
    console.log(JSON.stringify(cases[cases.length - 1]));
    options.onCase?.(run);
  }
  return run;
}

/**
 * `npm run bench -- webgpu`: the WebGPU side in a child process (Dawn keeps its process alive), at
 * the quick sizes unless `GPU_BENCH_SIZE=full`; the PyTorch side and the report are run.sh's.
 */
export function benchWebgpuInChild(): GpuBenchRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'hllm-webgpu-'));
  try {
    const out = path.join(dir, 'webgpu.json');
    const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
    const size = process.env.GPU_BENCH_SIZE === 'full' ? [] : ['--quick'];
    const child = spawnSync(process.execPath, ['--import', 'tsx', main, 'run', out, ...size], {
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error(`bench/gpu/main.ts failed (exit ${child.status})`);
    return parseGpuBenchRun(JSON.parse(readFileSync(out, 'utf8')), out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readRun(file: string): GpuBenchRun | null {
  if (!existsSync(file)) return null;
  return parseGpuBenchRun(JSON.parse(readFileSync(file, 'utf8')), file);
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/** The command line above. */
export async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  const size: GpuBenchSize = rest.includes('--quick') ? 'quick' : 'full';
  if (command === 'specs' && rest[0] !== undefined) {
    writeFileSync(rest[0], `${JSON.stringify({ size, cases: gpuCases(size) }, null, 2)}\n`);
  } else if (command === 'run' && rest[0] !== undefined) {
    const budget = flag(rest, '--budget-s');
    const write = (run: GpuBenchRun) => writeFileSync(rest[0], `${JSON.stringify(run, null, 2)}\n`);
    write(
      await benchWebgpu({
        size,
        only: flag(rest, '--only')?.split(','),
        ...(budget === undefined ? {} : { budgetSeconds: Number(budget) }),
        onCase: write,
      }),
    );
  } else if (command === 'report' && rest.length === 3) {
    const report = formatGpuReport(readRun(rest[0]), readRun(rest[1]));
    writeFileSync(rest[2], `${report}\n`);
    console.log(report);
  } else {
    throw new Error(
      'usage: webgpuBench specs <specs.json> [--quick] | run <webgpu.json> [--quick] [--only a,b] [--budget-s N] | report <webgpu.json> <torch.json> <report.md>',
    );
  }
}
