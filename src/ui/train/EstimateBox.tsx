import { useStore } from 'zustand';
import type { RunEstimate } from '../../pipeline/estimateRun';
import { formatDuration } from '../../runs/units';
import { smallerPresetConfig, SMALLER_PRESET, totalOf } from '../../state/estimateStore';
import { FailureMessage } from '../FailureMessage';
import { useStores } from '../storesContext';
import { MODEL_LABELS } from './modelLabels';

/** `~N steps, ~X here` for a set of estimates. */
function stepsAndTime(runs: readonly RunEstimate[]): string {
  return `~${totalOf(runs, 'steps').toLocaleString('en')} steps, ~${formatDuration(totalOf(runs, 'totalSeconds'))} here`;
}

/** One model's estimate in words. */
function modelLine(run: RunEstimate): string {
  return `${MODEL_LABELS[run.model]}: ${run.steps.toLocaleString('en')} steps (${run.stepsPerEpoch.toLocaleString('en')} per epoch × ${run.epochs}) at ${run.secondsPerStep.toFixed(3)} s a step, ~${formatDuration(run.trainSeconds)} training, ~${formatDuration(run.evalSeconds)} evaluating, ~${formatDuration(run.setupSeconds)} preparing`;
}

/**
 * The pre-run estimate: the steps of every model a Start would train and the time they would take
 * on this device, measured from a short warm-up in the train worker; beside it the smaller preset's
 * time and a button applying it.
 */
export function EstimateBox({ busy, blocked }: { busy: boolean; blocked: boolean }) {
  const { estimate: store, training } = useStores();
  const status = useStore(store, (s) => s.status);
  const estimate = useStore(store, (s) => s.estimate);
  const failure = useStore(store, (s) => s.failure);
  const config = useStore(training, (s) => s.config);
  const { measure, cancel } = store.getState();
  const applySmaller = () => {
    const smaller = smallerPresetConfig(config);
    if (smaller !== null) training.getState().setConfig(smaller);
  };
  const smallerFaster =
    estimate?.smaller != null &&
    totalOf(estimate.smaller, 'totalSeconds') < totalOf(estimate.runs, 'totalSeconds');
  return (
    <div className="estimate" data-testid="run-estimate" data-state={status}>
      <p className="controls">
        <button
          type="button"
          disabled={busy || blocked || status === 'measuring'}
          onClick={() => void measure()}
        >
          Estimate the time here (short warm-up)
        </button>
        {status === 'measuring' && (
          <button type="button" onClick={cancel}>
            Stop the warm-up
          </button>
        )}
      </p>
      {status === 'measuring' && (
        <p role="status">Timing a few real steps on this device, then discarding them…</p>
      )}
      {estimate !== null && (
        <>
          <p data-testid="estimate-summary">
            <strong>{stepsAndTime(estimate.runs)}</strong>
            {estimate.smaller === null
              ? ` (this is the ${SMALLER_PRESET} preset).`
              : `; the ${SMALLER_PRESET} preset would take ~${formatDuration(totalOf(estimate.smaller, 'totalSeconds'))} (${totalOf(estimate.smaller, 'steps').toLocaleString('en')} steps).`}{' '}
            {smallerFaster && (
              <button type="button" disabled={busy} onClick={applySmaller}>
                Use the {SMALLER_PRESET} preset
              </button>
            )}
          </p>
          <ul className="hint">
            {estimate.runs.map((run) => (
              <li key={run.model}>{modelLine(run)}</li>
            ))}
          </ul>
          <p className="hint">
            Early stopping can end a run sooner; the measured rate is of this device now.
          </p>
        </>
      )}
      {failure !== null && <FailureMessage failure={failure} />}
    </div>
  );
}
