import { init } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import type { EvalCase, Split, SplitSlices } from '../../src/dataset/types';
import { ModelConfigError } from '../../src/models/modelConfigError';
import type { Recommender, TrainBatch } from '../../src/models/recommender';
import { TrainControl } from '../../src/training/trainControl';
import type { TrainEvent } from '../../src/training/trainEvents';
import { trainRun } from '../../src/training/trainer';

beforeAll(async () => {
  await init('wasm');
});

const N = 8;
const next = (item: number): number => (item + 1) % N;

/** Four users over eight items; every target is the item after the last history item. */
function tinySplit(): Split {
  const train = [
    [0, 1, 2],
    [1, 2, 3],
    [2, 3, 4],
    [3, 4, 5],
  ].map((s) => Int32Array.from(s));
  const cases = (shift: number): EvalCase[] =>
    train.map((seq, user) => {
      const last = (seq[seq.length - 1] + shift) % N;
      return { user, history: Int32Array.from([last]), target: next(last) };
    });
  const slices = (): SplitSlices => ({
    all: Int32Array.from([0, 1, 2, 3]),
    cold: new Int32Array(0),
    longtail: Int32Array.from([0]),
    short: Int32Array.from([0, 1, 2, 3]),
  });
  const itemTrainCount = new Int32Array(N);
  for (const seq of train) for (const i of seq) itemTrainCount[i]++;
  return {
    numUsers: 4,
    numItems: N,
    train,
    valid: cases(0),
    test: cases(1),
    coldItems: new Uint8Array(N),
    itemTrainCount,
    testSlices: slices(),
    validSlices: slices(),
  };
}

/**
 * A model whose only parameter counts its steps; after epoch e (2 steps per epoch) it predicts
 * the next item when `goodAfterEpoch[e]` is true and a wrong item otherwise.
 */
function scriptedModel(goodAfterEpoch: boolean[], lossAt: (step: number) => number = () => 1) {
  let steps = 0;
  const batches: TrainBatch[] = [];
  const state = { disposed: false, batches };
  const model: Recommender = {
    config: { kind: 'sasrec', hiddenSize: N, numLayers: 1, numHeads: 1, innerSize: N, dropout: 0 },
    numItems: N,
    dim: N,
    async trainStep(batch) {
      batches.push(batch);
      steps++;
      return lossAt(steps);
    },
    async encodeUsers(histories, n, seqLen) {
      const good = goodAfterEpoch[steps / 2 - 1];
      const out = new Float32Array(n * N);
      for (let r = 0; r < n; r++) {
        const last = histories[r * seqLen + seqLen - 1] - 1;
        out[r * N + (good ? next(last) : (last + 3) % N)] = 1;
      }
      return out;
    },
    encodeItems: async () =>
      Float32Array.from({ length: N * N }, (_, i) => (i % (N + 1) === 0 ? 1 : 0)),
    getParams: async () => ({ steps: { shape: [1], data: Float32Array.of(steps) } }),
    setParams(params) {
      steps = params.steps.data[0];
    },
    dispose() {
      state.disposed = true;
    },
  };
  return { model, state };
}

function config(patch: Partial<RunConfig['train']> = {}, seed = 3): RunConfig {
  const c = defaultRunConfig('sasrec');
  return {
    ...c,
    seed,
    data: { ...c.data, maxHistory: 3 },
    train: {
      ...c.train,
      loss: 'bce',
      batchSize: 2,
      epochs: 6,
      evalEvery: 1,
      patience: 2,
      ...patch,
    },
  };
}

async function run(
  script: boolean[],
  cfg: RunConfig,
  extra: {
    control?: TrainControl;
    onEvent?: (e: TrainEvent) => void;
    lossAt?: (s: number) => number;
    maxSteps?: number;
    memory?: () => { peakBytes: number; kind: 'wasm-heap' | 'gpu-buffers' };
  } = {},
) {
  const events: TrainEvent[] = [];
  const { model, state } = scriptedModel(script, extra.lossAt);
  const result = await trainRun({
    config: cfg,
    split: tinySplit(),
    datasetName: 'tiny',
    device: 'wasm',
    createModel: () => model,
    onEvent: (e) => {
      events.push(structuredClone(e));
      extra.onEvent?.(e);
    },
    control: extra.control,
    maxSteps: extra.maxSteps,
    memory: extra.memory,
  });
  return { result, events, state };
}

