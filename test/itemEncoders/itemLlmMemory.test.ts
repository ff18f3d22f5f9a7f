import { describe, expect, it } from 'vitest';
import type { LlamaConfig } from '../../src/config/runConfig';
import { llamaDecoderSpecs } from '../../src/models/llama/llamaDecoder';
import { sizeOf } from '../../src/models/params';
import {
  checkItemLlmMemory,
  estimateItemLlmMemory,
  llamaParamCount,
} from '../../src/itemEncoders/itemLlmMemory';

// TinyLlama-1.1B's shape, as used by HLLM
const tinyLlama: LlamaConfig = {
  hiddenSize: 2048,
  intermediateSize: 5632,
  numLayers: 22,
  numHeads: 32,
  numKvHeads: 4,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  vocabSize: 32000,
};
const workload = { config: tinyLlama, batchItems: 64, catalogueItems: 4385, maxTextTokens: 64 };

describe('Item LLM memory estimate', () => {
  it('counts the parameters of the decoder and embedding table', () => {
    const decoder = Object.values(llamaDecoderSpecs(tinyLlama)).reduce(
      (s, p) => s + sizeOf(p.shape),
      0,
    );
    expect(llamaParamCount(tinyLlama)).toBe(decoder + tinyLlama.vocabSize * tinyLlama.hiddenSize);
    expect(llamaParamCount(tinyLlama)).toBeGreaterThan(1.0e9);
  });

  it('grows with the trained part and the catalogue (its pass holds one chunk)', () => {
    const frozen = estimateItemLlmMemory({ ...workload, mode: 'frozen' });
    const top2 = estimateItemLlmMemory({ ...workload, mode: { topLayers: 2 } });
    const all = estimateItemLlmMemory({ ...workload, mode: 'all' });
    expect(frozen.optimizer).toBe(0);
    expect(frozen.boundaryCache).toBe(0);
    expect(top2.optimizer).toBeGreaterThan(0);
    expect(all.optimizer).toBeGreaterThan(top2.optimizer);
    expect(all.activations).toBeGreaterThan(top2.activations);
    const bigger = estimateItemLlmMemory({
      ...workload,
      catalogueItems: 2 * 4385,
      mode: { topLayers: 2 },
    });
    expect(bigger.boundaryCache).toBe(2 * top2.boundaryCache);
    expect(bigger.cataloguePass).toBe(top2.cataloguePass); // one chunk at a time
    expect(top2.total).toBe(
      top2.weights +
        top2.optimizer +
        top2.activations +
        top2.boundaryCache +
        (top2.cataloguePass ?? 0) +
        top2.itemTable,
    );
  });

  it('refuses a run over budget, naming the largest part and what to shrink', () => {
    const few = { ...workload, catalogueItems: 20, maxTextTokens: 16 };
    expect(() => checkItemLlmMemory({ ...few, batchItems: 8, mode: 'all' }, 4 * 2 ** 30)).toThrow(
      /largest part is optimizer .*train fewer layers/,
    );
    expect(() =>
      checkItemLlmMemory({ ...few, batchItems: 4096, mode: { topLayers: 4 } }, 8 * 2 ** 30),
    ).toThrow(/largest part is activations .*lower the batch size/);
    expect(() => checkItemLlmMemory({ ...workload, mode: { topLayers: 2 } }, 8 * 2 ** 30)).toThrow(
      /largest part is cataloguePass .*lower maxTextTokens or the catalogue size/,
    );
    // TinyLlama's float32 weights alone nearly fill a 4 GiB Wasm heap.
    expect(() => checkItemLlmMemory({ ...workload, mode: 'frozen' }, 32 * 2 ** 30)).toThrow(
      /4096\.0 MiB is available; the largest part is weights .*choose a smaller model/,
    );
  });
});
