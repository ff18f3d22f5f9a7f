import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CacheStatus } from '../compute/cacheStatus';
import type { CuratedCheckpoint } from '../compute/curatedCheckpoints';
import type { FileDownloadProgress } from '../compute/itemLlmFiles';
import type { ItemLlmPlan } from '../compute/itemLlmPlan';
import type { TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure, type WorkerResult } from '../compute/workerResult';
import type { HllmConfig, RunConfig } from '../config/runConfig';

/** The calls the HLLM plan store makes on the train worker. */
export type HllmPlanClient = Pick<
  TrainService,
  'hubCheckpoints' | 'planItemLlm' | 'fetchItemLlm' | 'cacheStatus' | 'clearCaches'
>;

/** The files an Item LLM checkpoint is loaded from. */
export const ITEM_LLM_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'model.safetensors',
] as const;

/** Memory estimate of the configured Item LLM, and download progress of its files. */
export interface HllmPlanState {
  /** The curated Hub checkpoints, once loaded. */
  checkpoints: CuratedCheckpoint[];
  plan: ItemLlmPlan | null;
  /** Why the estimate could not be made (unreadable model files, bad settings). */
  planFailure: WorkerFailure | null;
  /** Latest progress of each file of the last fetch, in request order. */
  downloads: FileDownloadProgress[];
  fetching: boolean;
  fetchFailure: WorkerFailure | null;
  /** Estimates the Item LLM memory of `config` over `numItems` items (the latest call wins). */
  refresh(config: RunConfig, numItems: number): Promise<void>;
  /** Fetches every file of Item LLM `name`, with per-file progress. */
  fetchFiles(name: string): Promise<void>;
  /** What each browser cache holds (empty until refreshed). */
  caches: CacheStatus[];
  cacheFailure: WorkerFailure | null;
  /** Reads what the caches hold. */
  refreshCaches(): Promise<void>;
  /** Empties the model-file and embedding caches. */
  clearCaches(): Promise<void>;
  /** Loads the curated Hub checkpoints with estimates for a run with `base`'s other settings. */
  loadCheckpoints(base: HllmConfig): Promise<void>;
  /** Forgets the estimate (the config no longer trains an Item LLM). */
  clear(): void;
}

/** Creates the HLLM plan store over a train-worker client. */
export function createHllmPlanStore(client: HllmPlanClient): StoreApi<HllmPlanState> {
  return createStore<HllmPlanState>()((set, get) => {
    let planCall = 0;
    const fail = (error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) });
    const cachesFrom = (result: WorkerResult<CacheStatus[]>) =>
      set(
        result.ok ? { caches: result.value, cacheFailure: null } : { cacheFailure: result.failure },
      );
    return {
      caches: [],
      cacheFailure: null,
      refreshCaches: async () => cachesFrom(await client.cacheStatus().catch(fail)),
      clearCaches: async () => cachesFrom(await client.clearCaches().catch(fail)),
      checkpoints: [],
      loadCheckpoints: async (base) => {
        const result = await client.hubCheckpoints(base).catch(fail);
        if (result.ok) set({ checkpoints: result.value });
        else set({ planFailure: result.failure });
      },
      plan: null,
      planFailure: null,
      downloads: [],
      fetching: false,
      fetchFailure: null,
      refresh: async (config, numItems) => {
        const call = ++planCall;
        const result = await client.planItemLlm(config, numItems).catch(fail);
        if (call !== planCall) return;
        set(
          result.ok
            ? { plan: result.value, planFailure: null }
            : { plan: null, planFailure: result.failure },
        );
      },
      fetchFiles: async (name) => {
        if (get().fetching) return;
        set({ fetching: true, fetchFailure: null, downloads: [] });
        const result = await client
          .fetchItemLlm(name, [...ITEM_LLM_FILES], (progress) =>
            set((s) => ({
              downloads: [...s.downloads.filter((d) => d.file !== progress.file), progress].sort(
                (a, b) =>
                  ITEM_LLM_FILES.indexOf(a.file as (typeof ITEM_LLM_FILES)[number]) -
                  ITEM_LLM_FILES.indexOf(b.file as (typeof ITEM_LLM_FILES)[number]),
              ),
            })),
          )
          .catch(fail);
        set(
          result.ok
            ? { fetching: false, downloads: result.value }
            : { fetching: false, fetchFailure: result.failure },
        );
      },
      clear: () => {
        planCall += 1;
        set({ plan: null, planFailure: null });
      },
    };
  });
}
