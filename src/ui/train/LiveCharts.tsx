import { memo, useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../storesContext';
import { LossChart } from './LossChart';
import { ValidationChart } from './ValidationChart';

/**
 * The live loss and validation charts of the current run. They draw deferred copies of the
 * progress, so React renders them in interruptible background passes and a chart update never
 * holds the main thread for long while training events arrive.
 */
export const LiveCharts = memo(function LiveCharts() {
  const { training } = useStores();
  const losses = useDeferredValue(useStore(training, (s) => s.progress.losses));
  const epochs = useDeferredValue(useStore(training, (s) => s.progress.epochs));
  if (losses.length === 0) return null;
  return (
    <div className="charts">
      <LossChart losses={losses} />
      <ValidationChart epochs={epochs} />
    </div>
  );
});
