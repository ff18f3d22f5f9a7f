import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { DataState } from '../state/dataStore';
import type { DeviceState } from '../state/deviceStore';
import type { EstimateState } from '../state/estimateStore';
import type { ExportState } from '../state/exportStore';
import type { ExploreState } from '../state/exploreStore';
import type { HllmPlanState } from '../state/hllmPlanStore';
import type { InspectState } from '../state/inspectStore';
import type { ItemLlmState } from '../state/itemLlmStore';
import type { ProjectionState } from '../state/projectionStore';
import type { RunsState } from '../state/runsStore';
import type { TrainingState } from '../state/trainingStore';
import type { UiState } from '../state/uiStore';

/** Every store of the app, created once in `main.tsx` (or by a test) and shared through context. */
export interface Stores {
  ui: StoreApi<UiState>;
  device: StoreApi<DeviceState>;
  data: StoreApi<DataState>;
  training: StoreApi<TrainingState>;
  /** The warm-up estimate of the next Start. */
  estimate: StoreApi<EstimateState>;
  runs: StoreApi<RunsState>;
  projection: StoreApi<ProjectionState>;
  exports: StoreApi<ExportState>;
  inspect: StoreApi<InspectState>;
  itemLlm: StoreApi<ItemLlmState>;
  hllmPlan: StoreApi<HllmPlanState>;
  explore: StoreApi<ExploreState>;
}

/** Context carrying the app's stores. */
export const StoresContext = createContext<Stores | null>(null);

/** The app's stores; throws when rendered outside `StoresContext`. */
export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (stores === null) throw new Error('useStores must be used inside StoresContext.Provider');
  return stores;
}
