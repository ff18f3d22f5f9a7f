import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunConfig } from '../src/config/runConfig';
import type { Split } from '../src/dataset/types';
import { referenceInput } from './referenceInput';

/** How to run scripts/reference/train_reference.py once. */
export interface ReferenceRunOptions {
  /** Python with torch. */
  python: string;
  /** Repository root (where scripts/reference/ is). */
  repoRoot: string;
  /** torch threads, over a one-thread OpenBLAS (both at n threads oversubscribe n cores). Default 1. */
  threads?: number;
  /** Further arguments for the script, e.g. `['--stop-after', '30']`. */
  extraArgs?: string[];
  /** Kills the run after this many milliseconds. */
  timeoutMs?: number;
  /** Shows the script's per-epoch lines on this process's stderr instead of capturing them. */
  showProgress?: boolean;
}

/**
 * Trains the PyTorch reference on `split` with `config` (its input written by `referenceInput`,
 * in a temporary folder) and returns the script's output JSON. Throws with the script's last
 * stderr lines when it fails, and says so when it was killed at `timeoutMs`.
 */
export function trainReference<Output>(
  split: Split,
  config: RunConfig,
  options: ReferenceRunOptions,
): Output {
  const threads = String(options.threads ?? 1);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hllm-reference-'));
  try {
    const input = path.join(dir, 'input.json');
    const output = path.join(dir, 'output.json');
    writeFileSync(input, referenceInput(split, config));
    const script = path.join(options.repoRoot, 'scripts', 'reference', 'train_reference.py');
    const run = spawnSync(
      options.python,
      [script, input, output, '--threads', threads, ...(options.extraArgs ?? [])],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          OPENBLAS_NUM_THREADS: '1',
          MKL_NUM_THREADS: '1',
          OMP_NUM_THREADS: threads,
        },
        maxBuffer: 64 * 1024 * 1024,
        stdio: options.showProgress ? ['ignore', 'inherit', 'inherit'] : 'pipe',
        ...(options.timeoutMs === undefined
          ? {}
          : { timeout: Math.max(1000, Math.floor(options.timeoutMs)), killSignal: 'SIGKILL' }),
      },
    );
    if (run.error && run.signal === null) {
      throw new Error(`${options.python} ${script}: ${run.error.message}`);
    }
    if (run.signal !== null) {
      throw new Error(
        `train_reference.py killed (${run.signal}) at its ${((options.timeoutMs ?? 0) / 1000).toFixed(1)} s limit`,
      );
    }
    if (run.status !== 0) {
      throw new Error(
        `train_reference.py failed (exit ${run.status}):\n${(run.stderr ?? '').slice(-2000)}`,
      );
    }
    return JSON.parse(readFileSync(output, 'utf8')) as Output;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
