import { InputError } from '../dataset/errors';

/** Why a worker job failed, in a form that survives structured cloning. */
export type WorkerFailure =
  | {
      kind: 'input';
      /** Full message, naming file, line and column. */
      message: string;
      file: string;
      line?: number;
      column?: string | number;
      expected: string;
    }
  | { kind: 'internal'; message: string };

/** Outcome of a worker job: its value, or the reason it failed. */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; failure: WorkerFailure };

/** Converts anything thrown by the core into a `WorkerFailure`, keeping input locations. */
export function toWorkerFailure(error: unknown): WorkerFailure {
  if (error instanceof InputError) {
    return {
      kind: 'input',
      message: error.message,
      file: error.location.file,
      line: error.location.line,
      column: error.location.column,
      expected: error.expected,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message };
}

/** Runs `job` and captures its value or failure as a `WorkerResult`. */
export async function runJob<T>(job: () => T | Promise<T>): Promise<WorkerResult<T>> {
  try {
    return { ok: true, value: await job() };
  } catch (error) {
    return { ok: false, failure: toWorkerFailure(error) };
  }
}
