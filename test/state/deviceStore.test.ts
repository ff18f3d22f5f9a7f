import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../src/compute/deviceInfo';
import type { WorkerResult } from '../../src/compute/workerResult';
import { createDeviceStore } from '../../src/state/deviceStore';

const gpu: DeviceInfo = {
  kind: 'webgpu',
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  shaderF16: true,
};

describe('device store', () => {
  it('is detecting while the worker answers, then holds the device', async () => {
    let resolve!: (r: WorkerResult<DeviceInfo>) => void;
    const store = createDeviceStore({
      detectDevice: () => new Promise((r) => (resolve = r)),
    });
    const done = store.getState().detect();
    expect(store.getState().status.state).toBe('detecting');
    resolve({ ok: true, value: gpu });
    await done;
    expect(store.getState().status).toEqual({ state: 'ready', info: gpu });
  });

  it('records a failure reported by the worker', async () => {
    const store = createDeviceStore({
      detectDevice: async () => ({ ok: false, failure: { kind: 'internal', message: 'no wasm' } }),
    });
    await store.getState().detect();
    expect(store.getState().status).toEqual({
      state: 'failed',
      failure: { kind: 'internal', message: 'no wasm' },
    });
  });

  it('turns a rejected call (e.g. a dead worker) into a failure', async () => {
    const store = createDeviceStore({
      detectDevice: () => Promise.reject(new Error('worker crashed')),
    });
    await store.getState().detect();
    const status = store.getState().status;
    expect(status.state).toBe('failed');
    expect(status.state === 'failed' && status.failure.message).toBe('worker crashed');
  });
});
