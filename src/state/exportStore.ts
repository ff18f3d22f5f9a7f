import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DataService } from '../compute/dataService';
import type { TrainService } from '../compute/trainService';
import type { RunRecord } from '../runs/runRecord';
import { toWorkerFailure, type WorkerFailure, type WorkerResult } from '../compute/workerResult';

/** The worker calls exports need. */
export interface ExportDeps {
  train: Pick<TrainService, 'exportCheckpoint' | 'exportItemEmbeddings'>;
  data: Pick<DataService, 'exportHllmLayout' | 'exportGpuBundle'>;
  /** Hands a finished file to the user (a download in the page). */
  save(fileName: string, content: Uint8Array | string, type: string): void;
}

/** Exports made in the workers: which one is running and why the last one failed. */
export interface ExportState {
  /** What is being exported, or null. */
  busy: string | null;
  failure: WorkerFailure | null;
  /** Saves the best parameters of worker run `runId` as `<name>.safetensors`. */
  checkpoint(runId: number, name: string): Promise<void>;
  /** Saves the item embeddings of worker run `runId` as `<name>-vectors.tsv` and `<name>-metadata.tsv`. */
  itemEmbeddings(runId: number, name: string): Promise<void>;
  /** Saves the current dataset in HLLM's layout as a zip. */
  hllmDataset(): Promise<void>;
  /**
   * Saves a zip that runs `record`'s run with the official HLLM code on GPUs (made from the
   * current dataset, which must be the run's).
   */
  gpuBundle(record: RunRecord): Promise<void>;
}

/** Creates the export store over the workers. */
export function createExportStore(deps: ExportDeps): StoreApi<ExportState> {
  return createStore<ExportState>()((set) => {
    const run = async <T>(
      busy: string,
      job: () => Promise<WorkerResult<T>>,
      save: (value: T) => void,
    ) => {
      set({ busy, failure: null });
      const result = await job().catch((error: unknown): WorkerResult<T> => ({
        ok: false,
        failure: toWorkerFailure(error),
      }));
      if (result.ok) save(result.value);
      set({ busy: null, failure: result.ok ? null : result.failure });
    };
    return {
      busy: null,
      failure: null,
      checkpoint: (runId, name) =>
        run(
          'Writing the checkpoint…',
          () => deps.train.exportCheckpoint(runId),
          (bytes) => deps.save(`${name}.safetensors`, bytes, 'application/octet-stream'),
        ),
      itemEmbeddings: (runId, name) =>
        run(
          'Writing the item embeddings…',
          () => deps.train.exportItemEmbeddings(runId),
          (files) => {
            deps.save(`${name}-vectors.tsv`, files.vectors, 'text/tab-separated-values');
            deps.save(`${name}-metadata.tsv`, files.metadata, 'text/tab-separated-values');
          },
        ),
      hllmDataset: () =>
        run(
          'Writing the dataset in HLLM layout…',
          () => deps.data.exportHllmLayout(),
          (file) => deps.save(file.fileName, file.bytes, 'application/zip'),
        ),
      gpuBundle: (record) =>
        run(
          'Writing the bundle for the official HLLM code…',
          () => deps.data.exportGpuBundle(record.config, record.dataset.fingerprint),
          (file) => deps.save(file.fileName, file.bytes, 'application/zip'),
        ),
    };
  });
}
