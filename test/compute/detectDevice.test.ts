import { describe, expect, it } from 'vitest';
import { describeDevice } from '../../src/compute/deviceInfo';
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
      /^Wasm \(CPU\) fallback — WebGPU is not available/,
    );
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
