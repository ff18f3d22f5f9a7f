import { describe, expect, it } from 'vitest';
import type { InspectedCase } from '../../src/compute/runInspection';
import { createInspectStore } from '../../src/state/inspectStore';

function fakeCase(caseIndex: number): InspectedCase {
  const item = { index: caseIndex, id: `i${caseIndex}`, title: `Item ${caseIndex}` };
  return {
    caseIndex,
    userId: `u${caseIndex}`,
    history: [],
    target: item,
    targetCold: false,
    targetTrainCount: 2,
    modelRank: 0,
    modelTop: [item],
    popularityRank: 3,
    popularityTop: [],
  };
}

describe('inspect store', () => {
  it('opens a run at its first case and clamps navigation to the existing cases', async () => {
    const asked: [number, number][] = [];
    const store = createInspectStore({
      testCaseCount: async () => ({ ok: true, value: 3 }),
      coldCases: async () => ({ ok: true, value: [] }),
      inspect: async (runId, caseIndex) => {
        asked.push([runId, caseIndex]);
        return { ok: true, value: fakeCase(caseIndex) };
      },
    });
    await store.getState().select(4);
    expect(store.getState()).toMatchObject({ runId: 4, caseCount: 3, caseIndex: 0 });
    expect(store.getState().shown?.userId).toBe('u0');
    await store.getState().show(10);
    expect(store.getState().caseIndex).toBe(2);
    await store.getState().show(-1);
    expect(store.getState().caseIndex).toBe(0);
    expect(asked).toEqual([
      [4, 0],
      [4, 2],
      [4, 0],
    ]);
  });

  it('shows the failure when the worker does not know the run', async () => {
    const store = createInspectStore({
      coldCases: async () => ({ ok: true, value: [] }),
      testCaseCount: async () => ({
        ok: false,
        failure: { kind: 'internal', message: 'run 9 has not finished in this tab' },
      }),
      inspect: async () => ({ ok: true, value: fakeCase(0) }),
    });
    await store.getState().select(9);
    expect(store.getState().failure?.message).toMatch(/run 9/);
    expect(store.getState().shown).toBeNull();
  });

  it('walks only the users whose held-out item is new when asked', async () => {
    const store = createInspectStore({
      testCaseCount: async () => ({ ok: true, value: 10 }),
      coldCases: async () => ({ ok: true, value: [2, 5, 7] }),
      inspect: async (_runId, caseIndex) => ({ ok: true, value: fakeCase(caseIndex) }),
    });
    await store.getState().select(0);
    await store.getState().setColdOnly(true);
    expect(store.getState().caseIndex).toBe(2);
    await store.getState().step(1);
    expect(store.getState().caseIndex).toBe(5);
    await store.getState().step(1);
    await store.getState().step(1);
    expect(store.getState().caseIndex).toBe(7);
    await store.getState().step(-1);
    expect(store.getState().caseIndex).toBe(5);
    await store.getState().setColdOnly(false);
    await store.getState().step(1);
    expect(store.getState().caseIndex).toBe(6);
  });
});
