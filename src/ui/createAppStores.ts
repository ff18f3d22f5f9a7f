import { presetRunConfig } from '../config/defaults';
import type { RunConfig } from '../config/runConfig';
import { withDatasetTextFields } from '../config/textFields';
import { createDataStore, localUploadMemory } from '../state/dataStore';
import { createDeviceStore } from '../state/deviceStore';
import { createEstimateStore } from '../state/estimateStore';
import { createExportStore } from '../state/exportStore';
import { createExploreStore } from '../state/exploreStore';
import { createHllmPlanStore } from '../state/hllmPlanStore';
import { createInspectStore } from '../state/inspectStore';
import { createItemLlmStore } from '../state/itemLlmStore';
import { createProjectionStore } from '../state/projectionStore';
import type { RunHistoryStorage } from '../state/runHistoryDb';
import { broadcastHistoryChannel, createRunsStore } from '../state/runsStore';
import { webLockExclusive } from '../state/tabLock';
import { createTrainingStore } from '../state/trainingStore';
import { createUiStore } from '../state/uiStore';
import { readUrlState } from '../state/urlState';
import { downloadFile } from './compare/downloadFile';
import type { Stores } from './storesContext';
import type { WorkerClients } from './workerClients';

/**
 * Keeps HLLM's prompt fields on text the dataset has: the Item LLM step's chosen fields become the
 * run's `textFields`, and a run whose fields the loaded dataset lacks takes that choice, else the
 * dataset's own fields (title first).
 */
function syncTextFields(
  data: Stores['data'],
  training: Stores['training'],
  itemLlm: Stores['itemLlm'],
) {
  const fit = () => {
    const { config, setConfig } = training.getState();
    const available = data.getState().summary?.textFields;
    if (config.model.kind !== 'hllm' || available === undefined) return;
    const model = withDatasetTextFields(config.model, available, itemLlm.getState().fields);
    if (model !== config.model) setConfig({ ...config, model });
  };
  data.subscribe((s, prev) => {
    if (s.summary !== prev.summary) fit();
  });
  training.subscribe((s, prev) => {
    if (s.config.model.kind !== prev.config.model.kind) fit();
  });
  itemLlm.subscribe((s, prev) => {
    const { config, setConfig } = training.getState();
    if (s.fields === prev.fields || s.fields.length === 0 || config.model.kind !== 'hllm') return;
    if (s.fields.join('\n') === config.model.textFields.join('\n')) return;
    setConfig({ ...config, model: { ...config.model, textFields: [...s.fields] } });
  });
}

/** Places the item typed into Inspect's new-item box, once its run has embedded it, in the projection. */
function placeNewItem(explore: Stores['explore'], projection: Stores['projection']) {
  explore.subscribe((s, prev) => {
    if (s.ranking === prev.ranking) return;
    const title = s.newItem.title.trim();
    projection
      .getState()
      .setNewItem(
        s.ranking === null
          ? null
          : { runId: s.ranking.runId, title: title || 'new item', vector: s.ranking.vector },
      );
  });
}

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
  const runs = createRunsStore(
    runHistory,
    undefined,
    runHistory === undefined ? undefined : broadcastHistoryChannel(),
  );
  const projection = createProjectionStore(clients.projection);
  const device = createDeviceStore(clients.train);
  const data = createDataStore(clients.data, localUploadMemory());
  const ui = createUiStore(url.step ?? 'data', url.hidden, url.rejected);
  /** HLLM's prompt fields on the loaded dataset's text, for each model of a side-by-side start. */
  const fitConfig = (config: RunConfig): RunConfig => {
    const available = data.getState().summary?.textFields;
    if (config.model.kind !== 'hllm' || available === undefined) return config;
    const model = withDatasetTextFields(config.model, available, itemLlm.getState().fields);
    return model === config.model ? config : { ...config, model };
  };
  const training = createTrainingStore(
    {
      client: clients.train,
      currentDataset: () => clients.data.currentDataset(),
      onFinished: (run) => runs.getState().add(run),
      onQueueFinished: () => ui.getState().goTo('compare'),
      fitConfig,
      onProjection: (event) => projection.getState().receive(event),
      exclusive: webLockExclusive(),
      switchToWasm: async () => {
        const result = await clients.train.useWasm();
        if (result.ok) device.setState({ status: { state: 'ready', info: result.value } });
        return result;
      },
    },
    url.config,
    url.models,
  );
  const estimate = createEstimateStore({
    client: clients.train,
    currentDataset: () => clients.data.currentDataset(),
    currentSet: () => training.getState(),
    fitConfig,
  });
  training.subscribe((s, prev) => {
    if (s.config !== prev.config || s.models !== prev.models) estimate.getState().reset();
    if (s.status === 'running' && prev.status !== 'running') estimate.getState().cancel();
  });
  data.subscribe((s, prev) => {
    if (s.summary !== prev.summary) estimate.getState().reset();
  });
  const itemLlm = createItemLlmStore({
    samplePrompts: (fields, count) => clients.data.samplePrompts(fields, count),
    currentDataset: () => clients.data.currentDataset(),
    encodeItems: (dataset, request, onProgress, onFileProgress) =>
      clients.train.encodeItems(dataset, request, onProgress, onFileProgress),
  });
  syncTextFields(data, training, itemLlm);
  const explore = createExploreStore(clients.train);
  placeNewItem(explore, projection);
  return {
    ui,
    device,
    data,
    training,
    estimate,
    runs,
    projection,
    exports: createExportStore({
      train: clients.train,
      data: clients.data,
      save: downloadFile,
    }),
    inspect: createInspectStore(clients.train),
    itemLlm,
    hllmPlan: createHllmPlanStore(clients.train),
    explore,
  };
}
