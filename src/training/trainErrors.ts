import { InputError } from '../dataset/errors';
import { ModelConfigError } from '../models/modelConfigError';
import { TrainCancelledError } from './trainControl';
import type { TrainErrorCode } from './trainEvents';

/** A run configuration the trainer cannot use; the message names the setting. */
export class TrainConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainConfigError';
  }
}

/** Sorts anything thrown during training into a `TrainErrorCode` and a message. */
export function classifyTrainError(error: unknown): { code: TrainErrorCode; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TrainCancelledError) return { code: 'cancelled', message };
  if (
    error instanceof TrainConfigError ||
    error instanceof ModelConfigError ||
    error instanceof InputError
  ) {
    return { code: 'bad-config', message };
  }
  if (/device (was )?lost|GPUDevice.*lost|device is lost/i.test(message)) {
    return { code: 'device-lost', message };
  }
  if (
    /out of memory|out-of-memory|OutOfMemory|allocation failed|Array buffer allocation/i.test(
      message,
    )
  ) {
    return { code: 'out-of-memory', message };
  }
  return { code: 'internal', message };
}
