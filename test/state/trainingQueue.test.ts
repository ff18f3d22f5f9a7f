import { describe, expect, it } from 'vitest';
import type { FinishedRun } from '../../src/compute/trainService';
import type { WorkerResult } from '../../src/compute/workerResult';
import { presetRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { createTrainingStore, type TrainClient } from '../../src/state/trainingStore';
import type { TrainEvent } from '../../src/training/trainEvents';
import { fakeRun } from './runFixture';
import { smallDataset } from './summaryFixture';

/** A train client whose runs the test ends one by one. */
function queuedClient() {
  const started: RunConfig[] = [];
  const ends: ((result: WorkerResult<FinishedRun | null>) => void)[] = [];
  const emits: ((event: TrainEvent) => void)[] = [];
  let cancels = 0;
  const client: TrainClient = {
    train: (_dataset, config, onEvent) => {
      started.push(config);
      emits.push(onEvent);
      return new Promise((resolve) => ends.push(resolve));
    },
    pause: () => undefined,
    resume: () => undefined,
    cancel: () => {
      cancels++;
      ends[ends.length - 1]?.({ ok: true, value: null });
    },
  };
  return { client, started, ends, emits, cancels: () => cancels };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

const step = (n: number, loss: number): TrainEvent => ({
  kind: 'step',
  step: n,
  epoch: 0,
  loss,
  seqPerSec: 10,
  etaSec: 1,
});

describe('training several models side by side', () => {
  it('trains each model in turn from its own config, keeps each one’s curve and opens the comparison', async () => {
    const q = queuedClient();
    const finished: FinishedRun[] = [];
    const raced: FinishedRun[][] = [];
    const config = presetRunConfig('classroom-quick', 'sasrec');
    const store = createTrainingStore(
      {
        client: q.client,
        currentDataset: async () => smallDataset(5, 4),
        onFinished: (run) => finished.push(run),
        onQueueFinished: (runs) => raced.push(runs),
        batchMs: 0,
      },
      config,
      ['hllm'],
    );
    expect(store.getState().models).toEqual(['sasrec', 'hllm']);
    const done = store.getState().start();
    await tick();
    expect(q.started.map((c) => c.model.kind)).toEqual(['sasrec']);
    expect(store.getState().queue.map((r) => r.status)).toEqual(['running', 'waiting']);
    q.emits[0](step(1, 5));
    q.ends[0]({ ok: true, value: fakeRun(0, 'sasrec', 20, 2) });
    await tick();
    // The second model starts only when the first has ended, on the same seed and data settings.
    expect(q.started.map((c) => c.model.kind)).toEqual(['sasrec', 'hllm']);
    expect(q.started[1].seed).toBe(config.seed);
    expect(q.started[1].data).toEqual(config.data);
    expect(q.started[1]).toEqual({
      ...presetRunConfig('classroom-quick', 'hllm'),
      seed: config.seed,
    });
    q.emits[1](step(1, 9));
    q.emits[1](step(2, 8));
    expect(store.getState().queue.map((r) => r.progress.losses.map((p) => p.loss))).toEqual([
      [5],
      [9, 8],
    ]);
    q.ends[1]({ ok: true, value: fakeRun(1, 'hstu', 30, 2) });
    await done;
    expect(store.getState().status).toBe('finished');
    expect(store.getState().queue.map((r) => r.status)).toEqual(['finished', 'finished']);
    expect(finished.map((r) => r.id)).toEqual([0, 1]);
    expect(raced).toHaveLength(1);
    expect(raced[0].map((r) => r.id)).toEqual([0, 1]);
  });

  it('goes on after a model fails, and cancel stops the rest of the queue', async () => {
    const q = queuedClient();
    const raced: FinishedRun[][] = [];
    const store = createTrainingStore(
      {
        client: q.client,
        currentDataset: async () => smallDataset(5, 4),
        onFinished: () => undefined,
        onQueueFinished: (runs) => raced.push(runs),
        batchMs: 0,
      },
      presetRunConfig('classroom-quick', 'sasrec'),
      ['hstu', 'hllm'],
    );
    const done = store.getState().start();
    await tick();
    q.ends[0]({ ok: false, failure: { kind: 'internal', message: 'out of memory' } });
    await tick();
    expect(q.started).toHaveLength(2);
    store.getState().cancel();
    await done;
    expect(q.cancels()).toBe(1);
    expect(q.started).toHaveLength(2);
    const queue = store.getState().queue;
    expect(queue.map((r) => r.status)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(queue[0].failure?.message).toBe('out of memory');
    expect(queue[2].failure?.message).toMatch(/Cancelled before it started/);
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().failure?.message).toBe('out of memory');
    expect(raced).toHaveLength(0);
  });

  it('moves the set with the edited model', () => {
    const store = createTrainingStore(
      {
        client: queuedClient().client,
        currentDataset: async () => null,
        onFinished: () => undefined,
      },
      presetRunConfig('classroom-quick', 'sasrec'),
    );
    store.getState().setModels(['hllm']);
    expect(store.getState().models).toEqual(['sasrec', 'hllm']);
    store.getState().setConfig(presetRunConfig('classroom-quick', 'hstu'));
    expect(store.getState().models).toEqual(['hstu', 'hllm']);
  });
});
