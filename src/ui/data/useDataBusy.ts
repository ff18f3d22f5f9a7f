import { useStore } from 'zustand';
import { useStores } from '../storesContext';

/** Why the Data step's loading controls wait while a run trains. */
export const TRAINING_BUSY =
  'A run is training on the current dataset: load another one once it ends (or cancel it).';

/**
 * What keeps the Data step's loading controls disabled, or null: the data worker's job, or a
 * training run (a new dataset mid-run would stand above the old run's results).
 */
export function useDataBusy(): string | null {
  const { data, training } = useStores();
  const busy = useStore(data, (s) => s.busy);
  const status = useStore(training, (s) => s.status);
  return busy ?? (status === 'running' || status === 'paused' ? TRAINING_BUSY : null);
}
