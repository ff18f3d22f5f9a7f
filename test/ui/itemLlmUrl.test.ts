import { describe, expect, it } from 'vitest';
import { presetRunConfig } from '../../src/config/defaults';
import type { ItemEncoderSpec, RunConfig } from '../../src/config/runConfig';
import { readUrlState, writeUrlState } from '../../src/state/urlState';

describe('Item LLM settings in the address', () => {
  const base = presetRunConfig('classroom-quick', 'hllm');
  const specs: ItemEncoderSpec[] = [
    { kind: 'finetune', model: 'tiny-llama', topLayers: 1, lora: 4 },
    { kind: 'finetune', model: 'HuggingFaceTB/SmolLM2-135M@main', topLayers: 'all', lora: 0 },
    { kind: 'scratch', tokenizer: 'tiny-llama', layers: 1, width: 32 },
  ];
  it.each(specs)('keeps the $kind Item LLM across a reload', (itemEncoder) => {
    if (base.model.kind !== 'hllm') throw new Error('expected an HLLM preset');
    const config: RunConfig = {
      ...base,
      model: { ...base.model, itemEncoder, negatives: 'epoch-cache', maxTextTokens: 96 },
    };
    const read = readUrlState(writeUrlState({ config, step: 'train', hidden: [] }), () => base);
    expect(read.rejected).toEqual([]);
    expect(read.config).toEqual(config);
  });
});
