import { pathToFileURL } from 'node:url';
import { defaultDataConfig } from '../src/config/defaults';
import { preprocess } from '../src/dataset/preprocess';
import { leaveOneOutSplit } from '../src/dataset/split';
import { datasetStats } from '../src/dataset/stats';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';

/** Users and items of a synthetic dataset with about 1M interactions. */
const LARGE = { numUsers: 45_000, numItems: 20_000 };

function timed<T>(run: () => T): [T, number] {
  const t0 = performance.now();
  const value = run();
  return [value, performance.now() - t0];
}

/**
 * Times the synthetic generator at its default size (target: under 1 s), then statistics,
 * preprocessing (dedupe + 5-core) and the leave-one-out split on a ~1M-interaction synthetic
 * dataset (target for the split: well under 1 s).
 */
export function benchDataset(): Record<string, unknown> {
  const [, generateDefaultMs] = timed(() => generateSyntheticDataset());
  const [large, generateLargeMs] = timed(() => generateSyntheticDataset({ ...LARGE, seed: 1 }));
  const [stats, statsMs] = timed(() => datasetStats(large));
  const config = defaultDataConfig();
  const [prepared, preprocessMs] = timed(() => preprocess(large, config));
  const [{ report }, splitMs] = timed(() => leaveOneOutSplit(prepared.dataset, config, 42));
  return {
    generateDefaultMs,
    largeInteractions: stats.interactions,
    generateLargeMs,
    statsMs,
    preprocessMs,
    afterPreprocess: prepared.report.output,
    splitMs,
    trainInteractions: report.trainInteractions,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(benchDataset(), null, 2));
}
