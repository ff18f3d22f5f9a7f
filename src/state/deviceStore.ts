import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeviceInfo } from '../compute/deviceInfo';
import type { TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure, type WorkerResult } from '../compute/workerResult';

/** Where device detection stands. */
export type DeviceStatus =
  | { state: 'detecting' }
  | { state: 'ready'; info: DeviceInfo }
  | { state: 'failed'; failure: WorkerFailure };

/** The compute device found by the train worker. */
export interface DeviceState {
  status: DeviceStatus;
  /** Asks the worker to initialise jax-js and records what it found. */
  detect(): Promise<void>;
}

/** Creates the device store over a train-worker client (a comlink remote, or a fake in tests). */
export function createDeviceStore(
  client: Pick<TrainService, 'detectDevice'>,
): StoreApi<DeviceState> {
  return createStore<DeviceState>()((set) => ({
    status: { state: 'detecting' },
    detect: async () => {
      set({ status: { state: 'detecting' } });
      const result = await client
        .detectDevice()
        .catch((error: unknown): WorkerResult<DeviceInfo> => ({
          ok: false,
          failure: toWorkerFailure(error),
        }));
      set({
        status: result.ok
          ? { state: 'ready', info: result.value }
          : { state: 'failed', failure: result.failure },
      });
    },
  }));
}
