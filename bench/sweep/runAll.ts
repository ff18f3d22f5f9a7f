import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweepJobs, type SweepJob } from './jobs';
import { formatReport, readResults } from './report';
import { isEntry } from './entry';
import { sweepEnv } from './env';

/** Options of a sweep run. */
export interface RunAllOptions {
  outDir: string;
  /** Jobs run at once, one process each (default: the number of CPUs). */
  concurrency: number;
  /** Only jobs whose id contains one of these substrings (all when empty). */
  filters: string[];
  /** Skip jobs whose `OUT_DIR/<id>.json` already says `ok`. */
  resume: boolean;
}

/** Seconds a child may run past the job budget before it is killed. */
const KILL_GRACE_S = 180;

/**
 * Start order of a job, highest first: the short, bounded jobs (the PyTorch reference, ~1-2 min
 * per job; popularity, seconds) first, so that their slots pass to the long jobs, then ours by
 * expected cost (HLLM, Amazon, MovieLens), which mostly run up to the wall-clock budget.
 */
export function jobPriority(job: SweepJob): number {
  if (job.model === 'reference-sasrec' || job.model === 'reference-hstu') return 100;
  if (job.model === 'popularity') return 99;
  const data = job.dataset === 'amazon-scientific-unisrec' ? 2 : 1;
  const model = job.model === 'hllm' ? (job.itemEncoder === 'scratch-llama' ? 8 : 4) : 1;
  return data * model;
}

/** Parses `OUT_DIR [--concurrency N] [--filter S]... [--resume]` (concurrency also from `HLLM_CONCURRENCY`). */
export function parseRunAllArgs(argv: string[], env = process.env): RunAllOptions {
  let outDir: string | undefined;
  let concurrency = Number(env.HLLM_CONCURRENCY ?? os.availableParallelism());
  const filters: string[] = [];
  let resume = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--concurrency') concurrency = Number(argv[++i]);
    else if (arg === '--filter') filters.push(argv[++i] ?? '');
    else if (arg === '--resume') resume = true;
    else if (arg.startsWith('--')) throw new Error(`unknown flag ${arg}`);
    else if (outDir === undefined) outDir = arg;
    else throw new Error(`unexpected argument "${arg}"`);
  }
  if (outDir === undefined) {
    throw new Error('usage: runAll OUT_DIR [--concurrency N] [--filter SUBSTRING]... [--resume]');
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency: expected a positive integer, got ${concurrency}`);
  }
  return { outDir: path.resolve(outDir), concurrency, filters, resume };
}

/** The jobs a run covers, in start order (`jobPriority`). */
export function selectJobs(options: Pick<RunAllOptions, 'filters'>): SweepJob[] {
  const { filters } = options;
  return sweepJobs()
    .filter((job) => filters.length === 0 || filters.some((f) => job.id.includes(f)))
    .sort((a, b) => jobPriority(b) - jobPriority(a));
}

/** The runJob entry beside this file (`runJob.mjs` in a bundle, `runJob.ts` through tsx). */
function childCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const entry = path.join(path.dirname(here), `runJob${ext}`);
  return ext === '.ts' ? ['--import', 'tsx', entry] : [entry];
}

function hasOkResult(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { status?: string }).status === 'ok';
  } catch {
    return false;
  }
}

function runChild(job: SweepJob, outDir: string, budgetSeconds: number): Promise<void> {
  const started = performance.now();
  const file = path.join(outDir, `${job.id}.json`);
  const log = path.join(outDir, `${job.id}.log`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...childCommand(), job.id, outDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (budgetSeconds + KILL_GRACE_S) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      writeFileSync(log, output);
      const seconds = (performance.now() - started) / 1000;
      if (!existsSync(file)) {
        writeFileSync(
          file,
          `${JSON.stringify(
            {
              job,
              status: 'error',
              error: `job process ended (${signal ?? `exit ${code}`}) without a result; see ${job.id}.log`,
              totalSeconds: seconds,
              budgetSeconds,
              notes: [],
            },
            null,
            2,
          )}\n`,
        );
      }
      process.stderr.write(
        `[${new Date().toISOString()}] done ${job.id} (${signal ?? `exit ${code}`}, ${seconds.toFixed(0)} s)\n`,
      );
      resolve();
    });
  });
}

/** Runs the selected jobs, each in its own process, `concurrency` at a time; then writes report.md. */
export async function runAll(options: RunAllOptions): Promise<string> {
  const env = sweepEnv();
  mkdirSync(options.outDir, { recursive: true });
  const jobs = selectJobs(options).filter(
    (job) => !options.resume || !hasOkResult(path.join(options.outDir, `${job.id}.json`)),
  );
  process.stderr.write(
    `${jobs.length} jobs, ${options.concurrency} at a time, budget ${env.budgetSeconds} s each\n`,
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++];
      process.stderr.write(`[${new Date().toISOString()}] start ${job.id}\n`);
      await runChild(job, options.outDir, env.budgetSeconds);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker));
  const report = formatReport(readResults(options.outDir));
  writeFileSync(path.join(options.outDir, 'report.md'), report);
  return report;
}

if (isEntry(import.meta.url, 'runAll')) {
  runAll(parseRunAllArgs(process.argv.slice(2))).then((report) => process.stdout.write(report));
}
