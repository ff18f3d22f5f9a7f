import type { RunUsage } from './runRecord';
import { formatBytes } from './units';

const MEMORY_KINDS: Record<NonNullable<RunUsage['memoryKind']>, string> = {
  'wasm-heap': 'Wasm heap',
  'gpu-buffers': 'live GPU buffers',
};

/** A run's usage in one line: peak memory, steps/s, sequences/s, FLOPs per step, GFLOP/s and TFLOP/s. */
export function usageText(usage: RunUsage, device: string): string {
  const memory =
    usage.peakMemoryBytes === null || usage.memoryKind === null
      ? 'peak memory not measured'
      : `peak ${formatBytes(usage.peakMemoryBytes)} (${MEMORY_KINDS[usage.memoryKind]})`;
  const gflops = usage.achievedGflops ?? 0;
  const flops =
    usage.flopsPerStep === null
      ? ''
      : `, ${(usage.flopsPerStep / 1e9).toFixed(1)} GFLOP/step, ${gflops.toFixed(2)} GFLOP/s (${(gflops / 1000).toPrecision(3)} TFLOP/s)`;
  const capped = usage.maxSteps === null ? '' : ` (max ${usage.maxSteps})`;
  return (
    `${device}: ${memory}; ${usage.steps} steps${capped}, ${usage.stepsPerSecond.toPrecision(3)} steps/s, ` +
    `${usage.sequencesPerSecond.toPrecision(3)} sequences/s${flops}`
  );
}
