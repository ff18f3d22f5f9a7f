import { describe, expect, it } from 'vitest';
import type { RunHistoryStorage, SavedRun } from '../../src/state/runHistoryDb';
import { createRunsStore, type HistoryChannel } from '../../src/state/runsStore';
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

describe('runs store across tabs', () => {
  it("adds another tab's finished run to the history and drops one it removed", async () => {
    const saved: SavedRun[] = [];
    const storage: RunHistoryStorage = {
      load: async () => [...saved],
      save: async (run) => void saved.push(run),
      remove: async (key) =>
        void saved.splice(
          saved.findIndex((r) => r.key === key),
          1,
        ),
    };
    const listeners: (() => void)[] = [];
    const channel = (): HistoryChannel => ({
      post: () => listeners.forEach((l) => l()),
      listen: (onChange) => void listeners.push(onChange),
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    const one = createRunsStore(Promise.resolve(storage), undefined, channel());
    const two = createRunsStore(Promise.resolve(storage), undefined, channel());
    await settle();
    one.getState().add(fakeRun(0, 'sasrec', 10, 1));
    await settle();
    await settle();
    expect(two.getState().history.map((h) => h.record.config.model.kind)).toEqual(['sasrec']);
    // The other tab's run has no worker id here: its exports live in the tab that trained it.
    expect(two.getState().history[0].workerId).toBeUndefined();
    expect(one.getState().history[0].workerId).toBe(0);
    two.getState().forget(two.getState().history[0].key);
    await settle();
    await settle();
    expect(one.getState().history).toEqual([]);
  });
});
