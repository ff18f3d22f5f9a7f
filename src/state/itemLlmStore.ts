import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DataService, ItemPromptSample } from '../compute/dataService';
import type { ItemEncodingRequest, ItemEncodingSummary } from '../compute/itemEncoding';
import type { FileDownloadProgress } from '../compute/itemLlmFiles';
import type { TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure } from '../compute/workerResult';
import type { Dataset } from '../dataset/types';
import type { EncodeProgress } from '../itemEncoders/progress';

/** The calls the Item LLM store makes on the workers. */
export interface ItemLlmClient {
  samplePrompts: DataService['samplePrompts'];
  /** The dataset to encode (fetched from the data worker). */
  currentDataset(): Promise<Dataset | null>;
  encodeItems: TrainService['encodeItems'];
}

/** Items previewed in the Item LLM step. */
export const PROMPT_SAMPLES = 3;

/** The model the Item LLM step offers first: the tiny random Llama served under `/models/`. */
export const DEFAULT_ITEM_LLM = 'tiny-random-llama-fp16';

/** Where the Item LLM step stands: prompt fields and preview, and the encoding run. */
export interface ItemLlmState {
  fields: string[];
  samples: ItemPromptSample[];
  failure: WorkerFailure | null;
  /** Settings of the next encoding run (its `fields` are taken from `fields`). */
  request: Omit<ItemEncodingRequest, 'fields'>;
  /** Progress of the running encoding, or null when none runs. */
  progress: EncodeProgress | null;
  /** Each model file read while the last encoding loaded its model, in the order they started. */
  modelFiles: FileDownloadProgress[];
  /** The last finished encoding. */
  encoded: ItemEncodingSummary | null;
  /** Uses `fields` (in this order) and fetches the prompts of the first items with that text. */
  preview(fields: string[]): Promise<void>;
  /** Replaces settings of the next encoding run. */
  setRequest(request: Omit<ItemEncodingRequest, 'fields'>): void;
  /** Encodes every item of the current dataset with the Item LLM in the train worker. */
  encode(): Promise<void>;
}

/** Creates the Item LLM store over the worker clients. */
export function createItemLlmStore(client: ItemLlmClient): StoreApi<ItemLlmState> {
  return createStore<ItemLlmState>()((set, get) => ({
    fields: [],
    samples: [],
    failure: null,
    request: {
      model: DEFAULT_ITEM_LLM,
      maxTextTokens: 64,
      dtype: 'fp16',
      device: 'auto',
      batchSize: 16,
    },
    progress: null,
    modelFiles: [],
    encoded: null,
    preview: async (fields) => {
      set({ fields, failure: null });
      const result = await client
        .samplePrompts(fields, PROMPT_SAMPLES)
        .catch((error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) }));
      if (get().fields !== fields) return;
      set(result.ok ? { samples: result.value } : { samples: [], failure: result.failure });
    },
    setRequest: (request) => set({ request }),
    encode: async () => {
      if (get().progress !== null) return;
      const fail = (error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) });
      set({
        failure: null,
        progress: { done: 0, total: 0, cached: 0, itemsPerSecond: 0, etaSeconds: Infinity },
        modelFiles: [],
      });
      const dataset = await client.currentDataset().catch(() => null);
      if (dataset === null) {
        set({ progress: null, failure: { kind: 'internal', message: 'No dataset is loaded.' } });
        return;
      }
      const result = await client
        .encodeItems(
          dataset,
          { ...get().request, fields: get().fields },
          (progress) => set({ progress }),
          (file) =>
            set((s) => {
              const at = s.modelFiles.findIndex((f) => f.file === file.file);
              const modelFiles =
                at < 0
                  ? [...s.modelFiles, file]
                  : s.modelFiles.map((f, i) => (i === at ? file : f));
              return { modelFiles };
            }),
        )
        .catch(fail);
      set(
        result.ok
          ? { progress: null, encoded: result.value }
          : { progress: null, failure: result.failure },
      );
    },
  }));
}
