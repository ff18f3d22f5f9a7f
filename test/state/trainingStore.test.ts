import { describe, expect, it, vi } from 'vitest';
import type { FinishedRun } from '../../src/compute/trainService';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import type { Dataset } from '../../src/dataset/types';
import { ANOTHER_TAB, createTrainingStore, type TrainClient } from '../../src/state/trainingStore';
import type { TrainEvent } from '../../src/training/trainEvents';
import { fakeRun } from './runFixture';
import { smallDataset } from './summaryFixture';

/** A train client whose run the test drives by hand. */
function drivenClient() {
  const calls: string[] = [];
  let emit!: (event: TrainEvent) => void;
  let finish!: (value: FinishedRun | null) => void;
  let received: { dataset: Dataset; config: RunConfig } | undefined;
  const client: TrainClient = {
    train: (dataset, config, onEvent) => {
      received = { dataset, config };
      emit = onEvent;
      return new Promise((resolve) => (finish = (value) => resolve({ ok: true, value })));
    },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    cancel: () => calls.push('cancel'),
  };
  return {
    client,
    calls,
    emit: (e: TrainEvent) => emit(e),
    finish: (v: FinishedRun | null) => finish(v),
    received: () => received,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('training store', () => {
  it('trains the current dataset with the config, shows events and hands the finished run on', async () => {
    const driven = drivenClient();
    const finished: FinishedRun[] = [];
    const dataset = smallDataset(5, 4);
    const config = defaultRunConfig('hstu');
    const store = createTrainingStore(
      {
        client: driven.client,
        currentDataset: async () => dataset,
        onFinished: (r) => finished.push(r),
        batchMs: 0,
      },
      defaultRunConfig('sasrec'),
    );
    store.getState().setConfig(config);
    const done = store.getState().start();
    expect(store.getState().status).toBe('running');
    await tick();
    expect(driven.received()).toEqual({ dataset, config });
    driven.emit({ kind: 'step', step: 1, epoch: 0, loss: 3, seqPerSec: 50, etaSec: 4 });
    expect(store.getState().progress.losses).toEqual([{ step: 1, loss: 3 }]);

    store.getState().pause();
    expect(store.getState().status).toBe('paused');
    store.getState().resume();
    expect(store.getState().status).toBe('running');
    const run = fakeRun(0, 'hstu', 20, 2);
    driven.finish(run);
    await done;
    expect(store.getState().status).toBe('finished');
    expect(finished).toEqual([run]);
    expect(driven.calls).toEqual(['pause', 'resume']);
  });

  it('shows step events in batches, and epoch events and the end at once', async () => {
    vi.useFakeTimers();
    try {
      const driven = drivenClient();
      const store = createTrainingStore(
        {
          client: driven.client,
          currentDataset: async () => smallDataset(3, 3),
          onFinished: () => undefined,
          batchMs: 100,
        },
        defaultRunConfig('sasrec'),
      );
      const done = store.getState().start();
      await vi.advanceTimersByTimeAsync(0);
      const step = (n: number) =>
        driven.emit({ kind: 'step', step: n, epoch: 0, loss: 5 - n, seqPerSec: 9, etaSec: 1 });
      step(1);
      step(2);
      expect(store.getState().progress.losses).toEqual([]);
      await vi.advanceTimersByTimeAsync(100);
      expect(store.getState().progress.losses.map((p) => p.step)).toEqual([1, 2]);
      step(3);
      driven.emit({ kind: 'epoch', epoch: 0, loss: 3, valid: null, seconds: 1 });
      expect(store.getState().progress.losses.map((p) => p.step)).toEqual([1, 2, 3]);
      expect(store.getState().progress.epochs).toHaveLength(1);
      step(4);
      driven.finish(fakeRun(0, 'sasrec', 10, 1));
      await done;
      expect(store.getState().progress.latest?.step).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not start a second run while one is going', async () => {
    const driven = drivenClient();
    let starts = 0;
    const store = createTrainingStore(
      {
        client: { ...driven.client, train: (...args) => (starts++, driven.client.train(...args)) },
        currentDataset: async () => smallDataset(3, 3),
        onFinished: () => undefined,
      },
      defaultRunConfig('sasrec'),
    );
    void store.getState().start();
    await tick();
    await store.getState().start();
    expect(starts).toBe(1);
  });

  it('reports a run that ended without a record with the reason from its error event', async () => {
    const driven = drivenClient();
    const store = createTrainingStore(
      {
        client: driven.client,
        currentDataset: async () => smallDataset(3, 3),
        onFinished: () => undefined,
      },
      defaultRunConfig('sasrec'),
    );
    const done = store.getState().start();
    await tick();
    store.getState().cancel();
    expect(driven.calls).toEqual(['cancel']);
    driven.emit({ kind: 'error', code: 'cancelled', message: 'Training was cancelled.' });
    driven.finish(null);
    await done;
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().failure?.message).toBe('cancelled: Training was cancelled.');
  });

  it('says so when no dataset is loaded, without calling the worker', async () => {
    const driven = drivenClient();
    const store = createTrainingStore(
      { client: driven.client, currentDataset: async () => null, onFinished: () => undefined },
      defaultRunConfig('sasrec'),
    );
    await store.getState().start();
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().failure?.message).toMatch(/No dataset is loaded/);
    expect(driven.received()).toBeUndefined();
  });

  it('ignores pause, resume and cancel when no run is going', () => {
    const driven = drivenClient();
    const store = createTrainingStore(
      { client: driven.client, currentDataset: async () => null, onFinished: () => undefined },
      defaultRunConfig('sasrec'),
    );
    store.getState().pause();
    store.getState().resume();
    store.getState().cancel();
    expect(driven.calls).toEqual([]);
    expect(store.getState().status).toBe('idle');
  });

  it('does not start while another tab trains, and says so', async () => {
    const driven = drivenClient();
    const store = createTrainingStore(
      {
        client: driven.client,
        currentDataset: async () => smallDataset(3, 3),
        onFinished: () => undefined,
        exclusive: async () => ({ ran: false }),
        batchMs: 0,
      },
      defaultRunConfig('sasrec'),
    );
    await store.getState().start();
    expect(driven.received()).toBeUndefined();
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().failure?.message).toBe(ANOTHER_TAB);
  });
});
