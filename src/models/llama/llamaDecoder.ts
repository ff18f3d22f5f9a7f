import { numpy as np } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { causalPaddingMask } from '../nn/attentionMask';
import { rmsNorm } from '../nn/rmsNorm';
import { rotaryTables } from '../nn/rotary';
import type { Params, ParamSpecs } from '../params';
import { biasedProjections } from './attentionBias';
import { llamaBlock } from './llamaBlock';

const INIT_STD = 0.02;

/**
 * Initialisers of a Llama decoder's layers and final norm, Hugging Face names under `prefix`;
 * attention biases (per `cfg.attentionBias`) start at zero.
 */
export function llamaDecoderSpecs(cfg: LlamaConfig, prefix = ''): ParamSpecs {
  const d = cfg.hiddenSize;
  const hd = d / cfg.numHeads;
  const normal = (shape: number[]) => ({ kind: 'normal' as const, std: INIT_STD, shape });
  const ones = (shape: number[]) => ({ kind: 'fill' as const, value: 1, shape });
  const zeros = (shape: number[]) => ({ kind: 'fill' as const, value: 0, shape });
  const specs: ParamSpecs = {};
  for (let i = 0; i < cfg.numLayers; i++) {
    const l = `${prefix}layers.${i}.`;
    specs[`${l}self_attn.q_proj.weight`] = normal([cfg.numHeads * hd, d]);
    specs[`${l}self_attn.k_proj.weight`] = normal([cfg.numKvHeads * hd, d]);
    specs[`${l}self_attn.v_proj.weight`] = normal([cfg.numKvHeads * hd, d]);
    specs[`${l}self_attn.o_proj.weight`] = normal([d, cfg.numHeads * hd]);
    specs[`${l}mlp.gate_proj.weight`] = normal([cfg.intermediateSize, d]);
    specs[`${l}mlp.up_proj.weight`] = normal([cfg.intermediateSize, d]);
    specs[`${l}mlp.down_proj.weight`] = normal([d, cfg.intermediateSize]);
    specs[`${l}input_layernorm.weight`] = ones([d]);
    specs[`${l}post_attention_layernorm.weight`] = ones([d]);
    for (const proj of biasedProjections(cfg))
      specs[`${l}self_attn.${proj}.bias`] = zeros([specs[`${l}self_attn.${proj}.weight`].shape[0]]);
  }
  specs[`${prefix}norm.weight`] = ones([d]);
  return specs;
}

/**
 * Llama decoder over input embeddings (positions 0..seq-1): embeds [batch, seq, hidden] →
 * final-normed hidden states [batch, seq, hidden]. `valid` [batch, seq] bool marks non-padding
 * positions (padding keys are masked; all valid when omitted). Borrows `p`; consumes `embeds`
 * and `valid`.
 */
export function llamaDecoder(
  cfg: LlamaConfig,
  p: Params,
  embeds: np.Array,
  valid?: np.Array,
  prefix = '',
): np.Array {
  const [batch, seq] = embeds.shape;
  const mask = causalPaddingMask(valid ?? np.ones([batch, seq], { dtype: np.bool }));
  const rope = rotaryTables(seq, cfg.hiddenSize / cfg.numHeads, cfg.ropeTheta);
  let x = embeds;
  for (let i = 0; i < cfg.numLayers; i++)
    x = llamaBlock(cfg, p, `${prefix}layers.${i}.`, x, mask, rope);
  mask.dispose();
  rope.cos.dispose();
  rope.sin.dispose();
  return rmsNorm(x, p[`${prefix}norm.weight`].ref, cfg.rmsNormEps);
}
