import { describe, expect, it } from 'vitest';
import { defaultHllmConfig } from '../../../src/config/defaults';
import type { HllmConfig, ItemEncoderSpec } from '../../../src/config/runConfig';
import { resolveUserLlm } from '../../../src/models/hllm/createHllm';
import { estimateHllmMemory, memoryRefusal } from '../../../src/models/hllm/hllmMemory';
import { fitSuggestions, planHllm } from '../../../src/models/hllm/hllmPlan';
import { hllmWorkload, type HllmWorkload } from '../../../src/models/hllm/hllmWorkload';
import { HUB_CHECKPOINTS } from '../../../src/models/hllm/hubCheckpoints';
import { scratchLlamaConfig } from '../../../src/itemEncoders/itemLlmModel';

const MIB = 2 ** 20;
const GIB = 2 ** 30;
const smol = HUB_CHECKPOINTS.find((c) => c.repo === 'HuggingFaceTB/SmolLM2-135M')!.config;
const qwen = HUB_CHECKPOINTS.find((c) => c.repo === 'Qwen/Qwen2.5-0.5B')!.config;

const finetune = (topLayers: number | 'all', lora = 0): ItemEncoderSpec => ({
  kind: 'finetune',
  model: 'checkpoint',
  topLayers,
  lora,
});

/** An HLLM config over `checkpoint` with its User LLM resolved (from the checkpoint by default). */
function config(encoder: ItemEncoderSpec, extra: Partial<HllmConfig> = {}): HllmConfig {
  return resolveUserLlm({ ...defaultHllmConfig(), itemEncoder: encoder, ...extra }, smol);
}

/** Amazon Scientific's scale: 4,385 items, batch 16 × history 10, 128 negatives, 64 tokens. */
function workload(model: HllmConfig, checkpoint = smol, over: Partial<HllmWorkload> = {}) {
  return {
    ...hllmWorkload(model, checkpoint, {
      catalogueItems: 4385,
      batchSize: 16,
      maxHistory: 10,
      numNegatives: 128,
      gradClip: 1,
    }),
    ...over,
  };
}

describe('HLLM memory estimate', () => {
  it('grows with what trains: frozen < LoRA < top-2 < all layers', () => {
    const total = (encoder: ItemEncoderSpec) =>
      estimateHllmMemory(workload(config(encoder), smol, { itemRows: 16, stageLayers: 1 })).total;
    expect(total(finetune(0))).toBeLessThan(total(finetune(2)));
    expect(total(finetune('all', 8))).toBeLessThan(total(finetune(2)));
    expect(total(finetune(2))).toBeLessThan(total(finetune('all')));
  });

  it('counts AdamW moments of the User LLM, which LoRA shrinks and sharing bases saves twice', () => {
    const full = estimateHllmMemory(workload(config(finetune('all', 8), { userLora: 0 })));
    const lora = estimateHllmMemory(workload(config(finetune('all', 8))));
    expect(full.optimizer).toBeGreaterThan(10 * lora.optimizer);
    // The User LLM's frozen bases are the Item LLM's own: no second copy of its weights.
    const own = estimateHllmMemory(
      workload(config(finetune('all', 8), { userInit: 'checkpoint' }), smol, { userShares: false }),
    );
    expect(own.weights - lora.weights).toBeGreaterThan(300 * MIB);
  });

  it('keeps the boundary cache on the host, in float16 where frozen weights are', () => {
    const top2 = estimateHllmMemory(workload(config(finetune(2))));
    const half = estimateHllmMemory(workload(config(finetune(2)), smol, { storage: 'float16' }));
    expect(top2.hostCache).toBe(4385 * 68 * 576 * 4);
    expect(half.hostCache).toBe(top2.hostCache / 2);
    expect(half.setup).toBeLessThan(top2.setup);
    expect(estimateHllmMemory(workload(config(finetune('all')))).hostCache).toBe(0);
  });

  it('holds one micro-batch through one stage: fewer rows or layers per stage need less', () => {
    const at = (itemRows: number, stageLayers: number) =>
      estimateHllmMemory(workload(config(finetune(4)), smol, { itemRows, stageLayers }))
        .activations;
    expect(at(16, 4)).toBeLessThan(at(32, 4));
    expect(at(16, 1)).toBeLessThan(at(16, 4));
  });

  it('refuses by its largest part with what to change, and buffers over a WebGPU limit', () => {
    const m = estimateHllmMemory(
      workload(config(finetune('all')), qwen, { itemRows: 8, stageLayers: 1 }),
    );
    expect(memoryRefusal(m, 4 * GIB)).toMatch(
      /^HLLM needs about .* MiB but 4096\.0 MiB is available; the largest part is optimizer .*: train fewer layers \(top-k\) or use LoRA adapters/,
    );
    expect(memoryRefusal(m, 64 * GIB)).toMatch(/4096\.0 MiB is available/); // Wasm caps at 4 GiB
    const gpu = { kind: 'webgpu', maxBufferSize: GIB, maxStorageBufferBindingSize: GIB } as const;
    expect(memoryRefusal(m, 64 * GIB, gpu)).toBeNull();
    expect(
      memoryRefusal(m, 64 * GIB, { ...gpu, maxStorageBufferBindingSize: m.largestBuffer - 1 }),
    ).toMatch(/needs a .* MiB buffer but this WebGPU device allows/);
  });
});

