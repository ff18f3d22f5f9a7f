import { render, type RenderResult } from '@testing-library/react';
import type { RunHistoryStorage } from '../../src/state/runHistoryDb';
import { App } from '../../src/ui/App';
import { createAppStores } from '../../src/ui/createAppStores';
import { StoresContext, type Stores } from '../../src/ui/storesContext';
import type { WorkerClients } from '../../src/ui/workerClients';

/** jsdom lacks ResizeObserver, which recharts' ResponsiveContainer needs. */
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoResizeObserver;

/** A promise that never settles: a worker call the test does not answer. */
export const never = () => new Promise<never>(() => undefined);

/** Fake worker clients: every call hangs unless the test overrides it. */
export function fakeClients(
  data: Partial<WorkerClients['data']> = {},
  train: Partial<WorkerClients['train']> = {},
): WorkerClients {
  return {
    data: {
      loadSynthetic: never,
      previewFiles: never,
      ingestFiles: never,
      currentDataset: never,
      samplePrompts: never,
      exportHllmLayout: never,
      exportGpuBundle: never,
      ...data,
    },
    train: {
      detectDevice: never,
      train: never,
      encodeItems: never,
      estimate: never,
      cancelEstimate: () => undefined,
      pause: () => undefined,
      resume: () => undefined,
      cancel: () => undefined,
      testCaseCount: never,
      coldCases: never,
      inspect: never,
      exportCheckpoint: never,
      exportItemEmbeddings: never,
      useWasm: never,
      hubCheckpoints: never,
      planItemLlm: never,
      fetchItemLlm: never,
      searchUsers: never,
      compareUser: never,
      cacheStatus: never,
      clearCaches: never,
      rankUsersForNewItem: never,
      ...train,
    },
  };
}

/** Renders the whole app over fake worker clients (and run history); returns the stores with the render result. */
export function renderApp(
  clients: WorkerClients,
  search = '',
  runHistory?: Promise<RunHistoryStorage>,
): RenderResult & { stores: Stores } {
  const stores = createAppStores(clients, search, runHistory);
  const result = render(
    <StoresContext.Provider value={stores}>
      <App />
    </StoresContext.Provider>,
  );
  return { ...result, stores };
}
