import { describe, expect, it } from 'vitest';
import type { RunUsage } from '../../src/runs/runRecord';
import { usageText } from '../../src/runs/usageText';

const usage: RunUsage = {
  peakMemoryBytes: 3 * 2 ** 20,
  memoryKind: 'gpu-buffers',
  stepsPerSecond: 20,
  sequencesPerSecond: 2560,
  flopsPerStep: 2.5e9,
  achievedGflops: 1234.5,
  steps: 100,
  maxSteps: null,
};

describe('usageText', () => {
  it('names the device and gives the achieved rate in GFLOP/s and TFLOP/s', () => {
    const text = usageText(usage, 'webgpu (nvidia / hopper)');
    expect(text.startsWith('webgpu (nvidia / hopper): peak 3.0 MiB (live GPU buffers)')).toBe(true);
    expect(text).toContain('2.5 GFLOP/step, 1234.50 GFLOP/s (1.23 TFLOP/s)');
  });

  it('leaves the FLOP figures out when the model does not count its FLOPs', () => {
    const text = usageText({ ...usage, flopsPerStep: null, achievedGflops: null }, 'wasm');
    expect(text).not.toContain('FLOP');
  });
});
