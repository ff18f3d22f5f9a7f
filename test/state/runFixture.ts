import { defaultRunConfig } from '../../src/config/defaults';
import type { FinishedRun } from '../../src/compute/trainService';
import { METRIC_NAMES, type Metrics } from '../../src/evaluation/metrics';
import type { RunRecord } from '../../src/runs/runRecord';

/** Metrics whose every value is `value`. */
export function flatMetrics(value: number): Metrics {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, value])) as Metrics;
}

/** A finished run record with test metrics `model` (popularity `baseline`) on every slice but `cold`. */
export function fakeRun(
  id: number,
  kind: 'sasrec' | 'hstu',
  model: number,
  baseline: number,
  fingerprint = 'fp-a',
): FinishedRun {
  const slices = (v: number) => ({
    all: flatMetrics(v),
    cold: null,
    longtail: flatMetrics(v / 2),
    short: flatMetrics(v / 3),
  });
  const record: RunRecord = {
    version: 1,
    config: defaultRunConfig(kind),
    device: 'wasm',
    dataset: {
      name: 'toy',
      fingerprint,
      numUsers: 10,
      numItems: 20,
      trainSequences: 10,
      skippedShortSequences: 0,
      validCases: 10,
      testCases: 10,
      testSliceSizes: { all: 10, cold: 0, longtail: 4, short: 3 },
    },
    startedAt: '2026-01-01T00:00:00.000Z',
    timings: {
      total: 3,
      train: 2,
      validation: 0.5,
      testEvaluation: 0.5,
      perEpoch: 1,
      trainSequencesPerSecond: 10,
    },
    epochs: [],
    bestEpoch: 1,
    stoppedEarly: false,
    final: { valid: slices(model), test: slices(model) },
    popularity: { valid: slices(baseline), test: slices(baseline) },
    notes: ['toy run'],
  };
  return { id, record };
}
