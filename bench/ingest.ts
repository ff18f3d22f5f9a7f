import { pathToFileURL } from 'node:url';
import { defaultDataConfig } from '../src/config/defaults';
import { leaveOneOutSplit } from '../src/dataset/split';
import { ingest } from '../src/ingestion/ingest';
import { createRng } from '../src/random/rng';

const NUM_INTERACTIONS = 1_000_000;
const NUM_USERS = 50_000;
const NUM_ITEMS = 20_000;

/** Current memory in MiB: resident set and V8 heap. */
function memory(): { rssMiB: number; heapUsedMiB: number } {
  const m = process.memoryUsage();
  return { rssMiB: m.rss / 2 ** 20, heapUsedMiB: m.heapUsed / 2 ** 20 };
}

/**
 * An HLLM-layout interactions CSV (`item_id,user_id,timestamp`) with `count` rows in random order,
 * Zipf-like item popularity, encoded as UTF-8 bytes like a file read from disk.
 */
function makeCsv(count: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const rows: string[] = ['item_id,user_id,timestamp'];
  for (let i = 0; i < count; i++) {
    const item = Math.floor(NUM_ITEMS * rng.next() ** 2);
    const user = rng.int(NUM_USERS);
    rows.push(`i${item},u${user},${1_500_000_000 + rng.int(100_000_000)}`);
  }
  return new TextEncoder().encode(rows.join('\n'));
}

/**
 * Generates a 1M-interaction HLLM-layout CSV in memory, then measures ingestion and the
 * leave-one-out split (default data config): wall times, and memory sampled between phases
 * (RSS, heap) with the process's peak RSS.
 */
export async function benchIngest(): Promise<Record<string, unknown>> {
  const data = makeCsv(NUM_INTERACTIONS, 7);
  const before = memory();
  const t0 = performance.now();
  const result = ingest({ interactions: [{ name: 'bench.csv', data }] });
  const t1 = performance.now();
  const afterIngest = memory();
  const { split } = leaveOneOutSplit(result.dataset, defaultDataConfig(), 42);
  const t2 = performance.now();
  const afterSplit = memory();
  const interactions = result.dataset.sequences.reduce((sum, s) => sum + s.length, 0);
  return {
    rows: NUM_INTERACTIONS,
    csvMiB: data.length / 2 ** 20,
    users: result.dataset.userIds.length,
    items: result.dataset.itemIds.length,
    interactions,
    skipped: result.skipped,
    ingestMs: t1 - t0,
    splitMs: t2 - t1,
    totalMs: t2 - t0,
    trainUsers: split.train.length,
    memoryBefore: before,
    memoryAfterIngest: afterIngest,
    memoryAfterSplit: afterSplit,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchIngest().then((figures) => console.log(JSON.stringify(figures, null, 2)));
}
