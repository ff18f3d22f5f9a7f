import { useId, useState } from 'react';
import { TITLED_MARGIN, xTitle, yTitle } from '../charts/axisTitles';
import { COLD_START_STORY, explainMetric, SLICE_EXPLANATIONS } from '../explanations';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStore } from 'zustand';
import type { MetricName } from '../../config/runConfig';
import type { SliceName } from '../../dataset/types';
import { METRIC_NAMES, SLICE_NAMES } from '../../evaluation/metrics';
import { formatDuration } from '../../runs/units';
import { FailureMessage } from '../FailureMessage';
import { MetricsTable } from '../MetricsTable';
import { useStores } from '../storesContext';
import { usePrefersReducedMotion } from '../usePrefersReducedMotion';
import { compareRows } from './compareRows';
import { downloadFile } from './downloadFile';
import { downloadRuns } from './downloadRuns';
import { metricsCsv } from './metricsCsv';
import { runSliceBars } from './runSliceBars';
import { SLICE_LABELS } from './sliceLabels';

/** File name of the downloaded metrics table. */
export const METRICS_FILE_NAME = 'hllm-playground-metrics.csv';

/**
 * The Compare step: test metrics (×100) of every run in the history (kept across reloads) and
 * the popularity baseline, charts by run and by slice, and exports.
 */
