import { describe, expect, it } from 'vitest';
import type { LlamaConfig } from '../../../src/config/runConfig';
import { prepareItemLlmParams } from '../../../src/itemEncoders/itemLlmModel';
import { llamaDecoderSpecs } from '../../../src/models/llama/llamaDecoder';
import { addLoraAdapters } from '../../../src/models/llama/lora';
import { userWeightsFromCheckpoint } from '../../../src/models/hllm/userInit';
import { ModelConfigError } from '../../../src/models/modelConfigError';
import { initHostParams } from '../../../src/models/params';
import { validateLlamaConfig } from '../../../src/models/validateModelConfig';

/** A tiny Qwen2-style config: q/k/v biases. */
const QWEN2: LlamaConfig = {
  hiddenSize: 8,
  intermediateSize: 12,
  numLayers: 3,
  numHeads: 4,
  numKvHeads: 2,
  rmsNormEps: 1e-6,
  ropeTheta: 1e6,
  vocabSize: 16,
  attentionBias: 'qkv',
};
const weights = () => initHostParams(llamaDecoderSpecs(QWEN2), 7);
const biasesOf = (names: string[]) => names.filter((n) => n.endsWith('.bias')).sort();

describe('attention biases in the Item LLM and User LLM parameter sets', () => {
  it('declares q/k/v biases [out] per layer, zero, and no o_proj bias for qkv', () => {
    const specs = llamaDecoderSpecs(QWEN2);
    expect(biasesOf(Object.keys(specs))).toEqual(
      [0, 1, 2].flatMap((l) =>
        ['k_proj', 'q_proj', 'v_proj'].map((p) => `layers.${l}.self_attn.${p}.bias`),
      ),
    );
    expect(specs['layers.0.self_attn.q_proj.bias']).toEqual({ kind: 'fill', value: 0, shape: [8] });
    expect(specs['layers.0.self_attn.k_proj.bias'].shape).toEqual([4]);
    const qkvo = llamaDecoderSpecs({ ...QWEN2, attentionBias: 'qkvo' });
    expect(qkvo['layers.2.self_attn.o_proj.bias'].shape).toEqual([8]);
    expect(biasesOf(Object.keys(llamaDecoderSpecs({ ...QWEN2, attentionBias: 'none' })))).toEqual(
      [],
    );
  });

  it('validates attentionBias by name', () => {
    expect(() => validateLlamaConfig(QWEN2, 'model.user')).not.toThrow();
    const bad = { ...QWEN2, attentionBias: 'qk' } as unknown as LlamaConfig;
    expect(() => validateLlamaConfig(bad, 'model.user')).toThrow(
      /model\.user\.attentionBias: expected one of none, qkv, qkvo, found "qk"/,
    );
  });

  it('top-k fine-tuning trains the biases of the top layers only', () => {
    const split = prepareItemLlmParams(QWEN2, weights(), { topLayers: 1 }, 3);
    expect(biasesOf(Object.keys(split.trainable))).toEqual([
      'layers.2.self_attn.k_proj.bias',
      'layers.2.self_attn.q_proj.bias',
      'layers.2.self_attn.v_proj.bias',
    ]);
    expect(biasesOf(Object.keys(split.frozen))).toHaveLength(6);
    const frozen = prepareItemLlmParams(QWEN2, weights(), 'frozen', 3);
    expect(biasesOf(Object.keys(frozen.trainable))).toEqual([]);
  });

  it('LoRA freezes the biases of the linears it adapts', () => {
    const all = prepareItemLlmParams(QWEN2, weights(), 'all', 3);
    const adapted = addLoraAdapters(all.trainable, 2, 5);
    expect(biasesOf(Object.keys(adapted.trainable))).toEqual([]);
    expect(biasesOf(Object.keys(adapted.frozen))).toHaveLength(9);
    expect(adapted.trainable['layers.0.self_attn.q_proj.lora_A'].shape).toEqual([2, 8]);
  });

  it('the User LLM takes the checkpoint biases and refuses a mismatched attentionBias', () => {
    const user = { ...QWEN2, numLayers: 2 };
    const out = userWeightsFromCheckpoint(user, QWEN2, weights());
    expect(biasesOf(Object.keys(out))).toHaveLength(6);
    const noBias: LlamaConfig = { ...user };
    delete noBias.attentionBias;
    expect(() => userWeightsFromCheckpoint(noBias, QWEN2, weights())).toThrow(ModelConfigError);
    expect(() => userWeightsFromCheckpoint(noBias, QWEN2, weights())).toThrow(
      /model\.user\.attentionBias: expected the Item LLM checkpoint's value \(qkv\)/,
    );
  });
});
