import { init } from '@jax-js/jax';
import { pathToFileURL } from 'node:url';
import { evaluateRecommender } from '../src/evaluation/evaluate';
import { packHistories } from '../src/evaluation/histories';
import { createItemScorer } from '../src/evaluation/itemScorer';
import { HistoryMask, rankOfTarget, topItems } from '../src/evaluation/ranking';
import { createRecommender } from '../src/models/createRecommender';
import { stepsPerEpoch } from '../src/training/batches';
import { BENCH_DATASETS, movieLensOrSynthetic, protocolConfig } from './training';
import { cpuMs, median } from './cpuTime';

/** CPU milliseconds of each part of one full-ranking test evaluation (median of the repeats). */
export interface EvaluationProfile {
  dataset: string;
  users: number;
  items: number;
  repeats: number;
  /** The whole evaluation as the trainer runs it (top 10 kept), CPU ms: median, min, max. */
  totalCpuMs: [number, number, number];
  /** Its wall-clock ms: median, min, max. */
  totalWallMs: [number, number, number];
  /** Item vectors (encodeItems) and their upload, CPU ms. */
  itemsCpuMs: number;
  /** User vectors of every case (encodeUsers), CPU ms. */
  usersCpuMs: number;
  /** The scoring products of every chunk with their reads, CPU ms. */
  scoringCpuMs: number;
  /** Masking, target ranks and top 10 on the host, CPU ms. */
  rankingCpuMs: number;
}

async function timed(repeats: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const since = process.cpuUsage();
    await fn();
    out.push(cpuMs(since));
  }
  return out;
}

/**
 * Where the time of SASRec's full-ranking test evaluation (README protocol, MovieLens-100K or the
 * synthetic dataset, untrained parameters: the work does not depend on them) goes on Wasm.
 */
export async function profileEvaluation(repeats = 7): Promise<EvaluationProfile> {
  await init('wasm');
  const config = protocolConfig('sasrec', BENCH_DATASETS['movielens-100k'].dropout, 1);
  const { name: dataset, split } = await movieLensOrSynthetic(config);
  const maxHistory = config.data.maxHistory;
  const model = createRecommender(config.model, {
    numItems: split.numItems,
    maxSeqLen: maxHistory,
    train: config.train,
    totalSteps: stepsPerEpoch(split.train, config.train.batchSize),
    seed: config.seed,
  });
  const cases = split.test;
  const settings = { maxHistory, similarity: 'dot' as const, chunkSize: 256, topK: 10 };
  const run = () => evaluateRecommender(model, cases, split.testSlices, settings);
  await run();
  const total: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const since = process.cpuUsage();
    const started = performance.now();
    await run();
    total.push(cpuMs(since));
    wall.push(performance.now() - started);
  }

  const items = await model.encodeItems();
  const itemsCpu = await timed(repeats, async () => {
    createItemScorer(await model.encodeItems(), model.numItems, model.dim, 'dot').dispose();
  });
  const histories = packHistories(cases, maxHistory);
  const usersCpu = await timed(repeats, () =>
    model.encodeUsers(histories, cases.length, maxHistory),
  );
  const users = await model.encodeUsers(histories, cases.length, maxHistory);
  const scorer = createItemScorer(items, model.numItems, model.dim, 'dot');
  const chunks: Float32Array[] = [];
  const scoringCpu = await timed(repeats, async () => {
    chunks.length = 0;
    for (let s = 0; s < cases.length; s += 256) {
      const n = Math.min(256, cases.length - s);
      chunks.push(await scorer.scoreChunk(users.subarray(s * model.dim), n));
    }
  });
  scorer.dispose();
  const mask = new HistoryMask(model.numItems);
  const rankingCpu = await timed(repeats, async () => {
    cases.forEach((c, i) => {
      const scores = chunks[Math.floor(i / 256)];
      const row = scores.subarray((i % 256) * model.numItems, ((i % 256) + 1) * model.numItems);
      mask.set(c.seen ?? c.history, c.target);
      rankOfTarget(row, c.target, mask);
      topItems(row, 10, mask);
    });
  });
  model.dispose();
  const range = (v: number[]): [number, number, number] => [
    median(v),
    Math.min(...v),
    Math.max(...v),
  ];
  return {
    dataset,
    users: cases.length,
    items: split.numItems,
    repeats,
    totalCpuMs: range(total),
    totalWallMs: range(wall),
    itemsCpuMs: median(itemsCpu),
    usersCpuMs: median(usersCpu),
    scoringCpuMs: median(scoringCpu),
    rankingCpuMs: median(rankingCpu),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  profileEvaluation().then((result) => console.log(JSON.stringify(result, null, 2)));
}
