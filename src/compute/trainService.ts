import { detectDevice } from './detectDevice';
import type { DeviceInfo } from './deviceInfo';
import { runJob, type WorkerResult } from './workerResult';

/** What the train worker exposes: device detection (and, as they land, training and scoring). */
export interface TrainService {
  /** Initialises jax-js in this worker and reports the device it will compute on. */
  detectDevice(): Promise<WorkerResult<DeviceInfo>>;
}

/** Creates the train worker's service; device detection runs once and is cached. */
export function createTrainService(): TrainService {
  let device: Promise<WorkerResult<DeviceInfo>> | undefined;
  return {
    detectDevice: () => {
      device ??= runJob(detectDevice);
      return device;
    },
  };
}