describe('HLLM memory plan', () => {
  it('takes the largest micro-batch without recomputation when it fits, and shrinks under a tighter budget', () => {
    const w = workload(config(finetune(4), { userLayers: 2 }));
    const roomy = planHllm(w, { budgetBytes: 4 * GIB });
    expect(roomy.refusal).toBeNull();
    // Without recomputation (4 layers in one stage), in calls of 32 items: the largest a model
    // of SmolLM2's width takes at 68 positions, within 90% of the budget.
    expect(roomy.workload.stageLayers).toBe(4);
    expect(roomy.workload.itemRows).toBe(32);
    expect(roomy.memory.total).toBeLessThanOrEqual(0.9 * 4 * GIB);
    const tight = planHllm(w, { budgetBytes: roomy.memory.total - MIB });
    expect(tight.refusal).toBeNull();
    expect(tight.memory.total).toBeLessThanOrEqual(roomy.memory.total - MIB);
    expect(tight.workload.itemRows * tight.workload.stageLayers).toBeLessThan(
      roomy.workload.itemRows * 4,
    );
  });

  it("gives a small model the step's items in one large call", () => {
    const tiny = scratchLlamaConfig(32000, 2, 32);
    const model = resolveUserLlm(
      {
        ...defaultHllmConfig(),
        itemEncoder: { kind: 'scratch', tokenizer: 't', layers: 2, width: 32 },
      },
      tiny,
    );
    const plan = planHllm(workload(model, tiny));
    expect(plan.workload.itemRows).toBe(304); // 16 × (10 + 1) + 128 items a step, one call
    expect(plan.workload.stageLayers).toBe(2);
  });

  it('keeps a micro-batch the user fixed, and refuses when even one item per call does not fit', () => {
    const w = workload(config(finetune(4)), smol, { itemRows: 8 });
    expect(planHllm(w, { fixedItemRows: true }).workload.itemRows).toBe(8);
    const none = planHllm(w, { budgetBytes: 512 * MIB });
    expect(none.workload.itemRows).toBe(1);
    expect(none.workload.stageLayers).toBe(1);
    expect(none.refusal).toMatch(/512\.0 MiB is available/);
  });

  it('proposes the nearest settings that fit, each of which fits when applied', () => {
    const model = resolveUserLlm({ ...defaultHllmConfig(), itemEncoder: finetune(2) }, qwen);
    const w = workload(model, qwen);
    const budget = { budgetBytes: 3.5 * GIB };
    expect(planHllm(w, budget).refusal).not.toBeNull();
    const fits = fitSuggestions(model, w, budget);
    expect(fits.length).toBeGreaterThan(0);
    expect(fits[0].label).toBe('LoRA r=8 on the User LLM');
    for (const fit of fits) {
      const applied = resolveUserLlm({ ...model, ...fit.model }, qwen);
      const again = planHllm(
        workload(applied, qwen, { batchSize: fit.train.batchSize ?? 16 }),
        budget,
      );
      expect(again.refusal, fit.label).toBeNull();
      expect(fit.totalBytes).toBeLessThanOrEqual(3.5 * GIB);
    }
    const fitted = resolveUserLlm({ ...model, ...fits[0].model }, qwen);
    expect(fitSuggestions(fitted, workload(fitted, qwen), budget)).toEqual([]); // nothing to change
  });
});
