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

/** Tells the other tabs that the saved history changed, and hears them do so. */
export interface HistoryChannel {
  post(): void;
  listen(onChange: () => void): void;
}

/** A `HistoryChannel` over a BroadcastChannel (none where the browser lacks it). */
export function broadcastHistoryChannel(name = 'hllm-playground-runs'): HistoryChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(name);
  return {
    post: () => channel.postMessage('changed'),
    listen: (onChange) => channel.addEventListener('message', onChange),
  };
}

/**
 * Creates the runs store; with `storage`, it loads the saved history and saves every new run;
 * with `channel`, the other tabs' saved runs join the history as they finish (and removals leave).
 */
export function createRunsStore(
  storage?: Promise<RunHistoryStorage>,
  now: () => Date = () => new Date(),
  channel?: HistoryChannel,
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
      channel?.listen(() => {
        storage
          .then((s) => s.load())
          .then((saved) =>
            set((st) => {
              const mine = new Map(st.history.map((h) => [h.key, h]));
              // The saved list in its order, this tab's worker ids kept.
              return { history: saved.map((h) => mine.get(h.key) ?? h) };
            }),
          )
          .catch(problem('load'));
      });
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
        storage
          ?.then((s) => s.save(entry))
          .then(() => channel?.post())
          .catch(problem('save'));
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
        storage
          ?.then((s) => s.remove(key))
          .then(() => channel?.post())
          .catch(problem('update'));
      },
    };
  });
}
