/** The name of the Web Lock a training run holds, across this site's tabs. */
export const TRAINING_LOCK = 'hllm-playground-training';

/** Runs `job` while holding `name` across tabs; `{ ran: false }` when another tab holds it. */
export type Exclusive = <T>(
  job: () => Promise<T>,
) => Promise<{ ran: true; value: T } | { ran: false }>;

/**
 * An `Exclusive` over the Web Locks API (`navigator.locks`): a second tab does not start a
 * parallel run on the same device. Without the API (older browsers, Node) every job runs.
 */
export function webLockExclusive(
  name: string = TRAINING_LOCK,
  locks: LockManager | undefined = (globalThis.navigator as Navigator | undefined)?.locks,
): Exclusive {
  return async <T>(job: () => Promise<T>) => {
    if (locks === undefined) return { ran: true as const, value: await job() };
    let outcome: { ran: true; value: T } | { ran: false } = { ran: false };
    await locks.request(name, { ifAvailable: true }, async (lock) => {
      if (lock !== null) outcome = { ran: true, value: await job() };
    });
    return outcome;
  };
}
