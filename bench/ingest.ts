import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultDataConfig } from '../src/config/defaults';
import { leaveOneOutSplit } from '../src/dataset/split';
import { ingest } from '../src/ingestion/ingest';
import { createRng } from '../src/random/rng';

const SIZES = [1_000_000, 5_000_000];
const NUM_USERS = 50_000;
const NUM_ITEMS = 20_000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What one ingestion in a child process measured. */
export interface IngestFigures {
  rows: number;
  fileMiB: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  users: number;
  items: number;
  interactions: number;
}

/**
 * Writes an HLLM-layout interactions CSV (`item_id,user_id,timestamp`) with `count` rows in random
 * order and Zipf-like item popularity, streamed to disk in blocks.
 */
export function writeInteractionsCsv(file: string, count: number, seed: number): void {
  const rng = createRng(seed);
  const fd = openSync(file, 'w');
  writeSync(fd, 'item_id,user_id,timestamp\n');
  let block: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = Math.floor(NUM_ITEMS * rng.next() ** 2);
    block.push(`i${item},u${rng.int(NUM_USERS)},${1_500_000_000 + rng.int(100_000_000)}\n`);
    if (block.length === 100_000) {
      writeSync(fd, block.join(''));
      block = [];
    }
  }
  writeSync(fd, block.join(''));
  closeSync(fd);
}

/** Ingests `file` with the checkout at `root` in a child process; its time and peak RSS. */
function measureInChild(root: string, file: string): Omit<IngestFigures, 'rows' | 'fileMiB'> {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/ingestChild.ts'), root, file],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const figures = JSON.parse(out.trim().split('\n').at(-1) as string) as {
    error?: string;
  } & Omit<IngestFigures, 'rows' | 'fileMiB'>;
  if (figures.error !== undefined) throw new Error(`${file}: ${figures.error}`);
  return figures;
}

/**
 * Generates 1M- and 5M-interaction HLLM-layout CSV files on disk and ingests each in its own process
 * through the CLI's file reader, reporting wall time and peak RSS; then splits the 1M dataset
 * in-process. `INGEST_BENCH_ROOT` measures another checkout's ingestion on the same files.
 */
export async function benchIngest(): Promise<Record<string, unknown>> {
  const root = process.env.INGEST_BENCH_ROOT ?? ROOT;
  const dir = mkdtempSync(path.join(tmpdir(), 'ingest-bench-'));
  try {
    const files: IngestFigures[] = [];
    for (const rows of SIZES) {
      const file = path.join(dir, `bench-${rows}.csv`);
      writeInteractionsCsv(file, rows, 7);
      const fileMiB = statSync(file).size / 2 ** 20;
      files.push({ rows, fileMiB, ...measureInChild(root, file) });
    }
    const { readInputFile } = await import(
      pathToFileURL(path.join(ROOT, 'src/cli/nodeFiles.ts')).href
    );
    const result = ingest({
      interactions: [readInputFile(path.join(dir, `bench-${SIZES[0]}.csv`))],
    });
    const t0 = performance.now();
    const { split } = leaveOneOutSplit(result.dataset, defaultDataConfig(), 42);
    const splitSeconds = (performance.now() - t0) / 1000;
    return {
      root,
      files,
      split: { rows: SIZES[0], seconds: splitSeconds, trainUsers: split.train.length },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchIngest().then((figures) => console.log(JSON.stringify(figures, null, 2)));
}
