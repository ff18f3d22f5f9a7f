import type { TrainEvent } from '../training/trainEvents';

/** What a lost device reports (the part of `GPUDeviceLostInfo` used here). */
export interface LostInfo {
  message: string;
}

/** Watches a device's `lost` promise; the returned function gives the loss message, or null while it lives. */
export function watchDeviceLoss(device: { lost: Promise<LostInfo> }): () => string | null {
  let lost: string | null = null;
  void device.lost.then((info) => {
    lost = info.message.length > 0 ? info.message : 'no reason given';
  });
  return () => lost;
}

/**
 * The event to forward for `event` of a run: when the device was lost (`lost` is its message), an
 * `error` (other than a cancellation) becomes `device-lost`, naming the loss, whatever the
 * failing operation reported.
 */
export function withDeviceLoss(event: TrainEvent, lost: string | null): TrainEvent {
  if (event.kind !== 'error' || lost === null || event.code === 'cancelled') return event;
  return {
    kind: 'error',
    code: 'device-lost',
    message: `The WebGPU device was lost (${lost}); the run stopped at: ${event.message}`,
  };
}
