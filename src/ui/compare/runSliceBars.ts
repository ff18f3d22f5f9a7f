import type { MetricName } from '../../config/runConfig';
import type { SliceName } from '../../dataset/types';
import { SLICE_LABELS } from './sliceLabels';
import { SLICE_NAMES } from '../../evaluation/metrics';
import type { RunRecord } from '../../runs/runRecord';
import { BASELINE_COLOUR, runColours } from '../palette';
import { MODEL_LABELS } from '../train/modelLabels';

/**
 * Bars of every run on every slice: one group per slice, one series per run, then the popularity
 * baseline when every run shares one split.
 */
export interface RunSliceBars {
  /** Series names: `#n Model` in run order, then `Popularity`. */
  series: string[];
  /** Each series' colour: the run's own (`runColours`), the baseline's grey. */
  colours: string[];
  /** One entry per slice: its label and each series' value (absent for an empty slice). */
  bars: ({ slice: string } & Record<string, number | string>)[];
}

/**
 * `metric` (×100) of every run on each of the four test slices, for a grouped bar chart; the
 * popularity baseline joins as the last series when the runs share a split (fingerprint).
 */
export function runSliceBars(
  runs: readonly { id: number; record: RunRecord }[],
  metric: MetricName,
): RunSliceBars {
  const names = runs.map(
    ({ id, record }) => `#${id + 1} ${MODEL_LABELS[record.config.model.kind]}`,
  );
  const shared = new Set(runs.map((r) => r.record.dataset.fingerprint)).size === 1;
  const series = shared ? [...names, 'Popularity'] : names;
  const bars = SLICE_NAMES.map((slice: SliceName) => {
    const bar: { slice: string } & Record<string, number | string> = { slice: SLICE_LABELS[slice] };
    runs.forEach(({ record }, i) => {
      const metrics = record.final.test[slice];
      if (metrics !== null) bar[names[i]] = metrics[metric];
    });
    const baseline = shared ? runs[0].record.popularity.test[slice] : null;
    if (baseline !== null) bar.Popularity = baseline[metric];
    return bar;
  });
  return {
    series,
    bars,
    colours: [
      ...runColours(runs.map(({ record }) => record.config.model.kind)),
      ...(shared ? [BASELINE_COLOUR] : []),
    ],
  };
}
