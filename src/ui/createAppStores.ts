import { presetRunConfig } from '../config/defaults';
import { createDataStore } from '../state/dataStore';
import { createDeviceStore } from '../state/deviceStore';
import { createExploreStore } from '../state/exploreStore';
import { createHllmPlanStore } from '../state/hllmPlanStore';
import { createInspectStore } from '../state/inspectStore';
import { createItemLlmStore } from '../state/itemLlmStore';
import { createProjectionStore } from '../state/projectionStore';
import { createRunsStore } from '../state/runsStore';
import { createTrainingStore } from '../state/trainingStore';
import { createUiStore } from '../state/uiStore';
import { readUrlState } from '../state/urlState';
import type { Stores } from './storesContext';
import type { WorkerClients } from './workerClients';

/**
 * Creates every store of the app over the worker clients, starting from the page's query string
 * (run config, step, `hide=` list); without a config there, the `classroom-quick` SASRec preset.
 */
export function createAppStores(clients: WorkerClients, search: string): Stores {
  const url = readUrlState(search, () => presetRunConfig('classroom-quick', 'sasrec'));
  const runs = createRunsStore();
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
    inspect: createInspectStore(clients.train),
    itemLlm: createItemLlmStore({
      samplePrompts: (fields, count) => clients.data.samplePrompts(fields, count),
      currentDataset: () => clients.data.currentDataset(),
      encodeItems: (dataset, request, onProgress) =>
        clients.train.encodeItems(dataset, request, onProgress),
    }),
    hllmPlan: createHllmPlanStore(clients.train),
    explore: createExploreStore(clients.train),
  };
}
