import type { MetricName } from '../../config/runConfig';
import type { SliceName } from '../../dataset/types';
import { SLICE_LABELS } from './sliceLabels';
import { SLICE_NAMES } from '../../evaluation/metrics';
import type { RunRecord } from '../../runs/runRecord';
import { MODEL_COLOURS } from '../palette';
import { MODEL_LABELS } from '../train/modelLabels';

/** Bars of every run on every slice: one group per slice, one series per run. */
export interface RunSliceBars {
  /** Series names: `#n Model`, in run order. */
  series: string[];
  /** Each series' colour: its model's (`MODEL_COLOURS`). */
  colours: string[];
  /** One entry per slice: its label and each series' value (absent for an empty slice). */
  bars: ({ slice: string } & Record<string, number | string>)[];
}

/** `metric` (×100) of every run on each of the four test slices, for a grouped bar chart. */
export function runSliceBars(
  runs: readonly { id: number; record: RunRecord }[],
  metric: MetricName,
): RunSliceBars {
  const series = runs.map(
    ({ id, record }) => `#${id + 1} ${MODEL_LABELS[record.config.model.kind]}`,
  );
  const bars = SLICE_NAMES.map((slice: SliceName) => {
    const bar: { slice: string } & Record<string, number | string> = { slice: SLICE_LABELS[slice] };
    runs.forEach(({ record }, i) => {
      const metrics = record.final.test[slice];
      if (metrics !== null) bar[series[i]] = metrics[metric];
    });
    return bar;
  });
  return {
    series,
    bars,
    colours: runs.map(({ record }) => MODEL_COLOURS[record.config.model.kind]),
  };
}
