import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FinishedRun } from '../compute/trainService';

/** Runs finished in this tab, oldest first, for the Compare and Inspect steps. */
export interface RunsState {
  runs: FinishedRun[];
  /** Appends a finished run. */
  add(run: FinishedRun): void;
  /** Forgets the run with worker id `id`. */
  remove(id: number): void;
}

/** Creates an empty runs store. */
export function createRunsStore(): StoreApi<RunsState> {
  return createStore<RunsState>()((set) => ({
    runs: [],
    add: (run) => set((s) => ({ runs: [...s.runs, run] })),
    remove: (id) => set((s) => ({ runs: s.runs.filter((r) => r.id !== id) })),
  }));
}
