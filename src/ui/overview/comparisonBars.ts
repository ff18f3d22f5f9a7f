import type { MetricName } from '../../config/runConfig';
import type { SliceName } from '../../dataset/types';
import { SLICE_NAMES } from '../../evaluation/metrics';
import type { RunRecord } from '../../runs/runRecord';
import { MODEL_LABELS } from '../train/modelLabels';

/** One slice of the precomputed comparison: `metric` of each model, and of popularity, by label. */
export type SliceBar = { slice: SliceName } & Record<string, number | SliceName>;

/** The series of the precomputed chart: each run's model label, then `Popularity`. */
export function barSeries(runs: readonly RunRecord[]): string[] {
  return [...runs.map((r) => MODEL_LABELS[r.config.model.kind]), 'Popularity'];
}

/**
 * `metric` (×100) of every run and of the popularity baseline (from the first run, whose split
 * they share) on every non-empty test slice, one bar group per slice.
 */
export function sliceBars(runs: readonly RunRecord[], metric: MetricName): SliceBar[] {
  const bars: SliceBar[] = [];
  for (const slice of SLICE_NAMES) {
    const popularity = runs[0]?.popularity.test[slice];
    if (popularity === null || popularity === undefined) continue;
    const bar: SliceBar = { slice, Popularity: popularity[metric] };
    for (const run of runs) {
      const metrics = run.final.test[slice];
      if (metrics !== null) bar[MODEL_LABELS[run.config.model.kind]] = metrics[metric];
    }
    bars.push(bar);
  }
  return bars;
}

/**
 * The comparison in one line, for its collapsed form: `metric` of every run and of popularity on
 * the cold slice (all users when it is empty), e.g. `R@10 on new (cold) items: SASRec 0.0, HLLM
 * 12.3, popularity 1.0`.
 */
export function comparisonSummary(runs: readonly RunRecord[], metric: MetricName): string {
  const slice: SliceName = runs[0]?.final.test.cold != null ? 'cold' : 'all';
  const value = (m: Record<MetricName, number> | null | undefined) =>
    m === null || m === undefined ? '—' : m[metric].toFixed(1);
  const parts = runs.map(
    (r) => `${MODEL_LABELS[r.config.model.kind]} ${value(r.final.test[slice])}`,
  );
  parts.push(`popularity ${value(runs[0]?.popularity.test[slice])}`);
  return `${metric} ×100 on ${slice === 'cold' ? 'new (cold) items' : 'all test users'}: ${parts.join(', ')}`;
}
