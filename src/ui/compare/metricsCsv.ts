import { METRIC_NAMES, SLICE_NAMES } from '../../evaluation/metrics';
import type { RunRecord } from '../../runs/runRecord';

/** Quotes a CSV cell when it holds a comma, quote or line break. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Final test metrics (×100) of `records` as CSV: one row per run, slice and series (the model,
 * then its popularity baseline), with the run's number, model, dataset, split fingerprint, seed,
 * device and start time; metric cells are empty for an empty slice.
 */
export function metricsCsv(records: readonly RunRecord[]): string {
  const header = [
    'run',
    'model',
    'dataset',
    'split',
    'seed',
    'device',
    'started_at',
    'slice',
    'cases',
    'series',
    ...METRIC_NAMES,
  ];
  const rows = [header.join(',')];
  records.forEach((record, i) => {
    for (const slice of SLICE_NAMES) {
      for (const [series, metrics] of [
        [record.config.model.kind, record.final.test[slice]],
        ['popularity', record.popularity.test[slice]],
      ] as const) {
        rows.push(
          [
            String(i + 1),
            record.config.model.kind,
            record.dataset.name,
            record.dataset.fingerprint,
            String(record.config.seed),
            record.device,
            record.startedAt,
            slice,
            String(record.dataset.testSliceSizes[slice]),
            series,
            ...METRIC_NAMES.map((name) => (metrics === null ? '' : String(metrics[name]))),
          ]
            .map(csvCell)
            .join(','),
        );
      }
    }
  });
  return `${rows.join('\n')}\n`;
}
