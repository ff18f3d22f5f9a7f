import { InputError } from '../dataset/errors';
import type { CommandIo } from './dataCommand';

/** A mistake on the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A class of error that means bad input data rather than a bug (exit code 1). */
type DataErrorClass = new (...args: never[]) => Error;

/**
 * Runs a command body and turns its errors into exit codes: 2 with the usage for a `UsageError`,
 * 1 for an `InputError` or any of `dataErrors`; anything else is rethrown.
 */
export async function runWithExitCodes(
  body: () => Promise<number>,
  usage: string,
  io: CommandIo,
  dataErrors: readonly DataErrorClass[] = [],
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n${usage}`);
      return 2;
    }
    if (err instanceof InputError || dataErrors.some((cls) => err instanceof cls)) {
      io.err(`error: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}
