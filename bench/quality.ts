import { pathToFileURL } from 'node:url';
import type { Metrics } from '../src/evaluation/metrics';
import { METRIC_NAMES } from '../src/evaluation/metrics';
import { prepareExperiment } from '../src/pipeline/runExperiment';
import {
  BENCH_DATASETS,
  loadBenchDataset,
  protocolConfig,
  runOurs,
  runReference,
  type BenchDatasetName,
} from './training';

/** SASRec and popularity test R@10 / N@10 from ../shared/data/README.md (seed 42, converged). */
export const README_FIGURES: Record<
  BenchDatasetName,
  { sasrec: [number, number]; popularity: [number, number] }
> = {
  'movielens-100k': { sasrec: [17.6, 9.32], popularity: [8.48, 4.41] },
  'amazon-scientific-unisrec': { sasrec: [9.37, 6.18], popularity: [3.16, 1.8] },
};

/** Default epoch caps per dataset, so that one bench run stays within a few minutes on 2 cores. */
export const EPOCH_CAPS: Record<BenchDatasetName, number> = {
  'movielens-100k': 20,
  'amazon-scientific-unisrec': 5,
};

/** One line of the quality table. */
export interface QualityRow {
  dataset: BenchDatasetName;
  model: 'sasrec' | 'hstu' | 'popularity';
  /** `ours` (jax-js, Wasm), `pytorch-reference` (train_reference.py, same split and config) or `readme`. */
  source: 'ours' | 'pytorch-reference' | 'readme';
  epochsRun?: number;
  bestEpoch?: number;
  /** Test metrics (×100) over all test cases; only R@10 and N@10 for `readme`. */
  test: Partial<Metrics>;
}

/** Figures of the quality benchmark. */
export interface QualityBench {
  epochCaps: Record<string, number>;
  rows: QualityRow[];
  /** Datasets or references that were not run, with the reason. */
  skipped: string[];
}

/**
 * SASRec, HSTU and popularity test metrics (every K, slice `all`) on MovieLens-100K and Amazon
 * Scientific under the README protocol, trained by our trainer and by the PyTorch reference on
 * the same split, with the README's converged figures beside them. Epochs are capped
 * (`EPOCH_CAPS`): with the cap below convergence the models are under-trained on both sides.
 */
export async function benchQuality(
  caps: Partial<Record<BenchDatasetName, number>> = {},
): Promise<QualityBench> {
  const rows: QualityRow[] = [];
  const skipped: string[] = [];
  const epochCaps: Record<string, number> = {};
  for (const name of Object.keys(BENCH_DATASETS) as BenchDatasetName[]) {
    const epochs = caps[name] ?? EPOCH_CAPS[name];
    epochCaps[name] = epochs;
    const dropout = BENCH_DATASETS[name].dropout;
    const raw = loadBenchDataset(name);
    if (raw === undefined) {
      skipped.push(`${name}: not found in ../shared/data`);
      continue;
    }
    for (const kind of ['sasrec', 'hstu'] as const) {
      const config = protocolConfig(kind, dropout, epochs);
      const run = await runOurs(raw, config);
      rows.push({
        dataset: name,
        model: kind,
        source: 'ours',
        epochsRun: run.epochs.length,
        bestEpoch: run.bestEpoch + 1,
        test: run.final.test.all ?? {},
      });
      if (kind === 'sasrec')
        rows.push({
          dataset: name,
          model: 'popularity',
          source: 'ours',
          test: run.popularity.test.all ?? {},
        });
      const { split } = await prepareExperiment(raw, config);
      const ref = runReference(split, config);
      if (typeof ref === 'string') skipped.push(`${name} ${kind}: ${ref}`);
      else {
        rows.push({
          dataset: name,
          model: kind,
          source: 'pytorch-reference',
          epochsRun: ref.epochs.length,
          bestEpoch: ref.bestEpoch + 1,
          test: ref.test,
        });
      }
    }
    const readme = README_FIGURES[name];
    for (const model of ['sasrec', 'popularity'] as const) {
      rows.push({
        dataset: name,
        model,
        source: 'readme',
        test: { 'R@10': readme[model][0], 'N@10': readme[model][1] },
      });
    }
  }
  return { epochCaps, rows, skipped };
}

/** The rows as an aligned text table (— where a figure is not available). */
export function formatQualityTable(bench: QualityBench): string {
  const header = ['dataset', 'model', 'source', 'epochs', ...METRIC_NAMES];
  const lines = bench.rows.map((r) => [
    r.dataset,
    r.model,
    r.source,
    r.epochsRun !== undefined ? `${r.bestEpoch}/${r.epochsRun}` : '',
    ...METRIC_NAMES.map((m) => (r.test[m] !== undefined ? (r.test[m] as number).toFixed(2) : '—')),
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((l) => l[c].length)));
  return all
    .map((l) =>
      l.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
    )
    .join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchQuality().then((bench) => {
    console.log(
      `epoch caps: ${JSON.stringify(bench.epochCaps)} (best epoch / epochs run shown per row)`,
    );
    console.log(formatQualityTable(bench));
    for (const s of bench.skipped) console.log(`skipped: ${s}`);
  });
}
