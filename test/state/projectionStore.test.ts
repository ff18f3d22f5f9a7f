import { describe, expect, it, vi } from 'vitest';
import type { ProjectionContext, ProjectionSnapshot } from '../../src/compute/projection';
import type { ProjectionService } from '../../src/compute/projectionService';
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

  it('keeps every frame for the scrubber and colours by the best-separating field until one is chosen', () => {
    const store = createProjectionStore();
    store.getState().receive(context(['title', 'genre']));
    store.getState().receive(snapshot('before training', [0.1, 0.05]));
    expect(store.getState().field).toBe(0);
    store.getState().receive(snapshot('after epoch 1', [0.1, 0.6]));
    expect(store.getState().field).toBe(1);
    expect(store.getState().frames.map((f) => f.label)).toEqual([
      'before training',
      'after epoch 1',
    ]);
    store.getState().setFrame(0);
    expect(store.getState().frame).toBe(0);
    store.getState().setField(0);
    store.getState().receive(snapshot('final (best epoch 1)', [0.1, 0.9]));
    expect(store.getState().field).toBe(0);
    // The next run keeps the chosen field by name.
    store.getState().receive(context(['genre', 'title'], 1));
    expect(store.getState().field).toBe(1);
    expect(store.getState().frame).toBeNull();
  });

  it('lays out UMAP frames in order, each aligned to the one before, only once asked for', async () => {
    const calls: { label: number; previous: number[] | null; seed: number }[] = [];
    const service: ProjectionService = {
      umapFrame: async (rows, _dim, previous, seed) => {
        calls.push({ label: rows[2], previous: previous && Array.from(previous), seed });
        return Float32Array.from([rows[2], 0, 0, rows[2]]);
      },
    };
    const store = createProjectionStore(service);
    expect(store.getState().umapAvailable).toBe(true);
    store.getState().receive(context(['title']));
    store.getState().receive(fakeSnapshot('before training', [0, 0, 1, 1]));
    store.getState().receive(fakeSnapshot('after epoch 1', [0, 0, 2, 2]));
    await Promise.resolve();
    expect(calls).toHaveLength(0);
    store.getState().setMethod('umap');
    await vi.waitFor(() => expect(store.getState().umap.every((u) => u !== null)).toBe(true));
    store.getState().receive(fakeSnapshot('final (best epoch 1)', [0, 0, 3, 3]));
    await vi.waitFor(() => expect(store.getState().umap[2]).not.toBeNull());
    expect(calls.map((c) => c.label)).toEqual([1, 2, 3]);
    expect(calls.map((c) => c.previous)).toEqual([null, [1, 0, 0, 1], [2, 0, 0, 2]]);
    expect(store.getState().umapBusy).toBe(false);
    expect(createProjectionStore().getState().umapAvailable).toBe(false);
  });

  it('keeps finished runs for drawing beside the next, and lays out the compared one on demand', async () => {
    const laidOut: number[] = [];
    const store = createProjectionStore({
      umapFrame: async (rows) => {
        laidOut.push(rows[2]);
        return Float32Array.from(rows);
      },
    });
    store.getState().receive(context(['title'], 0));
    store.getState().receive(fakeSnapshot('before training', [0, 0, 1, 1]));
    store.getState().receive(fakeSnapshot('final (best epoch 1)', [0, 0, 5, 5]));
    store.getState().receive(context(['title'], 1));
    store.getState().receive(fakeSnapshot('final (best epoch 1)', [0, 0, 7, 7]));
    expect(store.getState().kept.map((k) => [k.context.runId, k.frame.coords[2]])).toEqual([
      [0, 5],
      [1, 7],
    ]);
    store.getState().setCompare(0);
    store.getState().setMethod('umap');
    await vi.waitFor(() => expect(store.getState().kept[0].umap).not.toBeNull());
    expect(laidOut).toEqual([7, 5]);
    // A run under an id already kept means that one never finished in the worker: it is dropped.
    store.getState().receive(context(['title'], 1));
    expect(store.getState().kept.map((k) => k.context.runId)).toEqual([0]);
    store.getState().setNewItem({ runId: 0, title: 'New', vector: Float32Array.from([1, 2]) });
    expect(store.getState().newItem?.title).toBe('New');
  });
});
