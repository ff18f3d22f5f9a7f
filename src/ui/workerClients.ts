import { proxy, wrap, type ProxyMarked } from 'comlink';
import type { DataService } from '../compute/dataService';
import type { ProjectionService } from '../compute/projectionService';
import type { TrainService } from '../compute/trainService';
import type { Dataset } from '../dataset/types';

/** A comlink proxy of an optional callback (undefined stays undefined). */
function proxyIfGiven<F extends object>(callback: F | undefined): (F & ProxyMarked) | undefined {
  return callback === undefined ? undefined : proxy(callback);
}

/** Main-thread handles on the two workers, typed by the core services they expose. */
export interface WorkerClients {
  data: Pick<
    DataService,
    | 'loadSynthetic'
    | 'previewFiles'
    | 'ingestFiles'
    | 'samplePrompts'
    | 'exportHllmLayout'
    | 'exportGpuBundle'
  > & {
    /** The data worker's current dataset, copied to the caller. */
    currentDataset(): Promise<Dataset | null>;
  };
  train: TrainService;
  /** The projection worker (UMAP layouts); absent where none runs. */
  projection?: ProjectionService;
}

/** Wraps the data, train and projection workers with comlink; event callbacks are passed as proxies. */
export function connectWorkers(
  dataWorker: Worker,
  trainWorker: Worker,
  projectionWorker?: Worker,
): WorkerClients {
  const data = wrap<DataService>(dataWorker);
  const train = wrap<TrainService>(trainWorker);
  const projection =
    projectionWorker === undefined ? undefined : wrap<ProjectionService>(projectionWorker);
  return {
    ...(projection === undefined
      ? {}
      : {
          projection: {
            umapFrame: (rows, dim, previous, seed) =>
              projection.umapFrame(rows, dim, previous, seed),
          },
        }),
    data: {
      loadSynthetic: (onProgress) => data.loadSynthetic(proxyIfGiven(onProgress)),
      previewFiles: (files, layouts) => data.previewFiles(files, layouts),
      ingestFiles: (files, onProgress, request) =>
        data.ingestFiles(files, proxyIfGiven(onProgress), request),
      currentDataset: () => data.currentDataset(),
      samplePrompts: (fields, count) => data.samplePrompts(fields, count),
      exportHllmLayout: () => data.exportHllmLayout(),
      exportGpuBundle: (config, fingerprint) => data.exportGpuBundle(config, fingerprint),
    },
    train: {
      detectDevice: () => train.detectDevice(),
      train: (dataset, config, onEvent, onProjection) =>
        train.train(dataset, config, proxy(onEvent), proxyIfGiven(onProjection)),
      encodeItems: (dataset, request, onProgress, onFileProgress) =>
        train.encodeItems(dataset, request, proxy(onProgress), proxyIfGiven(onFileProgress)),
      estimate: (dataset, config) => train.estimate(dataset, config),
      cancelEstimate: () => void train.cancelEstimate(),
      pause: () => void train.pause(),
      resume: () => void train.resume(),
      cancel: () => void train.cancel(),
      testCaseCount: (runId) => train.testCaseCount(runId),
      coldCases: (runId) => train.coldCases(runId),
      inspect: (runId, caseIndex) => train.inspect(runId, caseIndex),
      exportCheckpoint: (runId) => train.exportCheckpoint(runId),
      exportItemEmbeddings: (runId) => train.exportItemEmbeddings(runId),
      useWasm: () => train.useWasm(),
      hubCheckpoints: (base) => train.hubCheckpoints(base),
      planItemLlm: (config, numItems) => train.planItemLlm(config, numItems),
      fetchItemLlm: (name, files, onProgress) => train.fetchItemLlm(name, files, proxy(onProgress)),
      searchUsers: (query, limit) => train.searchUsers(query, limit),
      compareUser: (userId) => train.compareUser(userId),
      cacheStatus: () => train.cacheStatus(),
      clearCaches: () => train.clearCaches(),
      rankUsersForNewItem: (item, k) => train.rankUsersForNewItem(item, k),
    },
  };
}
