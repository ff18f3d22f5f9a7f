import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeDataProgress, type DataProgress } from '../compute/dataProgress';
import type { DataService } from '../compute/dataService';
import type { DatasetSummary } from '../compute/datasetSummary';
import { toWorkerFailure, type WorkerFailure, type WorkerResult } from '../compute/workerResult';

/** The calls the data store makes on the data worker. */
export type DataClient = Pick<DataService, 'loadSynthetic' | 'ingestFiles'>;

/** The current dataset, the job in flight and the last failure. */
export interface DataState {
  /** Summary of the dataset the other steps use; null until one has loaded. */
  summary: DatasetSummary | null;
  /** What the data worker is doing now, or null when idle. */
  busy: string | null;
  /** Why the last job failed; cleared when the next one starts. */
  failure: WorkerFailure | null;
  /** Loads the embedded synthetic dataset. */
  loadSynthetic(): Promise<void>;
  /** Ingests files; on failure the previous dataset stays current. */
  ingestFiles(files: File[]): Promise<void>;
}

/** Creates the data store over a data-worker client (a comlink remote, or a fake in tests). */
export function createDataStore(client: DataClient): StoreApi<DataState> {
  return createStore<DataState>()((set) => {
    const onProgress = (progress: DataProgress) => set({ busy: describeDataProgress(progress) });
    const run = async (
      busy: string,
      job: (report: typeof onProgress) => Promise<WorkerResult<DatasetSummary>>,
    ) => {
      set({ busy, failure: null });
      const result = await job(onProgress).catch(
        (error: unknown): WorkerResult<DatasetSummary> => ({
          ok: false,
          failure: toWorkerFailure(error),
        }),
      );
      set(
        result.ok ? { busy: null, summary: result.value } : { busy: null, failure: result.failure },
      );
    };
    return {
      summary: null,
      busy: null,
      failure: null,
      loadSynthetic: () =>
        run('Generating the synthetic dataset…', (report) => client.loadSynthetic(report)),
      ingestFiles: (files) =>
        run(`Reading ${files.map((f) => f.name).join(', ')}…`, (report) =>
          client.ingestFiles(files, report),
        ),
    };
  });
}
