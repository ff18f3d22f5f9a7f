import { numpy as np, nn } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { mergeHeads, splitHeads } from '../nn/heads';
import { linear } from '../nn/linear';
import { rmsNorm } from '../nn/rmsNorm';
import { applyRotary, type RotaryTables } from '../nn/rotary';
import { softmaxAttention } from '../nn/softmaxAttention';
import type { Params } from '../params';
import { biasedProjections } from './attentionBias';

/** Repeats each kv head `times` times along axis 1: [b, kv, s, hd] → [b, kv·times, s, hd]. */
function repeatKv(x: np.Array, times: number): np.Array {
  if (times === 1) return x;
  const [b, kv, s, hd] = x.shape;
  return np
    .broadcastTo(x.reshape([b, kv, 1, s, hd]), [b, kv, times, s, hd])
    .reshape([b, kv * times, s, hd]);
}

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
  const h = rmsNorm(x.ref, w('input_layernorm.weight'), cfg.rmsNormEps);
  const q = applyRotary(
    splitHeads(attn('q_proj', h.ref), cfg.numHeads),
    rope.cos.ref,
    rope.sin.ref,
  );
  const k = applyRotary(
    splitHeads(attn('k_proj', h.ref), cfg.numKvHeads),
    rope.cos.ref,
    rope.sin.ref,
  );
  const v = splitHeads(attn('v_proj', h), cfg.numKvHeads);
  const rep = cfg.numHeads / cfg.numKvHeads;
  const ctx = mergeHeads(
    softmaxAttention(
      q,
      repeatKv(k, rep),
      repeatKv(v, rep),
      mask.ref,
      cfg.hiddenSize / cfg.numHeads,
    ),
  ); // [b, s, d]
  const x1 = x.add(attn('o_proj', ctx));
  const h2 = rmsNorm(x1.ref, w('post_attention_layernorm.weight'), cfg.rmsNormEps);
  const gate = nn.silu(linear(h2.ref, w('mlp.gate_proj.weight')));
  const up = linear(h2, w('mlp.up_proj.weight'));
  return x1.add(linear(gate.mul(up), w('mlp.down_proj.weight')));
}