export function ComparePanel() {
  const { runs: runsStore, exports, ui } = useStores();
  const history = useStore(runsStore, (s) => s.history);
  const historyProblem = useStore(runsStore, (s) => s.historyProblem);
  const exportBusy = useStore(exports, (s) => s.busy);
  const exportFailure = useStore(exports, (s) => s.failure);
  const runs = history.map((entry, id) => ({ id, record: entry.record }));
  const slice = useStore(ui, (s) => s.compareSlice);
  const setSlice = ui.getState().setCompareSlice;
  const [metric, setMetric] = useState<MetricName>('R@10');
  const sliceId = useId();
  const metricId = useId();
  const reducedMotion = usePrefersReducedMotion();
  if (runs.length === 0) {
    return (
      <section aria-labelledby="compare-title" className="panel">
        <h2 id="compare-title">Compare</h2>
        <p className="notice">
          No run has finished yet (runs are kept in this browser across reloads): train one in the
          Train step.
        </p>
        {historyProblem !== null && <p className="failure">{historyProblem}</p>}
        <ExportDataset />
      </section>
    );
  }
  const rows = compareRows(runs, slice);
  const fingerprints = new Set(runs.map((r) => r.record.dataset.fingerprint));
  const bySlice = runSliceBars(runs, metric);
  const chart = rows
    .filter((row) => row.metrics !== null)
    .map((row) => ({ label: row.label, value: row.metrics![metric], colour: row.colour }));
  return (
    <section aria-labelledby="compare-title" className="panel">
      <h2 id="compare-title">Compare</h2>
      {historyProblem !== null && <p className="failure">{historyProblem}</p>}
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
          <p className="hint" data-testid="slice-explanation">
            {SLICE_EXPLANATIONS[slice]}
          </p>
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
          <p className="hint" data-testid="metric-explanation">
            {explainMetric(metric)}
          </p>
        </div>
      </div>
      <MetricsTable
        testId="compare-table"
        caption={`Test metrics ×100, ${SLICE_LABELS[slice].toLowerCase()}`}
        firstColumn="Run"
        rows={rows}
        empty="no cases"
      />
      <ul className="run-details" data-testid="run-details">
        {history.map((entry, i) => {
          const { record, workerId } = entry;
          const name = `run-${i + 1}-${record.config.model.kind}`;
          return (
            <li key={entry.key}>
              #{i + 1}: {record.dataset.name}, split {record.dataset.fingerprint.slice(0, 8)},{' '}
              {record.device}, {formatDuration(record.timings.total)}, best epoch{' '}
              {record.bestEpoch + 1} of {record.epochs.length}
              {workerId === undefined
                ? ' (trained before this page loaded, or in another tab: its record is kept, its checkpoint and item embeddings stay with the page that trained it) '
                : ' '}
              {workerId !== undefined && (
                <>
                  <button
                    type="button"
                    disabled={exportBusy !== null}
                    aria-label={`Download the checkpoint of run #${i + 1} (safetensors)`}
                    onClick={() => void exports.getState().checkpoint(workerId, name)}
                  >
                    Checkpoint
                  </button>{' '}
                  <button
                    type="button"
                    disabled={exportBusy !== null}
                    aria-label={`Download the item embeddings of run #${i + 1} (Embedding Projector TSV)`}
                    onClick={() => void exports.getState().itemEmbeddings(workerId, name)}
                  >
                    Item embeddings
                  </button>{' '}
                </>
              )}
              <button
                type="button"
                disabled={exportBusy !== null}
                aria-label={`Run this on GPUs: download run #${i + 1} as a bundle for the official HLLM code (zip)`}
                title="The data, settings, run.sh and a README for the official PyTorch HLLM code on N GPUs (the run's dataset must be the one loaded)"
                onClick={() => void exports.getState().gpuBundle(record)}
              >
                Run this on GPUs
              </button>{' '}
              <button
                type="button"
                aria-label={`Remove run #${i + 1}`}
                onClick={() => runsStore.getState().forget(entry.key)}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <p className="controls">
        <button type="button" onClick={() => downloadRuns(runs.map((r) => r.record))}>
          Download run records (JSON)
        </button>
        <button
          type="button"
          onClick={() =>
            downloadFile(METRICS_FILE_NAME, metricsCsv(runs.map((r) => r.record)), 'text/csv')
          }
        >
          Download metrics (CSV)
        </button>
      </p>
      <ExportDataset />
      {exportBusy !== null && <p className="busy">{exportBusy}</p>}
      {exportFailure !== null && <FailureMessage failure={exportFailure} />}
      <figure className="chart">
        <figcaption id="compare-caption">
          {metric} ×100 by run ({SLICE_LABELS[slice].toLowerCase()}); one colour per run (as in the
          chart by slice), the popularity baseline in grey
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={chart} margin={TITLED_MARGIN} aria-labelledby="compare-caption">
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" label={xTitle('run')} />
            <YAxis domain={[0, 'auto']} label={yTitle(`${metric} ×100 (%)`)} />
            <Tooltip />
            <Bar dataKey="value" name={metric} isAnimationActive={!reducedMotion}>
              {chart.map((entry) => (
                <Cell key={entry.label} fill={entry.colour} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart">
        <figcaption id="compare-slices-caption">
          {metric} ×100 of every run on every test slice, the popularity baseline in grey
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart
            data={bySlice.bars}
            margin={TITLED_MARGIN}
            aria-labelledby="compare-slices-caption"
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="slice" label={xTitle('test slice')} />
            <YAxis domain={[0, 'auto']} label={yTitle(`${metric} ×100 (%)`)} />
            <Tooltip />
            <Legend verticalAlign="top" />
            {bySlice.series.map((name, i) => (
              <Bar
                key={name}
                dataKey={name}
                fill={bySlice.colours[i]}
                isAnimationActive={!reducedMotion}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <aside className="hint cold-story" data-testid="cold-story">
        <p>{SLICE_EXPLANATIONS.cold}</p>
        <p>{COLD_START_STORY}</p>
      </aside>
    </section>
  );
}

/** Button exporting the current dataset in HLLM's layout (made in the data worker). */
function ExportDataset() {
  const { exports } = useStores();
  const busy = useStore(exports, (s) => s.busy);
  return (
    <p>
      <button
        type="button"
        disabled={busy !== null}
        onClick={() => void exports.getState().hllmDataset()}
      >
        Download the dataset in HLLM layout (zip)
      </button>
    </p>
  );
}
