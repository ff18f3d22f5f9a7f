import { useStore } from 'zustand';
import type { QueuedRun } from '../../state/trainingStore';
import { MODEL_COLOURS } from '../palette';
import { useStores } from '../storesContext';
import { MODEL_LABELS } from './modelLabels';
import { progressLine } from './progressLine';

/** Where one model of a side-by-side start stands, in words. */
function queuedLine(run: QueuedRun, paused: boolean): string {
  switch (run.status) {
    case 'waiting':
      return 'waiting for its turn';
    case 'running':
      return progressLine(run.progress, run.config.train.epochs, paused);
    case 'finished':
      return `finished (${run.progress.latest?.step ?? 0} steps)`;
    case 'stopped':
      return `stopped${run.failure === null ? '' : `: ${run.failure.message}`}`;
  }
}

/** One progress line per model of a side-by-side start, in the model colours. */
export function QueueProgress() {
  const { training } = useStores();
  const queue = useStore(training, (s) => s.queue);
  const paused = useStore(training, (s) => s.status === 'paused');
  if (queue.length < 2) return null;
  return (
    <ol className="queue-progress" data-testid="queue-progress">
      {queue.map((run) => (
        <li key={run.kind} data-model={run.kind} data-status={run.status}>
          <span className="swatch" style={{ background: MODEL_COLOURS[run.kind] }} />{' '}
          <strong>{MODEL_LABELS[run.kind]}</strong>: {queuedLine(run, paused)}
        </li>
      ))}
    </ol>
  );
}
