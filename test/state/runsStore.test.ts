import { describe, expect, it } from 'vitest';
import { createRunsStore } from '../../src/state/runsStore';
import { fakeRun } from './runFixture';

describe('runs store', () => {
  it('keeps finished runs in order and forgets one by id', () => {
    const store = createRunsStore();
    store.getState().add(fakeRun(0, 'sasrec', 10, 1));
    store.getState().add(fakeRun(1, 'hstu', 12, 1));
    store.getState().add(fakeRun(2, 'sasrec', 14, 1));
    store.getState().remove(1);
    expect(store.getState().runs.map((r) => r.id)).toEqual([0, 2]);
    store.getState().remove(7);
    expect(store.getState().runs).toHaveLength(2);
  });
});
