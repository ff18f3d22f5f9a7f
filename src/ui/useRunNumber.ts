import { useStore } from 'zustand';
import type { HistoryRun } from '../state/runsStore';
import { useStores } from './storesContext';

/**
 * The number a run of this tab is shown by in every step: its 1-based place in the run history
 * (Compare's numbering, which also holds runs saved by earlier page loads).
 */
export function runNumberOf(history: readonly HistoryRun[], workerId: number): number {
  const index = history.findIndex((run) => run.workerId === workerId);
  return index >= 0 ? index + 1 : workerId + 1;
}

/** `runNumberOf` over the current run history, for components. */
export function useRunNumber(): (workerId: number) => number {
  const { runs } = useStores();
  const history = useStore(runs, (s) => s.history);
  return (workerId) => runNumberOf(history, workerId);
}
