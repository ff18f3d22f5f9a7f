import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openIndexedDbRunHistory } from './state/runHistoryDb';
import { writeUrlState } from './state/urlState';
import { App } from './ui/App';
import { createAppStores } from './ui/createAppStores';
import { StoresContext } from './ui/storesContext';
import { connectWorkers } from './ui/workerClients';
import './ui/styles.css';

const dataWorker = new Worker(new URL('../workers/data.worker.ts', import.meta.url), {
  type: 'module',
  name: 'data',
});
const trainWorker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), {
  type: 'module',
  name: 'train',
});
const projectionWorker = new Worker(new URL('../workers/projection.worker.ts', import.meta.url), {
  type: 'module',
  name: 'projection',
});

const stores = createAppStores(
  connectWorkers(dataWorker, trainWorker, projectionWorker),
  window.location.search,
  openIndexedDbRunHistory(),
);

dataWorker.addEventListener('error', (event) =>
  stores.data.setState({
    busy: null,
    failure: { kind: 'internal', message: `The data worker failed: ${event.message}` },
  }),
);
trainWorker.addEventListener('error', (event) =>
  stores.device.setState({
    status: {
      state: 'failed',
      failure: { kind: 'internal', message: `The train worker failed: ${event.message}` },
    },
  }),
);

/** Keeps the address in step with the run config and the open step, without adding history entries. */
function syncUrl(): void {
  const search = writeUrlState({
    config: stores.training.getState().config,
    models: stores.training.getState().models,
    step: stores.ui.getState().step,
    hidden: stores.ui.getState().hidden,
  });
  if (search !== window.location.search) window.history.replaceState(null, '', search);
}
stores.training.subscribe(syncUrl);
stores.ui.subscribe(syncUrl);
syncUrl();

void stores.device.getState().detect();
void stores.data.getState().loadSynthetic();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoresContext.Provider value={stores}>
      <App />
    </StoresContext.Provider>
  </StrictMode>,
);
