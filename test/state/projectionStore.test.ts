import { describe, expect, it } from 'vitest';
import type { ProjectionContext, ProjectionSnapshot } from '../../src/compute/projection';
import { createProjectionStore } from '../../src/state/projectionStore';
import { fakeContext, fakeField, fakeSnapshot } from '../compute/projectionFixtures';

function context(fields: string[], runId = 0): ProjectionContext {
  return fakeContext(
    fields.map((f) => fakeField(f, ['x'], [0, 0])),
    { runId },
  );
}

function snapshot(label: string, separation: number[] = []): ProjectionSnapshot {
  return fakeSnapshot(label, [0, 0, 1, 1], separation);
}

describe('projection store', () => {
  it('keeps the latest snapshot of a run and starts over on a new run', () => {
    const store = createProjectionStore();
    store.getState().receive(context(['title', 'description']));
    store.getState().receive(snapshot('before training'));
    store.getState().receive(snapshot('after epoch 1'));
    expect(store.getState().count).toBe(2);
    expect(store.getState().latest?.label).toBe('after epoch 1');
    store.getState().setField(1);
    store.getState().setUser(0);
    store.getState().receive(context(['title'], 1));
    expect(store.getState()).toMatchObject({ latest: null, count: 0, field: 0, user: null });
    expect(store.getState().context?.fields).toHaveLength(1);
  });
});
