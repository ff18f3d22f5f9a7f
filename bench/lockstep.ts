/**
 * Lock-step check of our SASRec trainer against the PyTorch reference on the parity protocol
 * (MovieLens-100K, bench/sweep/protocol.ts): trains ours for some epochs, records every step's
 * batch, negatives, dropout seed and loss, then scripts/reference/lockstep.py replays the same
 * steps in PyTorch from our initial weights (with our dropout masks, rebuilt from the seeds) and
 * compares the losses step by step and the final weights; the reference's evaluation then ranks
 * the validation and test targets with our trained weights, to compare with our ranks. Any
 * difference in the model, loss, gradients, optimiser, schedule, dropout placement or evaluation
 * shows up.
 *
 *   npx tsx bench/lockstep.ts OUT_DIR [--epochs 30] [--dropout 0.2] [--seed 42]
 *
 * The negatives and dropout seeds are re-drawn here from the streams createRecommender uses
 * (deriveSeed(seed, 'negatives' | 'dropout')); if that ever changes, the replay stops matching.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { init } from '@jax-js/jax';
import { evaluateRecommender } from '../src/evaluation/evaluate';
import { createRecommender } from '../src/models/createRecommender';
import { roundUpToLanes } from '../src/models/lanePadding';
import { leftPadRows } from '../src/models/leftPad';
import { negativeCandidates, samplePerPositionNegatives } from '../src/models/negativeSampler';
import type { HostParams } from '../src/models/recommender';
import { createRng, deriveSeed } from '../src/random/rng';
import { epochBatches, stepsPerEpoch } from '../src/training/batches';
import { referenceInput } from './referenceInput';
import { sweepEnv } from './sweep/env';
import { PARITY_EPOCHS } from './sweep/jobs';
import { parityConfig } from './sweep/protocol';
import { loadSplit } from './sweep/runJob';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const outDir = process.argv[2];
if (outDir === undefined || outDir.startsWith('--')) {
  throw new Error('usage: lockstep.ts OUT_DIR [--epochs N] [--dropout P] [--seed S]');
}
const epochs = Number(option('epochs', '30'));
const dropout = Number(option('dropout', '0.2'));
const seed = Number(option('seed', '42'));
const env = sweepEnv();
const config = parityConfig('sasrec', dropout, PARITY_EPOCHS['movielens-100k'], seed);
const { split } = await loadSplit(env, 'movielens-100k', config);
const t = config.train;
const maxHistory = config.data.maxHistory;

await init('wasm');
const model = createRecommender(config.model, {
  numItems: split.numItems,
  maxSeqLen: maxHistory,
  train: t,
  totalSteps: stepsPerEpoch(split.train, t.batchSize) * t.epochs,
  seed,
});
const json = (host: HostParams) =>
  Object.fromEntries(
    Object.entries(host).map(([k, x]) => [k, { shape: x.shape, data: Array.from(x.data) }]),
  );
const initial = json(await model.getParams());
const negativeRng = createRng(deriveSeed(seed, 'negatives'));
const dropoutRng = createRng(deriveSeed(seed, 'dropout'));
const deviceSeq = roundUpToLanes(maxHistory);
const steps = [];
for (let epoch = 0; epoch < epochs; epoch++) {
  const { batches } = epochBatches(split.train, {
    maxHistory,
    batchSize: t.batchSize,
    seed,
    epoch,
  });
  for (const b of batches) {
    const deviceRows = Math.min(t.batchSize, roundUpToLanes(b.batchSize));
    const targets = leftPadRows(b.targets, b.seqLen, 0, b.batchSize, deviceRows, deviceSeq);
    const drawn = samplePerPositionNegatives(
      negativeRng,
      negativeCandidates(split.numItems, split.coldItems),
      targets,
    );
    const negatives: number[] = [];
    for (let r = 0; r < b.batchSize; r++) {
      const row = drawn.subarray(r * deviceSeq, (r + 1) * deviceSeq);
      negatives.push(...row.subarray(deviceSeq - maxHistory));
    }
    const dropoutSeed = dropoutRng.int(2 ** 31);
    const loss = await model.trainStep(b);
    steps.push({
      rows: b.batchSize,
      deviceRows,
      deviceSeq,
      dropoutSeed,
      inputs: Array.from(b.inputs),
      targets: Array.from(b.targets),
      negatives,
      loss,
    });
  }
}
// Our ranks of every validation and test target with the trained weights (scored by dot product).
const settings = { maxHistory, similarity: 'dot' as const };
const ranks = {
  valid: Array.from(
    (await evaluateRecommender(model, split.valid, split.validSlices, settings)).ranks,
  ),
  test: Array.from(
    (await evaluateRecommender(model, split.test, split.testSlices, settings)).ranks,
  ),
};
mkdirSync(outDir, { recursive: true });
const lock = path.join(outDir, 'lockstep.json');
const input = path.join(outDir, 'input.json');
writeFileSync(
  lock,
  JSON.stringify({ initial, final: json(await model.getParams()), steps, ranks }),
);
writeFileSync(input, referenceInput(split, config));
model.dispose();
const script = path.join(env.repoRoot, 'scripts', 'reference', 'lockstep.py');
const run = spawnSync(env.python, [script, input, lock], {
  stdio: 'inherit',
  env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
});
process.exitCode = run.status ?? 1;
