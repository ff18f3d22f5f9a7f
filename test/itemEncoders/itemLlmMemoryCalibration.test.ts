import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import type { HllmConfig, RunConfig } from '../../src/config/runConfig';
import { planItemLlm } from '../../src/compute/itemLlmPlan';
import {
  CATALOGUE_CHUNK,
  checkItemLlmMemory,
  estimateItemLlmMemory,
  WASM_HEAP_LIMIT,
  type ItemLlmWorkload,
} from '../../src/itemEncoders/itemLlmMemory';
import { scratchLlamaConfig } from '../../src/itemEncoders/itemLlmModel';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { DEFAULT_MEMORY_BUDGET } from '../../src/models/hllm/jointRecommender';
import { SYNTHETIC_ITEMS } from '../../src/synthetic/generateSyntheticDataset';

const FIXTURES = join(__dirname, '../fixtures');
const filesOf = (name: string) => createLocalModelFiles(join(FIXTURES, name));

/** An HLLM run config fine-tuning the top layer of the tiny-llama fixture. */
function topOneRun(maxTextTokens: number, batchSize: number, maxHistory: number): RunConfig {
  const base = defaultRunConfig('hllm');
  const model: HllmConfig = {
    ...(base.model as HllmConfig),
    itemEncoder: { kind: 'finetune', model: 'tiny-llama', topLayers: 1, lora: 0 },
    maxTextTokens,
  };
  return {
    ...base,
    data: { ...base.data, maxHistory },
    model,
    train: { ...base.train, batchSize },
  };
}

/** The sweep's scratch Item LLM: 2 × 64 over the tiny random Llama's 32,000-token tokenizer. */
const SWEEP_SCRATCH = scratchLlamaConfig(32000, 2, 64);

/** A sweep scratch-HLLM step (histories of 50, prompts of 40 tokens, negatives re-encoded). */
function sweepScratch(catalogueItems: number, batch: number, negatives: number): ItemLlmWorkload {
  return {
    config: SWEEP_SCRATCH,
    mode: 'all',
    batchItems: Math.min(catalogueItems, batch * 50 + negatives),
    catalogueItems,
    maxTextTokens: 40,
  };
}

describe('Item LLM memory estimate calibrated to the Wasm heap', () => {
  it('refuses top-1 of tiny-llama over the default synthetic catalogue at 96 tokens, batch 512', async () => {
    // This run ran out of the 4 GiB Wasm heap; the uncalibrated estimate put it near 0.5 GiB.
    const plan = await planItemLlm(topOneRun(96, 512, 5), SYNTHETIC_ITEMS, filesOf);
    expect(plan.memory.total).toBeGreaterThan(WASM_HEAP_LIMIT);
    expect(plan.refusal).toMatch(
      /Item LLM needs about .* MiB but 4096\.0 MiB is available; the largest part is activations .*: lower the batch size/,
    );
  });

  it("accepts the sweep's Amazon Scientific scratch HLLM at batch 32 / 256 negatives and refuses batch 64", () => {
    // This run ran out of the 4 GiB Wasm heap while catalogue passes held every chunk at once;
    // with one chunk at a time its step dominates.
    const fits = sweepScratch(4385, 32, 256);
    const m = checkItemLlmMemory(fits, DEFAULT_MEMORY_BUDGET);
    expect(m.activations).toBeGreaterThan(0.75 * WASM_HEAP_LIMIT);
    expect(m.cataloguePass ?? 0).toBeLessThan(0.05 * m.activations);
    expect(() => checkItemLlmMemory(sweepScratch(4385, 64, 256), DEFAULT_MEMORY_BUDGET)).toThrow(
      /largest part is activations .*lower the batch size/,
    );
  });

  it('accepts the browser smoke test and the MovieLens-100K sweep scratch HLLM', async () => {
    // Smoke test: 48 items, tiny-llama top-1, 96 tokens, batch 64, histories of 6.
    const smoke = await planItemLlm(topOneRun(96, 64, 6), 48, filesOf);
    expect(smoke.refusal).toBeNull();
    const movielens = sweepScratch(1682, 16, 128);
    expect(checkItemLlmMemory(movielens, DEFAULT_MEMORY_BUDGET).total).toBeLessThan(
      WASM_HEAP_LIMIT,
    );
  });

  it('caps the Wasm budget at the 4 GiB heap whatever budget is passed', () => {
    const workload = sweepScratch(4385, 64, 256);
    const total = estimateItemLlmMemory(workload).total;
    expect(total).toBeGreaterThan(WASM_HEAP_LIMIT);
    expect(() => checkItemLlmMemory(workload, 2 * total)).toThrow(/4096\.0 MiB is available/);
  });

  it('counts one chunk of the catalogue pass of the joint modes but none of a frozen encoder', () => {
    const w = sweepScratch(1682, 16, 128);
    const all = estimateItemLlmMemory(w);
    const frozen = estimateItemLlmMemory({ ...w, mode: 'frozen' });
    expect(all.cataloguePass).toBeGreaterThan(0);
    expect(frozen.cataloguePass).toBe(0);
    const twice = estimateItemLlmMemory({ ...w, catalogueItems: 2 * 1682 });
    expect(twice.cataloguePass).toBe(all.cataloguePass);
    const wider = estimateItemLlmMemory({ ...w, encodeChunk: 2 * CATALOGUE_CHUNK });
    expect(wider.cataloguePass).toBe(2 * (all.cataloguePass ?? 0));
    const small = estimateItemLlmMemory({ ...w, catalogueItems: CATALOGUE_CHUNK / 2 });
    expect(small.cataloguePass).toBe((all.cataloguePass ?? 0) / 2);
  });
});

describe('Item LLM memory estimate on WebGPU', () => {
  const limits = (bytes: number) =>
    ({ kind: 'webgpu', maxBufferSize: bytes, maxStorageBufferBindingSize: bytes }) as const;

  it("keeps fewer transient values than Wasm's allocator", () => {
    const w = sweepScratch(1682, 16, 128);
    const gpu = estimateItemLlmMemory(w, limits(2 ** 30));
    const wasm = estimateItemLlmMemory(w);
    expect(gpu.weights).toBe(wasm.weights);
    expect(gpu.activations).toBeLessThan(wasm.activations);
    expect(gpu.total).toBeLessThan(wasm.total);
  });

  it('refuses a buffer over the device limits', () => {
    const w = sweepScratch(4385, 32, 256);
    const m = checkItemLlmMemory(w, 64 * 2 ** 30, limits(2 ** 30));
    const largest = m.largestBuffer ?? 0;
    expect(largest).toBeGreaterThan(0);
    expect(() => checkItemLlmMemory(w, 64 * 2 ** 30, limits(largest - 1))).toThrow(
      /needs a .* MiB buffer but this WebGPU device allows .*: lower the batch size/,
    );
  });
});
