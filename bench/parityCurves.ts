/**
 * Per-epoch validation curves of our SASRec and the PyTorch reference under the parity protocol
 * (bench/sweep/protocol.ts) with validation after every epoch and no early stopping, for a
 * chosen dropout: a diagnostic for parity gaps (same data, config and learning-rate schedule on
 * both sides; the random streams differ, so compare curves, not bits).
 *
 *   npx tsx bench/parityCurves.ts OUT.json [--dropout 0.2] [--seed 42] [--epochs 60] [--side both|ours|reference]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { init } from '@jax-js/jax';
import { createRecommender } from '../src/models/createRecommender';
import { TrainControl } from '../src/training/trainControl';
import { trainRun } from '../src/training/trainer';
import { referenceInput } from './referenceInput';
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
const { split } = loadSplit(env, 'movielens-100k', config);

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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-curves-'));
  try {
    const input = path.join(dir, 'input.json');
    const output = path.join(dir, 'output.json');
    writeFileSync(input, referenceInput(split, config));
    const script = path.join(env.repoRoot, 'scripts', 'reference', 'train_reference.py');
    const args = [script, input, output, '--threads', '1', '--stop-after', String(stopAfter)];
    const run = spawnSync(env.python, args, {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`train_reference.py failed (exit ${run.status})`);
    const ref = JSON.parse(readFileSync(output, 'utf8')) as {
      epochs: { epoch: number; loss: number; valid: Record<string, number> | null }[];
    };
    return ref.epochs
      .filter((e) => e.valid !== null)
      .map((e) => ({
        epoch: e.epoch + 1,
        loss: e.loss,
        validN10: e.valid!['N@10'],
        validR10: e.valid!['R@10'],
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
