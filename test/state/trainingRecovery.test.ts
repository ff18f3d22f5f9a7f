import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../src/compute/deviceInfo';
import type { WorkerResult } from '../../src/compute/workerResult';
import { defaultRunConfig } from '../../src/config/defaults';
import { createTrainingStore, type TrainClient } from '../../src/state/trainingStore';
import type { TrainErrorCode } from '../../src/training/trainEvents';
import { fakeRun } from './runFixture';
import { smallDataset } from './summaryFixture';

const WASM: WorkerResult<DeviceInfo> = {
  ok: true,
  value: { kind: 'wasm', reason: 'switched', threads: 1 },
};

/** A client whose first run fails with `code` and whose later runs finish. */
function failingOnce(code: TrainErrorCode) {
  const devices: string[] = [];
  let runs = 0;
  const client: TrainClient = {
    train: async (_dataset, _config, onEvent) => {
      runs++;
      devices.push(devices.length === 0 ? 'webgpu' : 'after switch');
      if (runs === 1) {
        onEvent({ kind: 'error', code, message: `injected ${code}` });
        return { ok: true, value: null };
      }
      return { ok: true, value: fakeRun(0, 'sasrec', 10, 5) };
    },
    pause: () => undefined,
    resume: () => undefined,
    cancel: () => undefined,
  };
  return { client, devices };
}

describe('training store recovery', () => {
  it('after a lost device, continues the same config on Wasm', async () => {
    const { client, devices } = failingOnce('device-lost');
    let switched = 0;
    const config = defaultRunConfig('hstu');
    const store = createTrainingStore(
      {
        client,
        currentDataset: async () => smallDataset(4, 4),
        onFinished: () => undefined,
        switchToWasm: async () => {
          switched++;
          return WASM;
        },
        batchMs: 0,
      },
      config,
    );
    await store.getState().start();
    expect(store.getState().status).toBe('stopped');
    expect(store.getState().progress.error).toEqual({
      code: 'device-lost',
      message: 'injected device-lost',
    });
    await store.getState().continueOnWasm();
    expect(switched).toBe(1);
    expect(devices).toEqual(['webgpu', 'after switch']);
    expect(store.getState().status).toBe('finished');
    expect(store.getState().config).toBe(config);
  });

  it('reports a failed switch and does not start', async () => {
    const { client, devices } = failingOnce('device-lost');
    const store = createTrainingStore(
      {
        client,
        currentDataset: async () => smallDataset(4, 4),
        onFinished: () => undefined,
        switchToWasm: async () => ({
          ok: false,
          failure: { kind: 'internal', message: 'WebAssembly is not available in this worker.' },
        }),
      },
      defaultRunConfig('sasrec'),
    );
    await store.getState().start();
    await store.getState().continueOnWasm();
    expect(devices).toHaveLength(1);
    expect(store.getState().failure?.message).toBe('WebAssembly is not available in this worker.');
  });
});
