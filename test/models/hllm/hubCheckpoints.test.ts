import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RANDOM_CHECKPOINTS } from '../../../scripts/randomCheckpoint';
import { defaultHllmConfig } from '../../../src/config/defaults';
import { parseLlamaConfig } from '../../../src/itemEncoders/llamaCheckpoint';
import {
  checkpointMemoryTable,
  checkpointModes,
  DOC_WORKLOAD,
  HUB_CHECKPOINTS,
} from '../../../src/models/hllm/hubCheckpoints';
import { WASM_HEAP_LIMIT } from '../../../src/models/hllm/memoryBackend';
import { llamaParamCount } from '../../../src/models/llama/paramCount';

const DOC = join(__dirname, '../../../docs/item-llm-checkpoints.md');

describe('documented Item LLM checkpoints', () => {
  it('have the parameter counts of the published models', () => {
    const millions = HUB_CHECKPOINTS.map((c) => Math.round(llamaParamCount(c.config) / 1e6));
    // SmolLM2-135M and Qwen2.5-0.5B tie their output layer; TinyLlama's 1.1B counts its lm_head.
    expect(millions).toEqual([135, 494, 1035]);
  });

  it('read Qwen2.5-0.5B as its published config.json and parameter count say', () => {
    // The public config.json of Qwen/Qwen2.5-0.5B, as the random-checkpoint script writes it.
    const published = RANDOM_CHECKPOINTS['qwen2.5-0.5b'];
    const qwen = HUB_CHECKPOINTS.find((c) => c.repo === 'Qwen/Qwen2.5-0.5B');
    expect(parseLlamaConfig(published, 'Qwen/Qwen2.5-0.5B')).toEqual(qwen?.config);
    // 494,032,768 weights, q/k/v biases included (24 layers x 1152).
    expect(llamaParamCount(parseLlamaConfig(published, 'x'))).toBe(494_032_768);
  });

  it('need more memory as more of the Item LLM trains, and propose what fits when a mode does not', () => {
    for (const c of HUB_CHECKPOINTS) {
      const modes = checkpointModes(c, c.repo, defaultHllmConfig(), DOC_WORKLOAD, WASM_HEAP_LIMIT);
      const total = (name: string) => modes.find((m) => m.name === name)!.totalBytes;
      expect(total('frozen')).toBeLessThan(total('top-2'));
      expect(total('top-2')).toBeLessThan(total('all layers'));
      expect(total('LoRA r=8, all layers')).toBeLessThan(total('all layers'));
      for (const m of modes) {
        expect(m.fits).toBe(m.totalBytes <= WASM_HEAP_LIMIT);
        if (!m.fits && m.suggestion !== null) {
          expect(m.suggestion.totalBytes).toBeLessThanOrEqual(WASM_HEAP_LIMIT);
        }
      }
    }
  });

  it('docs/item-llm-checkpoints.md shows the estimator table as it is', () => {
    expect(readFileSync(DOC, 'utf8')).toContain(checkpointMemoryTable());
  });
});
