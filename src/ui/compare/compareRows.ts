import type { Metrics } from '../../evaluation/metrics';
import type { SliceName } from '../../dataset/types';
import type { FinishedRun } from '../../compute/trainService';
import { BASELINE_COLOUR, runColours } from '../palette';
import { MODEL_LABELS } from '../train/modelLabels';

/** One row of the comparison: a run or a popularity baseline, with its test metrics on a slice. */
export interface CompareRow {
  key: string;
  label: string;
  baseline: boolean;
  /** The run's own colour (`runColours`), or the baseline's grey. */
  colour: string;
  /** Null when the slice has no test case. */
  metrics: Metrics | null;
}

/**
 * Rows for the Compare step: every run's test metrics on `slice`, then one popularity row per
 * distinct data split (split fingerprint), since the baseline depends only on the split.
 */
export function compareRows(runs: readonly FinishedRun[], slice: SliceName): CompareRow[] {
  const colours = runColours(runs.map((r) => r.record.config.model.kind));
  const rows: CompareRow[] = runs.map(({ id, record }, i) => ({
    key: `run-${id}`,
    label: `#${id + 1} ${MODEL_LABELS[record.config.model.kind]} (seed ${record.config.seed})`,
    baseline: false,
    colour: colours[i],
    metrics: record.final.test[slice],
  }));
  const fingerprints = [...new Set(runs.map((r) => r.record.dataset.fingerprint))];
  for (const fingerprint of fingerprints) {
    const first = runs.find((r) => r.record.dataset.fingerprint === fingerprint)!;
    rows.push({
      key: `popularity-${fingerprint}`,
      label:
        fingerprints.length === 1 ? 'Popularity' : `Popularity (split of run #${first.id + 1})`,
      baseline: true,
      colour: BASELINE_COLOUR,
      metrics: first.record.popularity.test[slice],
    });
  }
  return rows;
}
