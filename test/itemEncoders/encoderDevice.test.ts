import { describe, expect, it } from 'vitest';
import { checkDtype, hasShaderF16, pickFastestDevice } from '../../src/itemEncoders/encoderDevice';

describe('pickFastestDevice', () => {
  it('times each candidate after a warm-up and keeps the fastest, recording failures', async () => {
    let clock = 0;
    const cost = { webgpu: 5, wasm: 20 };
    const calls: string[] = [];
    const choice = await pickFastestDevice(
      ['cpu', 'webgpu', 'wasm'],
      async (device) => {
        calls.push(device);
        if (device === 'cpu') throw new Error('no such backend');
        clock += cost[device];
      },
      () => clock,
    );
    expect(choice.device).toBe('webgpu');
    expect(choice.timings).toEqual({ cpu: 'no such backend', webgpu: 5, wasm: 20 });
    expect(calls).toEqual(['cpu', 'webgpu', 'webgpu', 'wasm', 'wasm']);
  });

  it('fails when no device works', async () => {
    await expect(
      pickFastestDevice(['wasm'], async () => {
        throw new Error('broken');
      }),
    ).rejects.toThrow(/no encoder device worked.*broken/);
  });
});

describe('dtype checks', () => {
  it('refuses fp16 on WebGPU without shader-f16 only', () => {
    expect(() => checkDtype('fp16', 'webgpu', false)).toThrow(/shader-f16/);
    expect(() => checkDtype('fp16', 'webgpu', true)).not.toThrow();
    expect(() => checkDtype('fp16', 'wasm', false)).not.toThrow();
    expect(() => checkDtype('q4', 'webgpu', false)).not.toThrow();
  });

  it('reports no shader-f16 where there is no WebGPU (Node)', async () => {
    expect(await hasShaderF16()).toBe(false);
  });
});
