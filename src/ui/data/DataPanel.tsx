import { useStore } from 'zustand';
import { FailureMessage } from '../FailureMessage';
import { useStores } from '../storesContext';
import { FileDrop } from './FileDrop';
import { IngestReport } from './IngestReport';
import { PendingFilesPanel } from './PendingFilesPanel';
import { PopularityChart } from './PopularityChart';
import { SequenceLengthChart } from './SequenceLengthChart';
import { StatsSummary } from './StatsSummary';
import { useDataBusy } from './useDataBusy';

/**
 * The Data step: file loading through a preview with format and column choices, then the current
 * dataset's statistics and charts, skips and errors.
 */
export function DataPanel() {
  const { data } = useStores();
  const summary = useStore(data, (s) => s.summary);
  const notKept = useStore(data, (s) => s.notKept);
  const busy = useDataBusy();
  const failure = useStore(data, (s) => s.failure);
  const previewFiles = useStore(data, (s) => s.previewFiles);
  const loadSynthetic = useStore(data, (s) => s.loadSynthetic);
  return (
    <section aria-labelledby="data-title" className="panel">
      <h2 id="data-title">Data</h2>
      <div className="data-source">
        <FileDrop disabled={busy !== null} onFiles={(files) => void previewFiles(files)} />
        <button type="button" disabled={busy !== null} onClick={() => void loadSynthetic()}>
          Use the embedded synthetic dataset
        </button>
      </div>
      {busy !== null && (
        <p role="status" className="busy" data-testid="data-busy">
          {busy}
        </p>
      )}
      {notKept !== null && (
        <p className="notice" data-testid="data-not-kept">
          The dataset you loaded from files before this page reloaded, <strong>{notKept}</strong>,
          was not kept (its files stay on your disk): load them again to go on with it.
        </p>
      )}
      {failure !== null && <FailureMessage failure={failure} />}
      <PendingFilesPanel />
      {summary !== null && (
        <article aria-labelledby="dataset-title" data-testid="dataset">
          <h3 id="dataset-title">
            <span data-testid="dataset-name">{summary.name}</span>{' '}
            <span className="format">({summary.format})</span>
          </h3>
          <StatsSummary stats={summary.stats} />
          <div className="charts">
            <SequenceLengthChart histogram={summary.stats.sequenceLength.histogram} />
            <PopularityChart sortedCounts={summary.stats.itemPopularity.sortedCounts} />
          </div>
          <IngestReport skipped={summary.skipped} warnings={summary.warnings} />
        </article>
      )}
    </section>
  );
}
