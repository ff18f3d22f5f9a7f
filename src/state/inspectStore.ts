import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InspectedCase } from '../compute/runInspection';
import type { TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure } from '../compute/workerResult';

/** The calls the inspect store makes on the train worker. */
export type InspectClient = Pick<TrainService, 'testCaseCount' | 'inspect' | 'coldCases'>;

/** Which test case of which finished run is shown in the Inspect step. */
export interface InspectState {
  runId: number | null;
  caseCount: number;
  caseIndex: number;
  shown: InspectedCase | null;
  failure: WorkerFailure | null;
  /** Whether Previous/Next walk only the users whose held-out item is new (cold). */
  coldOnly: boolean;
  /** The selected run's cold test cases (indices, ascending), once asked for. */
  coldCases: number[] | null;
  /** Opens run `runId` at its first test case. */
  select(runId: number): Promise<void>;
  /** Shows test case `caseIndex` of the selected run (clamped to the existing cases). */
  show(caseIndex: number): Promise<void>;
  /** Walks only cold cases (moving to the first one from a case that is not), or every case. */
  setColdOnly(on: boolean): Promise<void>;
  /** Shows the next (+1) or previous (−1) case, a cold one when `coldOnly`. */
  step(direction: 1 | -1): Promise<void>;
}

/** A rejected worker call as a failed result. */
const asFailure = (error: unknown) => ({ ok: false as const, failure: toWorkerFailure(error) });

/** Creates the inspect store over a train-worker client. */
export function createInspectStore(client: InspectClient): StoreApi<InspectState> {
  return createStore<InspectState>()((set, get) => {
    const fetchCase = async (runId: number, caseIndex: number) => {
      const result = await client.inspect(runId, caseIndex).catch(asFailure);
      if (get().runId !== runId || get().caseIndex !== caseIndex) return;
      set(result.ok ? { shown: result.value, failure: null } : { failure: result.failure });
    };
    return {
      runId: null,
      caseCount: 0,
      caseIndex: 0,
      shown: null,
      failure: null,
      coldOnly: false,
      coldCases: null,
      select: async (runId) => {
        set({ runId, caseCount: 0, caseIndex: 0, shown: null, failure: null, coldCases: null });
        const count = await client.testCaseCount(runId).catch(asFailure);
        if (get().runId !== runId) return;
        if (!count.ok) {
          set({ failure: count.failure });
          return;
        }
        set({ caseCount: count.value });
        if (get().coldOnly) await get().setColdOnly(true);
        else if (count.value > 0) await fetchCase(runId, 0);
      },
      show: async (caseIndex) => {
        const { runId, caseCount } = get();
        if (runId === null || caseCount === 0) return;
        const index = Math.min(caseCount - 1, Math.max(0, Math.round(caseIndex)));
        set({ caseIndex: index });
        await fetchCase(runId, index);
      },
      setColdOnly: async (on) => {
        set({ coldOnly: on });
        const { runId } = get();
        if (!on || runId === null) return;
        let cold = get().coldCases;
        if (cold === null) {
          const result = await client.coldCases(runId).catch(asFailure);
          if (get().runId !== runId) return;
          if (!result.ok) {
            set({ failure: result.failure });
            return;
          }
          cold = result.value;
          set({ coldCases: cold });
        }
        const { caseIndex } = get();
        if (cold.length > 0 && !cold.includes(caseIndex)) await get().show(cold[0]);
      },
      step: async (direction) => {
        const { caseIndex, coldOnly, coldCases } = get();
        if (!coldOnly || coldCases === null) return get().show(caseIndex + direction);
        const next =
          direction > 0
            ? coldCases.find((i) => i > caseIndex)
            : [...coldCases].reverse().find((i) => i < caseIndex);
        if (next !== undefined) await get().show(next);
      },
    };
  });
}
