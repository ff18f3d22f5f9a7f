import type { RunRecord } from '../../runs/runRecord';
import { formatDuration } from '../../runs/units';
import { evalSampleText } from '../../runs/metricsTable';
import { usageText } from '../../runs/usageText';
import { formatCount } from '../format';
import { MetricsTable } from '../MetricsTable';
import { MODEL_LABELS } from './modelLabels';

/** A finished run's test metrics (slice `all`, ×100) beside the popularity baseline. */
export function RunSummary({ run }: { run: RunRecord }) {
  const model = run.final.test.all;
  const popularity = run.popularity.test.all;
  return (
    <section aria-labelledby="run-summary-title">
      <h3 id="run-summary-title">
        Test results: {MODEL_LABELS[run.config.model.kind]} (best epoch {run.bestEpoch + 1}
        {run.stoppedEarly ? ', stopped early' : ''}, {formatDuration(run.timings.total)} on{' '}
        {run.device})
      </h3>
      <MetricsTable
        testId="run-summary"
        firstColumn="Model"
        rows={[
          { key: 'model', label: MODEL_LABELS[run.config.model.kind], metrics: model },
          { key: 'popularity', label: 'Popularity', metrics: popularity },
        ]}
        empty="—"
      />
      <p data-testid="run-data">
        {run.dataset.name}: {formatCount(run.dataset.numUsers)} users,{' '}
        {formatCount(run.dataset.numItems)} items after preprocessing;{' '}
        {formatCount(run.dataset.testCases)} test cases (cold{' '}
        {formatCount(run.dataset.testSliceSizes.cold)}, long-tail{' '}
        {formatCount(run.dataset.testSliceSizes.longtail)}, short history{' '}
        {formatCount(run.dataset.testSliceSizes.short)}).
      </p>
      {run.dataset.evalSample !== undefined && (
        <p className="notice" data-testid="run-eval-sample">
          Metrics {evalSampleText(run.dataset.evalSample)}.
        </p>
      )}
      {run.usage !== undefined && <p data-testid="run-usage">{usageText(run.usage, run.device)}</p>}
      <p className="hint">{run.notes.join(' ')}</p>
    </section>
  );
}
