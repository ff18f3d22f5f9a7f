import { init, profiler } from '@jax-js/jax';
import { pathToFileURL } from 'node:url';
import type { Split } from '../src/dataset/types';
import { createRecommender } from '../src/models/createRecommender';
import { epochBatches, stepsPerEpoch } from '../src/training/batches';
import { BENCH_DATASETS, movieLensOrSynthetic, protocolConfig } from './training';
import { cpuMs, median } from './cpuTime';

/** Time spent in one kind of device dispatch during the traced steps. */
export interface KernelGroup {
  /** jax-js trace label (`Kernel[size]` or a routine name) and the kernel expression. */
  kernel: string;
  /** Dispatches per step. */
  perStep: number;
  /** Milliseconds per step. */
  msPerStep: number;
}

/** Per-step costs of the jitted training step, with its most expensive kernels. */
export interface KernelProfile {
  model: 'sasrec' | 'hstu';
  dataset: string;
  steps: number;
  /** Median process CPU milliseconds per full-batch step (other processes do not count). */
  cpuMsPerStep: number;
  /** Sum of the traced dispatch times per step. */
  kernelMsPerStep: number;
  dispatchesPerStep: number;
  /** Per-step totals by trace label (kernel output size or routine). */
  byLabel: KernelGroup[];
  /** The `top` most expensive kernels, expressions cut to 160 characters. */
  top: KernelGroup[];
  /** Median CPU milliseconds of `encodeUsers` over every training user. */
  encodeUsersCpuMs: number;
}

/** Last `maxHistory` items (+1, left-padded) of every training sequence, [users, maxHistory]. */
function lastHistories(split: Split, maxHistory: number): Int32Array {
  const out = new Int32Array(split.train.length * maxHistory);
  split.train.forEach((seq, u) => {
    const kept = seq.subarray(Math.max(0, seq.length - maxHistory));
    for (let j = 0; j < kept.length; j++)
      out[u * maxHistory + maxHistory - kept.length + j] = kept[j] + 1;
  });
  return out;
}

/**
 * Traces `steps` full-batch training steps of SASRec or HSTU (README protocol, MovieLens-100K or the
 * synthetic dataset) with jax-js's profiler and sums the dispatch times per kernel: where a
 * step's time goes on the Wasm backend. Also times `encodeUsers` over every training user.
 */
export async function profileTrainingKernels(
  model: 'sasrec' | 'hstu' = 'sasrec',
  steps = 5,
  top = 25,
): Promise<KernelProfile> {
  await init('wasm');
  const config = protocolConfig(model, BENCH_DATASETS['movielens-100k'].dropout, 1);
  const { name: dataset, split } = await movieLensOrSynthetic(config);
  const maxHistory = config.data.maxHistory;
  const recommender = createRecommender(config.model, {
    numItems: split.numItems,
    maxSeqLen: maxHistory,
    train: config.train,
    totalSteps: stepsPerEpoch(split.train, config.train.batchSize),
    seed: config.seed,
  });
  const full = epochBatches(split.train, {
    maxHistory,
    batchSize: config.train.batchSize,
    seed: config.seed,
    epoch: 0,
  }).batches.filter((b) => b.batchSize === config.train.batchSize);
  const batchAt = (i: number) => full[i % full.length];
  for (let i = 0; i < 2; i++) await recommender.trainStep(batchAt(i));

  const cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const since = process.cpuUsage();
    await recommender.trainStep(batchAt(i));
    cpu.push(cpuMs(since));
  }

  performance.clearMeasures();
  profiler.startTrace();
  for (let i = 0; i < steps; i++) await recommender.trainStep(batchAt(i));
  profiler.stopTrace();
  const groups = new Map<string, { label: string; count: number; ms: number }>();
  for (const entry of performance.getEntriesByType('measure')) {
    const detail = (entry as PerformanceMeasure).detail as {
      devtools?: { properties?: [string, string][] };
    } | null;
    const props = Object.fromEntries(detail?.devtools?.properties ?? []);
    const what = `${props.exp ?? props.inputShapes ?? ''} ${props.reduction ?? ''}`.trim();
    const key = `${entry.name} ${what}`;
    const group = groups.get(key) ?? { label: entry.name, count: 0, ms: 0 };
    group.count += 1;
    group.ms += entry.duration;
    groups.set(key, group);
  }
  performance.clearMeasures();
  const perStep = (count: number, ms: number, kernel: string): KernelGroup => ({
    kernel,
    perStep: count / steps,
    msPerStep: ms / steps,
  });
  const byLabel = new Map<string, { count: number; ms: number }>();
  for (const g of groups.values()) {
    const sum = byLabel.get(g.label) ?? { count: 0, ms: 0 };
    sum.count += g.count;
    sum.ms += g.ms;
    byLabel.set(g.label, sum);
  }
  const all = [...groups.entries()].map(([key, g]) => perStep(g.count, g.ms, key.slice(0, 160)));

  const users = split.train.length;
  const histories = lastHistories(split, maxHistory);
  await recommender.encodeUsers(histories, users, maxHistory);
  const encode: number[] = [];
  for (let r = 0; r < 3; r++) {
    const since = process.cpuUsage();
    await recommender.encodeUsers(histories, users, maxHistory);
    encode.push(cpuMs(since));
  }
  recommender.dispose();

  return {
    model,
    dataset,
    steps,
    cpuMsPerStep: median(cpu),
    kernelMsPerStep: all.reduce((s, g) => s + g.msPerStep, 0),
    dispatchesPerStep: all.reduce((s, g) => s + g.perStep, 0),
    byLabel: [...byLabel.entries()]
      .map(([label, s]) => perStep(s.count, s.ms, label))
      .sort((a, b) => b.msPerStep - a.msPerStep),
    top: all.sort((a, b) => b.msPerStep - a.msPerStep).slice(0, top),
    encodeUsersCpuMs: median(encode),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const model = process.argv[2] === 'hstu' ? 'hstu' : 'sasrec';
  profileTrainingKernels(model).then((result) => console.log(JSON.stringify(result, null, 2)));
}
