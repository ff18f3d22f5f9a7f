import { describe, expect, it } from 'vitest';
import { planCase, scaleCases, scaleRow } from '../../bench/itemLlmScale';
import { PLAN_HEADROOM } from '../../src/models/hllm/hllmPlan';

/**
 * Peaks of the jax-js Wasm heap measured by `npm run bench -- itemllm-scale` on 2026-12-06 (MiB,
 * each case's catalogue prefix; BENCHMARKS.md, "HLLM at real checkpoint sizes").
 */
const MEASURED_MIB: Record<string, number> = {
  'SmolLM2-135M frozen': 1539,
  'SmolLM2-135M top-2': 1657,
  'SmolLM2-135M LoRA r=8, all layers': 917,
  'SmolLM2-135M all layers': 3166,
  'Qwen2.5-0.5B frozen': 2160,
  'Qwen2.5-0.5B top-2': 2659,
  'Qwen2.5-0.5B LoRA r=8, all layers': 2134,
};

describe('HLLM memory at real checkpoint sizes', () => {
  const planned = scaleCases().map((spec) => ({ spec, plan: planCase(spec) }));

  it("estimates every measured case within the planner's headroom", () => {
    for (const { spec, plan } of planned) {
      if ('refusal' in plan) continue;
      const row = scaleRow({ ...plan.c, dir: '' }, plan.applied, { error: 'not run' });
      const ratio = row.estimatePrefixMiB / MEASURED_MIB[spec.name];
      expect(ratio, spec.name).toBeGreaterThan(PLAN_HEADROOM);
      expect(ratio, spec.name).toBeLessThan(2 - PLAN_HEADROOM);
    }
  });

  it('plans every target within its budget, and refuses Qwen2.5-0.5B all layers with the reason', () => {
    const refused = planned.filter(({ plan }) => 'refusal' in plan).map(({ spec }) => spec.name);
    expect(refused).toEqual(['Qwen2.5-0.5B all layers']);
    const qwenAll = planned.find(({ spec }) => spec.name === 'Qwen2.5-0.5B all layers')!.plan;
    expect('refusal' in qwenAll && qwenAll.refusal).toMatch(
      /needs about .* MiB but 3584.0 MiB is available; the largest part is optimizer.*fits with LoRA/,
    );
    for (const { spec, plan } of planned) {
      if ('refusal' in plan) continue;
      const row = scaleRow({ ...plan.c, dir: '' }, plan.applied, { error: 'not run' });
      expect(row.estimateFullMiB, spec.name).toBeLessThanOrEqual(spec.budgetMiB);
      expect(Object.keys(MEASURED_MIB)).toContain(spec.name);
    }
  });
});