describe('trainRun', () => {
  it('stops after maxSteps steps, evaluates, and records what the run used', async () => {
    const { model } = scriptedModel([true, true, true]);
    const flops = { ...model, flopsPerStep: 1e9 };
    const events: TrainEvent[] = [];
    const result = await trainRun({
      config: config({ epochs: 3, patience: 0 }),
      split: tinySplit(),
      datasetName: 'tiny',
      device: 'wasm',
      createModel: () => flops,
      onEvent: (e) => events.push(structuredClone(e)),
      maxSteps: 3,
      memory: () => ({ peakBytes: 123 * 2 ** 20, kind: 'wasm-heap' }),
    });
    const run = result!.run;
    expect(events.filter((e) => e.kind === 'step')).toHaveLength(3);
    // Two steps per epoch: the cap ends the second epoch after one step, which is evaluated.
    expect(run.epochs.map((e) => e.steps)).toEqual([2, 1]);
    expect(run.epochs[1].valid).not.toBeNull();
    expect(run.final.test.all).not.toBeNull();
    expect(run.notes.join(' ')).toMatch(/Training stopped after 3 of 6 steps \(max steps 3\)/);
    const usage = run.usage!;
    expect(usage.steps).toBe(3);
    expect(usage.maxSteps).toBe(3);
    expect(usage.peakMemoryBytes).toBe(123 * 2 ** 20);
    expect(usage.memoryKind).toBe('wasm-heap');
    expect(usage.flopsPerStep).toBe(1e9);
    expect(usage.stepsPerSecond).toBeGreaterThan(0);
    expect(usage.achievedGflops).toBeCloseTo(usage.stepsPerSecond, 6);
    const last = events.filter((e) => e.kind === 'step').at(-1);
    expect(last?.kind === 'step' && last.etaSec).toBe(0);
  });

  it("gives the model every item but the split's held-out cold items to draw negatives from", async () => {
    const split = tinySplit();
    split.coldItems[6] = 1;
    split.coldItems[7] = 1;
    const { model } = scriptedModel([true]);
    let negativeItems: Int32Array | undefined;
    await trainRun({
      config: config({ epochs: 1, patience: 0 }),
      split,
      datasetName: 'tiny',
      device: 'wasm',
      createModel: (init) => {
        negativeItems = init.negativeItems;
        return model;
      },
      onEvent: () => undefined,
    });
    expect(Array.from(negativeItems!)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('evaluates on the most recent evalMaxHistory items of each history', async () => {
    const split = tinySplit();
    for (const c of [...split.valid, ...split.test]) c.history = Int32Array.from([5, 6, 7]);
    const widths: number[] = [];
    const { model } = scriptedModel([true]);
    const encodeUsers = model.encodeUsers.bind(model);
    model.encodeUsers = (histories, n, historyLen) => {
      widths.push(historyLen);
      return encodeUsers(histories, n, historyLen);
    };
    const base = config({ epochs: 1, patience: 0 });
    await trainRun({
      config: { ...base, data: { ...base.data, evalMaxHistory: 2 } },
      split,
      datasetName: 'tiny',
      device: 'wasm',
      createModel: () => model,
      onEvent: () => undefined,
    });
    expect(widths.length).toBeGreaterThan(0);
    expect(new Set(widths)).toEqual(new Set([2]));
  });

  it('trains on chunked long histories by default, and on one sample per user without', async () => {
    const split = tinySplit();
    split.train[0] = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 0]); // 9 items, maxHistory 3
    const stepsOf = async (chunkHistories: boolean) => {
      const { model, state } = scriptedModel([true]);
      const base = config({ epochs: 1, patience: 0 });
      const result = await trainRun({
        config: { ...base, data: { ...base.data, chunkHistories } },
        split,
        datasetName: 'tiny',
        device: 'wasm',
        createModel: () => model,
        onEvent: () => undefined,
      });
      const targets = state.batches.flatMap((b) => Array.from(b.targets).filter((t) => t > 0));
      return { dataset: result!.run.dataset, steps: state.batches.length, targets };
    };
    const chunked = await stepsOf(true);
    // 9 items in blocks of 4: the oldest one dropped, two samples; 5 samples in batches of 2.
    expect(chunked.dataset.trainSamples).toBe(5);
    expect(chunked.dataset.trainSequences).toBe(4);
    expect(chunked.steps).toBe(3);
    // Both blocks, [1,2,3,4] and [5,6,7,0], give their 3 targets; the other users 2 each.
    expect(chunked.targets).toHaveLength(3 + 3 + 3 * 2);
    const whole = await stepsOf(false);
    expect(whole.dataset.trainSamples).toBe(4);
    expect(whole.steps).toBe(2);
    // Only the long history's most recent 4 items, [5,6,7,0].
    expect(whole.targets).toHaveLength(3 + 3 * 2);
  });

  it('stops early after more than `patience` evaluations without gain and restores the best epoch', async () => {
    const { result, events } = await run([false, true, false, false, false, true], config());
    expect(result).not.toBeNull();
    const rec = result!.run;
    expect(rec.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4]);
    expect(rec.stoppedEarly).toBe(true);
    expect(rec.bestEpoch).toBe(1);
    expect(rec.epochs[1].valid?.['R@5']).toBe(100);
    expect(rec.epochs[2].valid?.['R@5']).toBe(0);
    // Restored epoch-1 parameters predict every test target at rank 0.
    expect(rec.final.test.all?.['N@10']).toBeCloseTo(100, 10);
    expect(rec.final.test.cold).toBeNull();
    expect(rec.popularity.test.all).not.toBeNull();
    expect(rec.dataset.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(Array.from(result!.test.topK[0].subarray(0, 1))).toEqual([tinySplit().test[0].target]);

    const steps = events.filter((e) => e.kind === 'step');
    expect(steps.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.filter((e) => e.kind === 'epoch')).toHaveLength(5);
    expect(events[events.length - 1].kind).toBe('done');
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
  });

  it('evaluates every evalEvery epochs and after the last one, reporting each evaluation', async () => {
    const { result, events } = await run(
      [true, true, true, true, true],
      config({ epochs: 5, evalEvery: 2 }),
    );
    const evaluations = events.filter((e) => e.kind === 'evaluate');
    // Epochs 2, 4 and 5, then the final validation and the test; one chunk each here.
    expect(evaluations.map((e) => e.kind === 'evaluate' && e.phase)).toEqual([
      'validation',
      'validation',
      'validation',
      'final validation',
      'test',
    ]);
    for (const e of evaluations) {
      if (e.kind !== 'evaluate') continue;
      expect(e.done).toBe(e.total);
      expect(e.etaSec).toBe(0);
      expect(e.usersPerSecond).toBeGreaterThan(0);
    }
    expect(result!.run.epochs.map((e) => e.valid !== null)).toEqual([
      false,
      true,
      false,
      true,
      true,
    ]);
  });

  it('gives the same batches for the same seed and different ones for another', async () => {
    const inputs = async (seed: number) =>
      (await run([true, true], config({ epochs: 2 }, seed))).state.batches.map((b) =>
        Array.from(b.inputs),
      );
    expect(await inputs(5)).toEqual(await inputs(5));
    expect(await inputs(5)).not.toEqual(await inputs(6));
  });

  it('cancels before the next step and reports `cancelled`', async () => {
    const control = new TrainControl();
    const { result, events, state } = await run([true, true, true], config({ epochs: 3 }), {
      control,
      onEvent: (e) => {
        if (e.kind === 'step' && e.step === 3) control.cancel();
      },
    });
    expect(result).toBeNull();
    expect(state.batches).toHaveLength(3);
    expect(state.disposed).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ kind: 'error', code: 'cancelled' });
  });

  it('holds while paused and continues on resume', async () => {
    const control = new TrainControl();
    const pending = run([true, true], config({ epochs: 2 }), {
      control,
      onEvent: (e) => {
        if (e.kind === 'step' && e.step === 1) control.pause();
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(control.paused).toBe(true);
    const probe = pending.then((r) => r.state.batches.length);
    const stepsWhilePaused = await Promise.race([
      probe,
      new Promise<number>((r) => setTimeout(() => r(1), 50)),
    ]);
    expect(stepsWhilePaused).toBe(1);
    control.resume();
    const { result, state } = await pending;
    expect(result).not.toBeNull();
    expect(state.batches).toHaveLength(4);
  });

  it('reports bad settings, divergence and out-of-memory with their codes', async () => {
    const bad = await run([true], config({ batchSize: 0 }));
    expect(bad.events).toEqual([
      { kind: 'error', code: 'bad-config', message: expect.stringMatching(/train\.batchSize/) },
    ]);
    const nan = await run([true, true], config({ epochs: 2 }), {
      lossAt: (s) => (s === 3 ? NaN : 1),
    });
    expect(nan.events[nan.events.length - 1]).toMatchObject({
      kind: 'error',
      code: 'internal',
      message: expect.stringMatching(/loss is NaN at step 3/),
    });
    const oom = await run([true], config({ epochs: 1 }), {
      lossAt: () => {
        throw new Error('WebGPU: out of memory while allocating a buffer');
      },
    });
    expect(oom.events[oom.events.length - 1]).toMatchObject({
      kind: 'error',
      code: 'out-of-memory',
    });
  });
});

describe('model construction errors', () => {
  it('reports an invalid model setting as bad-config', async () => {
    const events: TrainEvent[] = [];
    const result = await trainRun({
      config: config(),
      split: tinySplit(),
      datasetName: 'tiny',
      device: 'wasm',
      createModel: () => {
        throw new ModelConfigError('model.numHeads', 'a divisor of hiddenSize 8', 3);
      },
      onEvent: (e) => events.push(e),
    });
    expect(result).toBeNull();
    expect(events).toEqual([
      {
        kind: 'error',
        code: 'bad-config',
        message: 'model.numHeads: expected a divisor of hiddenSize 8, found 3',
      },
    ]);
  });
});
