import { presetRunConfig } from '../config/defaults';
import { createDataStore } from '../state/dataStore';
import { createDeviceStore } from '../state/deviceStore';
import { createExportStore } from '../state/exportStore';
import { createExploreStore } from '../state/exploreStore';
import { createHllmPlanStore } from '../state/hllmPlanStore';
import { createInspectStore } from '../state/inspectStore';
import { createItemLlmStore } from '../state/itemLlmStore';
import { createProjectionStore } from '../state/projectionStore';
import type { RunHistoryStorage } from '../state/runHistoryDb';
import { createRunsStore } from '../state/runsStore';
import { createTrainingStore } from '../state/trainingStore';
import { createUiStore } from '../state/uiStore';
import { readUrlState } from '../state/urlState';
import { downloadFile } from './compare/downloadFile';
import type { Stores } from './storesContext';
import type { WorkerClients } from './workerClients';

/**
 * Creates every store of the app over the worker clients, starting from the page's query string
 * (run config, step, `hide=` list); without a config there, the `classroom-quick` SASRec preset.
 * With `runHistory`, finished runs are kept there across reloads.
 */
export function createAppStores(
  clients: WorkerClients,
  search: string,
  runHistory?: Promise<RunHistoryStorage>,
): Stores {
  const url = readUrlState(search, () => presetRunConfig('classroom-quick', 'sasrec'));
  const runs = createRunsStore(runHistory);
  const projection = createProjectionStore();
  const device = createDeviceStore(clients.train);
  return {
    ui: createUiStore(url.step ?? 'data', url.hidden, url.rejected),
    device,
    data: createDataStore(clients.data),
    training: createTrainingStore(
      {
        client: clients.train,
        currentDataset: () => clients.data.currentDataset(),
        onFinished: (run) => runs.getState().add(run),
        onProjection: (event) => projection.getState().receive(event),
        switchToWasm: async () => {
          const result = await clients.train.useWasm();
          if (result.ok) device.setState({ status: { state: 'ready', info: result.value } });
          return result;
        },
      },
      url.config,
    ),
    runs,
    projection,
    exports: createExportStore({
      train: clients.train,
      data: clients.data,
      save: downloadFile,
    }),
    inspect: createInspectStore(clients.train),
    itemLlm: createItemLlmStore({
      samplePrompts: (fields, count) => clients.data.samplePrompts(fields, count),
      currentDataset: () => clients.data.currentDataset(),
      encodeItems: (dataset, request, onProgress, onFileProgress) =>
        clients.train.encodeItems(dataset, request, onProgress, onFileProgress),
    }),
    hllmPlan: createHllmPlanStore(clients.train),
    explore: createExploreStore(clients.train),
  };
}
