import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FinishedRun } from '../compute/trainService';
import type { RunHistoryStorage, SavedRun } from './runHistoryDb';

/** A run in the history: saved, and (for runs of this tab) its id in the train worker. */
export interface HistoryRun extends SavedRun {
  /** Id in this tab's train worker (checkpoint and embedding exports, Inspect); absent after a reload. */
  workerId?: number;
}

/**
 * Runs finished in this tab, oldest first, for Inspect; and the run history (this tab's runs and
 * those saved by earlier page loads) for Compare.
 */
export interface RunsState {
  runs: FinishedRun[];
  /** Every saved run, oldest first, those of this tab included. */
  history: HistoryRun[];
  /** Why saving or loading the history failed, or null. */
  historyProblem: string | null;
  /** Appends a finished run and saves it to the history. */
  add(run: FinishedRun): void;
  /** Forgets the run with worker id `id` (and its history entry). */
  remove(id: number): void;
  /** Forgets the history entry `key` (and the tab's run when it is one). */
  forget(key: string): void;
}

/** Creates the runs store; with `storage`, it loads the saved history and saves every new run. */
export function createRunsStore(
  storage?: Promise<RunHistoryStorage>,
  now: () => Date = () => new Date(),
): StoreApi<RunsState> {
  return createStore<RunsState>()((set, get) => {
    const problem = (what: string) => (error: unknown) =>
      set({
        historyProblem: `Could not ${what} the run history: ${error instanceof Error ? error.message : String(error)}`,
      });
    if (storage !== undefined) {
      storage
        .then((s) => s.load())
        .then((saved) => set((st) => ({ history: [...saved, ...st.history] })))
        .catch(problem('load'));
    }
    let counter = 0;
    return {
      runs: [],
      history: [],
      historyProblem: null,
      add: (run) => {
        const savedAt = now().toISOString();
        const entry: SavedRun = {
          key: `${savedAt}-${counter++}-${run.record.config.model.kind}`,
          record: run.record,
          savedAt,
        };
        set((s) => ({
          runs: [...s.runs, run],
          history: [...s.history, { ...entry, workerId: run.id }],
        }));
        storage?.then((s) => s.save(entry)).catch(problem('save'));
      },
      remove: (id) => {
        const entry = get().history.find((h) => h.workerId === id);
        if (entry !== undefined) get().forget(entry.key);
        else set((s) => ({ runs: s.runs.filter((r) => r.id !== id) }));
      },
      forget: (key) => {
        const entry = get().history.find((h) => h.key === key);
        set((s) => ({
          history: s.history.filter((h) => h.key !== key),
          runs:
            entry?.workerId === undefined ? s.runs : s.runs.filter((r) => r.id !== entry.workerId),
        }));
        storage?.then((s) => s.remove(key)).catch(problem('update'));
      },
    };
  });
}
