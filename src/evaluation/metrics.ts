import { METRIC_KS, type MetricName } from '../config/runConfig';
import type { SliceName, SplitSlices } from '../dataset/types';

/** Recall and NDCG at every cut-off of `METRIC_KS`, as percentages (×100). */
export type Metrics = Record<MetricName, number>;

/** Metrics per slice of the evaluation cases; `null` where the slice has no case. */
export type SliceMetrics = Record<SliceName, Metrics | null>;

/** Every metric name, recalls first, in increasing K. */
export const METRIC_NAMES: readonly MetricName[] = [
  ...METRIC_KS.map((k) => `R@${k}` as const),
  ...METRIC_KS.map((k) => `N@${k}` as const),
];

/** The slice names, in display order. */
export const SLICE_NAMES: readonly SliceName[] = ['all', 'cold', 'longtail', 'short'];

/**
 * Recall@K and NDCG@K (×100) averaged over the given cases. `ranks` are 0-based ranks of each
 * case's target; a hit at rank r counts 1 for recall and 1/log2(r + 2) for NDCG.
 * `indices` selects the cases (all when omitted); returns `null` when no case is selected.
 */
export function metricsFromRanks(ranks: Int32Array, indices?: Int32Array): Metrics | null {
  const count = indices ? indices.length : ranks.length;
  if (count === 0) return null;
  const metrics = Object.fromEntries(METRIC_NAMES.map((name) => [name, 0])) as Metrics;
  for (let i = 0; i < count; i++) {
    const rank = ranks[indices ? indices[i] : i];
    const gain = 1 / Math.log2(rank + 2);
    for (const k of METRIC_KS) {
      if (rank < k) {
        metrics[`R@${k}`] += 1;
        metrics[`N@${k}`] += gain;
      }
    }
  }
  for (const name of METRIC_NAMES) metrics[name] = (metrics[name] * 100) / count;
  return metrics;
}

/** Metrics of every slice; slice indices point into the same case list as `ranks`. */
export function sliceMetrics(ranks: Int32Array, slices: SplitSlices): SliceMetrics {
  return {
    all: metricsFromRanks(ranks, slices.all),
    cold: metricsFromRanks(ranks, slices.cold),
    longtail: metricsFromRanks(ranks, slices.longtail),
    short: metricsFromRanks(ranks, slices.short),
  };
}
