import { describe, expect, it } from 'vitest';
import { randomWeightsNote } from '../../src/ui/itemLlm/randomWeightsNote';

describe('random-weight model note', () => {
  it('names the shipped, the default and the generated random models, and no other', () => {
    expect(randomWeightsNote('tiny-random-llama-fp16')).toMatch(
      /random weights.*not a language model/,
    );
    expect(randomWeightsNote('tiny-llama-random')).toMatch(/^tiny-llama-random has random weights/);
    expect(randomWeightsNote('/models/smollm2-135m-random/')).toMatch(/^smollm2-135m-random/);
    expect(randomWeightsNote('HuggingFaceTB/SmolLM2-135M')).toBeNull();
  });
});
