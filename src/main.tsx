import { wrap } from 'comlink';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import type { DataService } from './compute/dataService';
import type { TrainService } from './compute/trainService';
import { createDataStore } from './state/dataStore';
import { createDeviceStore } from './state/deviceStore';
import { createUiStore } from './state/uiStore';
import { App } from './ui/App';
import { StoresContext, type Stores } from './ui/storesContext';
import './ui/styles.css';

const dataWorker = new Worker(new URL('../workers/data.worker.ts', import.meta.url), {
  type: 'module',
  name: 'data',
});
const trainWorker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), {
  type: 'module',
  name: 'train',
});

const stores: Stores = {
  ui: createUiStore(),
  device: createDeviceStore(wrap<TrainService>(trainWorker)),
  data: createDataStore(wrap<DataService>(dataWorker)),
};

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
