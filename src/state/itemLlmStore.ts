import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DataService, ItemPromptSample } from '../compute/dataService';
import { toWorkerFailure, type WorkerFailure } from '../compute/workerResult';

/** The calls the Item LLM store makes on the data worker. */
export type ItemLlmClient = Pick<DataService, 'samplePrompts'>;

/** Items previewed in the Item LLM step. */
export const PROMPT_SAMPLES = 3;

/** The text fields fed to the Item LLM, in prompt order, and a preview of the resulting prompts. */
export interface ItemLlmState {
  fields: string[];
  samples: ItemPromptSample[];
  failure: WorkerFailure | null;
  /** Uses `fields` (in this order) and fetches the prompts of the first items with that text. */
  preview(fields: string[]): Promise<void>;
}

/** Creates the Item LLM store over a data-worker client. */
export function createItemLlmStore(client: ItemLlmClient): StoreApi<ItemLlmState> {
  return createStore<ItemLlmState>()((set, get) => ({
    fields: [],
    samples: [],
    failure: null,
    preview: async (fields) => {
      set({ fields, failure: null });
      const result = await client
        .samplePrompts(fields, PROMPT_SAMPLES)
        .catch((error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) }));
      if (get().fields !== fields) return;
      set(result.ok ? { samples: result.value } : { samples: [], failure: result.failure });
    },
  }));
}
