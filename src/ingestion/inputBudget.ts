import { InputError } from '../dataset/errors';
import { formatBytes } from '../runs/units';

/**
 * How much text one ingestion may read in all (after decompression), and how much it has read.
 * Parsing streams, so memory grows with what is kept (ids, interactions, item text), not with the
 * raw text; the limit stops runaway inputs (a zip bomb, `/dev/zero`, a wrong file) long before the
 * process or tab runs out of memory.
 */
export interface InputBudget {
  limitBytes: number;
  usedBytes: number;
  /** How the user raises the limit, for the error (e.g. "raise it with --max-input-size"). */
  raise: string;
}

/** A budget of `limitBytes`, with the advice on raising it. */
export function createInputBudget(limitBytes: number, raise: string): InputBudget {
  return { limitBytes, usedBytes: 0, raise };
}

/** Counts `bytes` more read from `file`; throws `InputError` once the limit is passed. */
export function spendBudget(budget: InputBudget, file: string, bytes: number): void {
  budget.usedBytes += bytes;
  if (budget.usedBytes <= budget.limitBytes) return;
  throw new InputError(
    { file },
    `at most ${formatBytes(budget.limitBytes)} of input text in all (the size limit; ${budget.raise})`,
    `more: ${formatBytes(budget.usedBytes)} read so far`,
  );
}

/**
 * The default limit for a JavaScript heap of `heapLimitBytes`: half of it, since the parsed dataset
 * (ids, sequences, item text as JavaScript strings) takes up to about as much memory as its text.
 */
export function inputLimitForHeap(heapLimitBytes: number): number {
  return Math.floor(heapLimitBytes / 2);
}
