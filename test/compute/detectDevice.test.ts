import { describe, expect, it } from 'vitest';
import { describeDevice, deviceLabel } from '../../src/compute/deviceInfo';
import { createTrainService } from '../../src/compute/trainService';

describe('device detection', () => {
  it('falls back to Wasm in Node, where there is no WebGPU, and caches the answer', async () => {
    const service = createTrainService();
    const first = service.detectDevice();
    expect(service.detectDevice()).toBe(first);
    const result = await first;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.kind).toBe('wasm');
    expect(describeDevice(result.value)).toMatch(
      /^Wasm \(CPU, 1 thread\) fallback — WebGPU is not available/,
    );
  });

  it('names the Wasm thread count in the badge and, above one, in the run label', () => {
    const info = { kind: 'wasm' as const, reason: 'no WebGPU adapter was found', threads: 8 };
    expect(describeDevice(info)).toBe(
      'Wasm (CPU, 8 threads) fallback — no WebGPU adapter was found',
    );
    expect(deviceLabel(info)).toBe('wasm (8 threads)');
    expect(deviceLabel({ ...info, threads: 1 })).toBe('wasm');
  });

  it('describes a WebGPU adapter with its vendor, architecture and f16 support', () => {
    const text = describeDevice({
      kind: 'webgpu',
      vendor: 'nvidia',
      architecture: 'ampere',
      description: '',
      shaderF16: true,
    });
    expect(text).toBe('WebGPU — nvidia / ampere — shader-f16 supported');
    expect(
      describeDevice({
        kind: 'webgpu',
        vendor: '',
        architecture: '',
        description: '',
        shaderF16: false,
      }),
    ).toBe('WebGPU — unknown adapter — no shader-f16');
  });
});
