import { render, type RenderResult } from '@testing-library/react';
import type { DataClient } from '../../src/state/dataStore';
import { createDataStore } from '../../src/state/dataStore';
import { createDeviceStore } from '../../src/state/deviceStore';
import { createUiStore } from '../../src/state/uiStore';
import { App } from '../../src/ui/App';
import { StoresContext, type Stores } from '../../src/ui/storesContext';
import type { TrainService } from '../../src/compute/trainService';

/** jsdom lacks ResizeObserver, which recharts' ResponsiveContainer needs. */
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoResizeObserver;

/** Renders the whole app over fake worker clients; returns the stores with the render result. */
export function renderApp(
  data: DataClient,
  device: Pick<TrainService, 'detectDevice'>,
): RenderResult & { stores: Stores } {
  const stores: Stores = {
    ui: createUiStore(),
    device: createDeviceStore(device),
    data: createDataStore(data),
  };
  const result = render(
    <StoresContext.Provider value={stores}>
      <App />
    </StoresContext.Provider>,
  );
  return { ...result, stores };
}
