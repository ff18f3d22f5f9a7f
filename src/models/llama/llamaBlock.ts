import { numpy as np, nn } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { groupedQueryAttention } from '../nn/groupedAttention';
import { linear } from '../nn/linear';
import { rmsNorm } from '../nn/rmsNorm';
import { applyRotary, type RotaryTables } from '../nn/rotary';
import type { Params } from '../params';
import { biasedProjections } from './attentionBias';

/**
 * One Llama decoder layer (pre-RMSNorm, rotary grouped-query causal attention, SwiGLU MLP) with
 * Hugging Face names under `prefix` (e.g. `layers.0.`) and [out, in] weights; the attention
 * projections named by `cfg.attentionBias` add their `self_attn.<proj>.bias` [out].
 * x: [batch, seq, hidden]; mask: [batch, 1, seq, seq] bool (true = may attend); borrows `p`,
 * `mask` and `rope`; consumes `x`.
 */
export function llamaBlock(
  cfg: LlamaConfig,
  p: Params,
  prefix: string,
  x: np.Array,
  mask: np.Array,
  rope: RotaryTables,
): np.Array {
  const w = (name: string) => p[`${prefix}${name}`].ref;
  const biased = biasedProjections(cfg);
  const attn = (proj: string, x: np.Array) =>
    linear(
      x,
      w(`self_attn.${proj}.weight`),
      biased.includes(proj) ? w(`self_attn.${proj}.bias`) : undefined,
    );
  const [batch, seq] = x.shape;
  const headDim = cfg.hiddenSize / cfg.numHeads;
  const cos = rope.cos.ref.reshape([seq, 1, headDim]); // [s, 1, hd]
  const sin = rope.sin.ref.reshape([seq, 1, headDim]);
  const heads = (proj: string, input: np.Array, count: number) =>
    attn(proj, input).reshape([batch, seq, count, headDim]); // [b, s, heads, hd]
  const h = rmsNorm(x.ref, w('input_layernorm.weight'), cfg.rmsNormEps);
  const q = applyRotary(heads('q_proj', h.ref, cfg.numHeads), cos.ref, sin.ref);
  const k = applyRotary(heads('k_proj', h.ref, cfg.numKvHeads), cos, sin);
  const v = heads('v_proj', h, cfg.numKvHeads);
  const ctx = groupedQueryAttention(q, k, v, mask.ref); // [b, s, d]
  const x1 = x.add(attn('o_proj', ctx));
  const h2 = rmsNorm(x1.ref, w('post_attention_layernorm.weight'), cfg.rmsNormEps);
  const gate = nn.silu(linear(h2.ref, w('mlp.gate_proj.weight')));
  const up = linear(h2, w('mlp.up_proj.weight'));
  return x1.add(linear(gate.mul(up), w('mlp.down_proj.weight')));
}
