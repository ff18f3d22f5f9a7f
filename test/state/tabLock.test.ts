import { describe, expect, it } from 'vitest';
import { webLockExclusive } from '../../src/state/tabLock';

/** A LockManager holding each name for one caller at a time, `ifAvailable` answered with null. */
function fakeLocks(): LockManager {
  const held = new Set<string>();
  return {
    request: async (name: string, options: LockOptions, callback: LockGrantedCallback<unknown>) => {
      if (held.has(name)) {
        if (options.ifAvailable) return callback(null);
        throw new Error('waiting is not modelled');
      }
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
      }
    },
    query: async () => ({ held: [], pending: [] }),
  } as unknown as LockManager;
}

describe('one training run across tabs', () => {
  it('runs a job while the lock is free and refuses a second one meanwhile', async () => {
    const locks = fakeLocks();
    const tabA = webLockExclusive('train', locks);
    const tabB = webLockExclusive('train', locks);
    let release!: () => void;
    const first = tabA(() => new Promise<string>((resolve) => (release = () => resolve('a'))));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await tabB(async () => 'b')).toEqual({ ran: false });
    release();
    expect(await first).toEqual({ ran: true, value: 'a' });
    expect(await tabB(async () => 'b')).toEqual({ ran: true, value: 'b' });
  });

  it('runs every job where the browser has no Web Locks', async () => {
    expect(await webLockExclusive('train', undefined)(async () => 3)).toEqual({
      ran: true,
      value: 3,
    });
  });
});
