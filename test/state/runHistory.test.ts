import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openIndexedDbRunHistory } from '../../src/state/runHistoryDb';
import { createRunsStore } from '../../src/state/runsStore';
import { fakeRun } from './runFixture';

const settle = () => new Promise((r) => setTimeout(r, 20));

/** A clock that moves one second per call. */
function clock() {
  let t = Date.parse('2026-01-01T00:00:00Z');
  return () => new Date((t += 1000));
}

describe('run history', () => {
  it('keeps finished runs in IndexedDB across page loads, oldest first, and forgets removed ones', async () => {
    const factory = new IDBFactory();
    const now = clock();
    const first = createRunsStore(openIndexedDbRunHistory('runs', factory), now);
    first.getState().add(fakeRun(0, 'sasrec', 10, 1));
    first.getState().add(fakeRun(1, 'hstu', 12, 1));
    first.getState().add(fakeRun(2, 'sasrec', 14, 1));
    await settle();
    first.getState().remove(1);
    expect(first.getState().runs.map((r) => r.id)).toEqual([0, 2]);
    expect(first.getState().history.map((h) => h.workerId)).toEqual([0, 2]);
    await settle();

    const reloaded = createRunsStore(openIndexedDbRunHistory('runs', factory), now);
    await settle();
    const history = reloaded.getState().history;
    expect(history.map((h) => h.record)).toEqual([
      fakeRun(0, 'sasrec', 10, 1).record,
      fakeRun(2, 'sasrec', 14, 1).record,
    ]);
    expect(history.every((h) => h.workerId === undefined)).toBe(true);
    expect(reloaded.getState().runs).toEqual([]);
    reloaded.getState().add(fakeRun(0, 'hstu', 20, 1));
    reloaded.getState().forget(history[0].key);
    await settle();
    const again = createRunsStore(openIndexedDbRunHistory('runs', factory), now);
    await settle();
    expect(again.getState().history.map((h) => h.record.final.test.all?.['R@5'])).toEqual([14, 20]);
    expect(again.getState().historyProblem).toBeNull();
  });

  it('works without storage and says when the storage fails', async () => {
    const plain = createRunsStore();
    plain.getState().add(fakeRun(0, 'sasrec', 10, 1));
    expect(plain.getState().history).toHaveLength(1);
    const broken = createRunsStore(Promise.reject(new Error('IndexedDB is disabled')));
    await settle();
    expect(broken.getState().historyProblem).toBe(
      'Could not load the run history: IndexedDB is disabled',
    );
  });
});
