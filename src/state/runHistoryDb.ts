import type { RunRecord } from '../runs/runRecord';

/** A run kept across reloads: its record under a unique key. */
export interface SavedRun {
  key: string;
  record: RunRecord;
  /** ISO time it was saved. */
  savedAt: string;
}

/** Where run history lives between page loads. */
export interface RunHistoryStorage {
  /** Every saved run, oldest first. */
  load(): Promise<SavedRun[]>;
  save(run: SavedRun): Promise<void>;
  remove(key: string): Promise<void>;
}

const STORE = 'runs';

/** Wraps one IndexedDB request in a promise. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Run history in the browser's IndexedDB (database `dbName`, one object store keyed by run key). */
export async function openIndexedDbRunHistory(
  dbName = 'hllm-runs',
  factory: IDBFactory = indexedDB,
): Promise<RunHistoryStorage> {
  const request = factory.open(dbName, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
  const db = await done(request);
  const store = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    load: async () => {
      const runs = (await done(store('readonly').getAll())) as SavedRun[];
      return runs.sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0));
    },
    save: async (run) => {
      await done(store('readwrite').put(run));
    },
    remove: async (key) => {
      await done(store('readwrite').delete(key));
    },
  };
}
