import path from 'node:path';

/** Paths and limits a job reads from the environment. */
export interface SweepEnv {
  /** Repository root (scripts/reference lives there): `HLLM_REPO_ROOT`, default the working directory. */
  repoRoot: string;
  /** Shared data folder: `HLLM_SHARED_DATA`, default `<repoRoot>/../shared/data`. */
  dataRoot: string;
  /** Folder with tokenizer.json and tokenizer_config.json: `HLLM_TOKENIZER_DIR`, default the shared tiny Llama. */
  tokenizerDir: string;
  /** Python with torch for the reference jobs: `HLLM_PYTHON`, default /usr/bin/python3. */
  python: string;
  /** Wall-clock seconds per job: `HLLM_JOB_BUDGET_S`, default 420. */
  budgetSeconds: number;
  /** Optional epoch cap over every job's own cap (`HLLM_MAX_EPOCHS`), for smoke runs. */
  maxEpochs?: number;
}

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name}: expected a positive number, got "${raw}"`);
  }
  return value;
}

/** Reads the sweep's settings from `env` (see `SweepEnv` for the variables and defaults). */
export function sweepEnv(env: NodeJS.ProcessEnv = process.env): SweepEnv {
  const repoRoot = path.resolve(env.HLLM_REPO_ROOT ?? process.cwd());
  const shared = path.resolve(repoRoot, '..', 'shared');
  const maxEpochs = positiveNumber('HLLM_MAX_EPOCHS', env.HLLM_MAX_EPOCHS);
  return {
    repoRoot,
    dataRoot: path.resolve(env.HLLM_SHARED_DATA ?? path.join(shared, 'data')),
    tokenizerDir: path.resolve(
      env.HLLM_TOKENIZER_DIR ?? path.join(shared, 'models', 'tiny-random-llama-fp16'),
    ),
    python: env.HLLM_PYTHON ?? '/usr/bin/python3',
    budgetSeconds: positiveNumber('HLLM_JOB_BUDGET_S', env.HLLM_JOB_BUDGET_S) ?? 420,
    ...(maxEpochs !== undefined ? { maxEpochs: Math.floor(maxEpochs) } : {}),
  };
}
