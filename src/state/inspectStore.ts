import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InspectedCase } from '../compute/runInspection';
import type { TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure } from '../compute/workerResult';

/** The calls the inspect store makes on the train worker. */
export type InspectClient = Pick<TrainService, 'testCaseCount' | 'inspect'>;

/** Which test case of which finished run is shown in the Inspect step. */
export interface InspectState {
  runId: number | null;
  caseCount: number;
  caseIndex: number;
  shown: InspectedCase | null;
  failure: WorkerFailure | null;
  /** Opens run `runId` at its first test case. */
  select(runId: number): Promise<void>;
  /** Shows test case `caseIndex` of the selected run (clamped to the existing cases). */
  show(caseIndex: number): Promise<void>;
}

/** Creates the inspect store over a train-worker client. */
export function createInspectStore(client: InspectClient): StoreApi<InspectState> {
  return createStore<InspectState>()((set, get) => {
    const fetchCase = async (runId: number, caseIndex: number) => {
      const result = await client
        .inspect(runId, caseIndex)
        .catch((error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) }));
      if (get().runId !== runId || get().caseIndex !== caseIndex) return;
      set(result.ok ? { shown: result.value, failure: null } : { failure: result.failure });
    };
    return {
      runId: null,
      caseCount: 0,
      caseIndex: 0,
      shown: null,
      failure: null,
      select: async (runId) => {
        set({ runId, caseCount: 0, caseIndex: 0, shown: null, failure: null });
        const count = await client
          .testCaseCount(runId)
          .catch((error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) }));
        if (get().runId !== runId) return;
        if (!count.ok) {
          set({ failure: count.failure });
          return;
        }
        set({ caseCount: count.value });
        if (count.value > 0) await fetchCase(runId, 0);
      },
      show: async (caseIndex) => {
        const { runId, caseCount } = get();
        if (runId === null || caseCount === 0) return;
        const index = Math.min(caseCount - 1, Math.max(0, Math.round(caseIndex)));
        set({ caseIndex: index });
        await fetchCase(runId, index);
      },
    };
  });
}
