import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateItemLlmMemory, llamaParamCount } from '../../../src/itemEncoders/itemLlmMemory';
import {
  checkpointMemoryTable,
  DOC_WORKLOAD,
  HUB_CHECKPOINTS,
} from '../../../src/models/hllm/hubCheckpoints';

const DOC = join(__dirname, '../../../docs/item-llm-checkpoints.md');

describe('documented Item LLM checkpoints', () => {
  it('have the parameter counts of the published models', () => {
    const millions = HUB_CHECKPOINTS.map((c) => Math.round(llamaParamCount(c.config) / 1e6));
    // SmolLM2-135M and Qwen2.5-0.5B tie their output layer; TinyLlama's 1.1B counts its lm_head.
    expect(millions).toEqual([135, 494, 1035]);
  });

  it('need more memory as more layers train', () => {
    for (const c of HUB_CHECKPOINTS) {
      const total = (mode: Parameters<typeof estimateItemLlmMemory>[0]['mode']) =>
        estimateItemLlmMemory({ config: c.config, mode, ...DOC_WORKLOAD }).total;
      expect(total('frozen')).toBeLessThan(total({ topLayers: 1 }));
      expect(total({ topLayers: 1 })).toBeLessThan(total('all'));
    }
  });

  it('docs/item-llm-checkpoints.md shows the estimator table as it is', () => {
    expect(readFileSync(DOC, 'utf8')).toContain(checkpointMemoryTable());
  });
});
