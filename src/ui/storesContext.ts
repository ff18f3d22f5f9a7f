import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { DataState } from '../state/dataStore';
import type { DeviceState } from '../state/deviceStore';
import type { UiState } from '../state/uiStore';

/** Every store of the app, created once in `main.tsx` (or by a test) and shared through context. */
export interface Stores {
  ui: StoreApi<UiState>;
  device: StoreApi<DeviceState>;
  data: StoreApi<DataState>;
}

/** Context carrying the app's stores. */
export const StoresContext = createContext<Stores | null>(null);

/** The app's stores; throws when rendered outside `StoresContext`. */
export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (stores === null) throw new Error('useStores must be used inside StoresContext.Provider');
  return stores;
}
