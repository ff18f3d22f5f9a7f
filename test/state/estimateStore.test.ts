import { describe, expect, it } from 'vitest';
import type { WorkerResult } from '../../src/compute/workerResult';
import { defaultRunConfig, presetRunConfig, type ModelKind } from '../../src/config/defaults';
import { withModelKind } from '../../src/config/modelSwitch';
import type { RunConfig } from '../../src/config/runConfig';
import type { RunEstimate } from '../../src/pipeline/estimateRun';
import { createEstimateStore, totalOf } from '../../src/state/estimateStore';
import { smallDataset } from './summaryFixture';

/** An estimate whose numbers follow the config: epochs × 10 steps of 0.5 s each. */
function fakeEstimate(config: RunConfig): RunEstimate {
  const steps = config.train.epochs * 10;
  return {
    model: config.model.kind,
    stepsPerEpoch: 10,
    epochs: config.train.epochs,
    steps,
    secondsPerStep: 0.5,
    measuredSteps: 3,
    setupSeconds: 1,
    evalSeconds: 2,
    trainSeconds: steps * 0.5,
    totalSeconds: 3 + steps * 0.5,
  };
}

function storeWith(config: RunConfig, models: ModelKind[]) {
  const asked: RunConfig[] = [];
  let cancels = 0;
  let hold: Promise<void> = Promise.resolve();
  const store = createEstimateStore({
    client: {
      estimate: async (_dataset, c): Promise<WorkerResult<RunEstimate>> => {
        asked.push(c);
        await hold;
        return { ok: true, value: fakeEstimate(c) };
      },
      cancelEstimate: () => cancels++,
    },
    currentDataset: async () => smallDataset(5, 4),
    currentSet: () => ({ config, models }),
  });
  return {
    store,
    asked,
    cancels: () => cancels,
    holdWith: (p: Promise<void>) => (hold = p),
  };
}

describe('pre-run estimate', () => {
  it('measures every model of the set and the same set under the classroom preset', async () => {
    const config = defaultRunConfig('sasrec');
    const { store, asked } = storeWith(config, ['sasrec', 'hllm']);
    await store.getState().measure();
    const { estimate, status } = store.getState();
    expect(status).toBe('done');
    expect(asked.map((c) => c.model.kind)).toEqual(['sasrec', 'hllm', 'sasrec', 'hllm']);
    expect(asked[2]).toEqual(presetRunConfig('classroom-quick', 'sasrec'));
    expect(estimate?.runs.map((r) => r.steps)).toEqual([
      config.train.epochs * 10,
      withModelKind(config, 'hllm').train.epochs * 10,
    ]);
    expect(totalOf(estimate!.smaller!, 'totalSeconds')).toBeLessThan(
      totalOf(estimate!.runs, 'totalSeconds'),
    );
  });

  it('measures once when the config already is the classroom preset', async () => {
    const { store, asked } = storeWith(presetRunConfig('classroom-quick', 'hstu'), ['hstu']);
    await store.getState().measure();
    expect(asked).toHaveLength(1);
    expect(store.getState().estimate?.smaller).toBeNull();
  });

  it('drops a warm-up that was cancelled', async () => {
    const { store, cancels, holdWith } = storeWith(defaultRunConfig('sasrec'), ['sasrec']);
    let release!: () => void;
    holdWith(new Promise((r) => (release = r)));
    const measuring = store.getState().measure();
    expect(store.getState().status).toBe('measuring');
    store.getState().cancel();
    release();
    await measuring;
    expect(cancels()).toBe(1);
    expect(store.getState()).toMatchObject({ status: 'idle', estimate: null });
  });
});
