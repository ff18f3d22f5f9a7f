import { describe, expect, it } from 'vitest';
import type { ProjectionContext, ProjectionSnapshot } from '../../src/compute/projection';
import { createProjectionStore } from '../../src/state/projectionStore';

function context(fields: string[]): ProjectionContext {
  return {
    kind: 'context',
    items: Int32Array.from([0, 1]),
    cold: Uint8Array.from([0, 1]),
    titles: ['a', 'b'],
    fields: fields.map((field) => ({ field, names: ['x'], codes: new Uint8Array(2) })),
    histories: [{ user: 'u1', points: [0, 1] }],
  };
}

function snapshot(label: string): ProjectionSnapshot {
  return { kind: 'snapshot', label, step: 1, coords: new Float32Array(4), explained: [0.6, 0.3] };
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
    store.getState().receive(context(['title']));
    expect(store.getState()).toMatchObject({ latest: null, count: 0, field: 0, user: null });
    expect(store.getState().context?.fields).toHaveLength(1);
  });
});
