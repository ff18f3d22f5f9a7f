import { useId, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStore } from 'zustand';
import type { MetricName } from '../../config/runConfig';
import type { SliceName } from '../../dataset/types';
import { METRIC_NAMES, SLICE_NAMES } from '../../evaluation/metrics';
import { formatDuration } from '../format';
import { OKABE_ITO } from '../palette';
import { useStores } from '../storesContext';
import { usePrefersReducedMotion } from '../usePrefersReducedMotion';
import { compareRows } from './compareRows';
import { downloadRuns } from './downloadRuns';
import { SLICE_LABELS } from './sliceLabels';

/** The Compare step: test metrics (×100) of every finished run and the popularity baseline. */
export function ComparePanel() {
  const { runs: runsStore } = useStores();
  const runs = useStore(runsStore, (s) => s.runs);
  const [slice, setSlice] = useState<SliceName>('all');
  const [metric, setMetric] = useState<MetricName>('R@10');
  const sliceId = useId();
  const metricId = useId();
  const reducedMotion = usePrefersReducedMotion();
  if (runs.length === 0) {
    return (
      <section aria-labelledby="compare-title" className="panel">
        <h2 id="compare-title">Compare</h2>
        <p className="notice">No run has finished in this tab yet: train one in the Train step.</p>
      </section>
    );
  }
  const rows = compareRows(runs, slice);
  const fingerprints = new Set(runs.map((r) => r.record.dataset.fingerprint));
  const chart = rows
    .filter((row) => row.metrics !== null)
    .map((row) => ({ label: row.label, value: row.metrics![metric], baseline: row.baseline }));
  return (
    <section aria-labelledby="compare-title" className="panel">
      <h2 id="compare-title">Compare</h2>
      {fingerprints.size > 1 && (
        <p className="failure">
          These runs used different data or splits (their split fingerprints differ), so their
          numbers are not directly comparable.
        </p>
      )}
      <div className="config-form">
        <div className="field">
          <label htmlFor={sliceId}>Slice</label>
          <select
            id={sliceId}
            value={slice}
            onChange={(event) => setSlice(event.currentTarget.value as SliceName)}
          >
            {SLICE_NAMES.map((name) => (
              <option key={name} value={name}>
                {SLICE_LABELS[name]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={metricId}>Chart metric</label>
          <select
            id={metricId}
            value={metric}
            onChange={(event) => setMetric(event.currentTarget.value as MetricName)}
          >
            {METRIC_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <table data-testid="compare-table">
        <caption>Test metrics ×100, {SLICE_LABELS[slice].toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {METRIC_NAMES.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.baseline ? 'baseline' : undefined}>
              <th scope="row">{row.label}</th>
              {METRIC_NAMES.map((name) => (
                <td key={name}>
                  {row.metrics === null ? 'no cases' : row.metrics[name].toFixed(2)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="run-details" data-testid="run-details">
        {runs.map(({ id, record }) => (
          <li key={id}>
            #{id + 1}: {record.dataset.name}, split {record.dataset.fingerprint.slice(0, 8)},{' '}
            {record.device}, {formatDuration(record.timings.total)}, best epoch{' '}
            {record.bestEpoch + 1} of {record.epochs.length}{' '}
            <button
              type="button"
              aria-label={`Remove run #${id + 1}`}
              onClick={() => runsStore.getState().remove(id)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" onClick={() => downloadRuns(runs.map((r) => r.record))}>
          Download run records (JSON)
        </button>
      </p>
      <figure className="chart">
        <figcaption id="compare-caption">
          {metric} ×100 by run ({SLICE_LABELS[slice].toLowerCase()}); popularity baseline in orange
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={chart} aria-labelledby="compare-caption">
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis domain={[0, 'auto']} />
            <Tooltip />
            <Bar dataKey="value" name={metric} isAnimationActive={!reducedMotion}>
              {chart.map((entry) => (
                <Cell key={entry.label} fill={entry.baseline ? OKABE_ITO.orange : OKABE_ITO.blue} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </section>
  );
}
