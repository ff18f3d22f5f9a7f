import { METRIC_NAMES, SLICE_NAMES } from '../evaluation/metrics';
import type { SliceName } from '../dataset/types';
import type { SliceMetrics } from '../evaluation/metrics';
import type { RunRecord } from './runRecord';

/** What a sampled evaluation says beside its metrics. */
export function evalSampleText(sample: { users: number; of: number }): string {
  return `evaluated on a seeded sample of ${sample.users} of ${sample.of} test users (data.evalUsers): quick figures, not the full protocol`;
}

/** Test metrics of a model and the popularity baseline, with the cases of each slice. */
export interface SliceTable {
  model: string;
  test: SliceMetrics;
  popularity: SliceMetrics;
  sliceSizes: Record<SliceName, number>;
  evalSample?: { users: number; of: number };
}

/**
 * A plain-text table of test metrics: for each slice a row for the model and one for the
 * popularity baseline, one column per metric (×100, two decimals); `—` marks an empty slice. A
 * sampled evaluation says so above the table.
 */
export function formatSliceTable(t: SliceTable): string {
  const rows: string[][] = [['slice', 'model', 'cases', ...METRIC_NAMES]];
  for (const slice of SLICE_NAMES) {
    for (const [label, metrics] of [
      [t.model, t.test],
      ['popularity', t.popularity],
    ] as const) {
      const m = metrics[slice];
      rows.push([
        slice,
        label,
        String(t.sliceSizes[slice]),
        ...METRIC_NAMES.map((name) => (m ? m[name].toFixed(2) : '—')),
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const table = rows
    .map((r) =>
      r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
    )
    .join('\n');
  return t.evalSample === undefined ? table : `${evalSampleText(t.evalSample)}\n${table}`;
}

/** `formatSliceTable` of a run's final test metrics. */
export function formatMetricsTable(run: RunRecord): string {
  return formatSliceTable({
    model: run.config.model.kind,
    test: run.final.test,
    popularity: run.popularity.test,
    sliceSizes: run.dataset.testSliceSizes,
    evalSample: run.dataset.evalSample,
  });
}
