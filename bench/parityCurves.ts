/**
 * Per-epoch validation curves of our SASRec and the PyTorch reference under the parity protocol
 * (bench/sweep/protocol.ts) with validation after every epoch and no early stopping, for a
 * chosen dropout: a diagnostic for parity gaps (same data, config and learning-rate schedule on
 * both sides; the random streams differ, so compare curves, not bits).
 *
 *   npx tsx bench/parityCurves.ts OUT.json [--dropout 0.2] [--seed 42] [--epochs 60] [--side both|ours|reference]
 */
import { writeFileSync } from 'node:fs';
import { init } from '@jax-js/jax';
import { createRecommender } from '../src/models/createRecommender';
import { TrainControl } from '../src/training/trainControl';
import { trainRun } from '../src/training/trainer';
import { trainReference } from './trainReference';
import { sweepEnv } from './sweep/env';
import { PARITY_EPOCHS } from './sweep/jobs';
import { parityConfig } from './sweep/protocol';
import { loadSplit } from './sweep/runJob';

interface Curve {
  epoch: number;
  loss: number;
  validN10: number;
  validR10: number;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const out = process.argv[2];
if (out === undefined || out.startsWith('--')) {
  throw new Error(
    'usage: parityCurves.ts OUT.json [--dropout P] [--seed S] [--epochs N] [--side both|ours|reference]',
  );
}
const dropout = Number(option('dropout', '0.2'));
const seed = Number(option('seed', '42'));
const stopAfter = Number(option('epochs', '60'));
const side = option('side', 'both');
const env = sweepEnv();
const base = parityConfig('sasrec', dropout, PARITY_EPOCHS['movielens-100k'], seed);
const config = { ...base, train: { ...base.train, evalEvery: 1, patience: 0 } };
const { split } = await loadSplit(env, 'movielens-100k', config);

async function ours(): Promise<Curve[]> {
  await init('wasm');
  const control = new TrainControl();
  const curve: Curve[] = [];
  await trainRun({
    config,
    split,
    datasetName: 'movielens-100k',
    device: 'wasm',
    control,
    createModel: (modelInit) => createRecommender(config.model, modelInit),
    onEvent: (event) => {
      if (event.kind !== 'epoch' || event.valid === null) return;
      curve.push({
        epoch: event.epoch + 1,
        loss: event.loss,
        validN10: event.valid['N@10'],
        validR10: event.valid['R@10'],
      });
      process.stderr.write(
        `ours ${event.epoch + 1} ${event.loss.toFixed(4)} ${event.valid['N@10'].toFixed(2)}\n`,
      );
      if (event.epoch + 1 >= stopAfter) control.cancel();
    },
  });
  return curve;
}

function reference(): Curve[] {
  const ref = trainReference<{
    epochs: { epoch: number; loss: number; valid: Record<string, number> | null }[];
  }>(split, config, {
    python: env.python,
    repoRoot: env.repoRoot,
    extraArgs: ['--stop-after', String(stopAfter)],
    showProgress: true,
  });
  return ref.epochs
    .filter((e) => e.valid !== null)
    .map((e) => ({
      epoch: e.epoch + 1,
      loss: e.loss,
      validN10: e.valid!['N@10'],
      validR10: e.valid!['R@10'],
    }));
}

const result = {
  dropout,
  seed,
  epochs: stopAfter,
  ours: side === 'reference' ? [] : await ours(),
  reference: side === 'ours' ? [] : reference(),
};
writeFileSync(out, JSON.stringify(result, null, 1));
for (let i = 0; i < Math.max(result.ours.length, result.reference.length); i++) {
  const o = result.ours[i];
  const r = result.reference[i];
  const cell = (c?: Curve) => (c ? `${c.loss.toFixed(4)} ${c.validN10.toFixed(2)}` : '-');
  console.log(`${i + 1}\tours ${cell(o)}\tref ${cell(r)}`);
}
