import { InputError } from '../dataset/errors';
import type { CommandIo } from './commandIo';

/** A mistake on the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

/**
 * A path on the command line that cannot be used as given (missing, a folder where a file is
 * expected, a file where a folder is expected, not permitted): one line, exit code 2.
 */
export class PathError extends Error {}

/** A class of error that means bad input data rather than a bug (exit code 1). */
type DataErrorClass = new (...args: never[]) => Error;

/** What a file-system error code says about the path, for the codes a mistyped path gives. */
const FS_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a part of the path is a file, expected a folder',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

/** A Node file-system error about a path (as thrown by `node:fs`), as one line; else undefined. */
export function fileSystemProblem(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, path } = err as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string' || !(code in FS_PROBLEMS))
    return undefined;
  return `${path}: ${FS_PROBLEMS[code]}`;
}

/**
 * Runs a command body and turns its errors into exit codes: 2 with the usage for a `UsageError`,
 * 2 with one line for a `PathError` or a file-system error on a path, 1 for an `InputError` or any
 * of `dataErrors`; anything else is rethrown.
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
    const fsProblem = fileSystemProblem(err);
    if (err instanceof PathError || fsProblem !== undefined) {
      io.err(`error: ${fsProblem ?? (err as Error).message}\n`);
      return 2;
    }
    if (err instanceof InputError || dataErrors.some((cls) => err instanceof cls)) {
      io.err(`error: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}
