import { memo, useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { OKABE_ITO, MODEL_COLOURS } from '../palette';
import { useStores } from '../storesContext';
import { LossChart, type LossSeries } from './LossChart';
import { MODEL_LABELS } from './modelLabels';
import { ValidationChart, type ValidationSeries } from './ValidationChart';

/**
 * The live loss and validation charts: of the current run, or of every model of a side-by-side
 * start overlaid in the model colours. They draw deferred copies of the progress, so React renders
 * them in interruptible background passes and a chart update never holds the main thread for long
 * while training events arrive.
 */
export const LiveCharts = memo(function LiveCharts() {
  const { training } = useStores();
  const progress = useDeferredValue(useStore(training, (s) => s.progress));
  const queue = useDeferredValue(useStore(training, (s) => s.queue));
  const overlaid = queue.length > 1;
  const losses: LossSeries[] = overlaid
    ? queue.map((run) => ({
        name: MODEL_LABELS[run.kind],
        colour: MODEL_COLOURS[run.kind],
        losses: run.progress.losses,
      }))
    : [{ name: 'Loss', colour: OKABE_ITO.blue, losses: progress.losses }];
  const valid: ValidationSeries[] = overlaid
    ? queue.map((run) => ({
        name: MODEL_LABELS[run.kind],
        colour: MODEL_COLOURS[run.kind],
        epochs: run.progress.epochs,
      }))
    : [{ name: 'Validation', colour: OKABE_ITO.blue, epochs: progress.epochs }];
  if (losses.every((s) => s.losses.length === 0)) return null;
  return (
    <div className="charts" data-testid="live-charts" data-series={losses.length}>
      <LossChart series={losses} />
      <ValidationChart series={valid} />
    </div>
  );
});
