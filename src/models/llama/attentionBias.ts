import type { LlamaConfig } from '../../config/runConfig';

const BIASED: Record<NonNullable<LlamaConfig['attentionBias']>, readonly string[]> = {
  none: [],
  qkv: ['q_proj', 'k_proj', 'v_proj'],
  qkvo: ['q_proj', 'k_proj', 'v_proj', 'o_proj'],
};

/** Attention projections (`q_proj` …) whose `self_attn.<name>.bias` a block of `cfg` has. */
export function biasedProjections(cfg: LlamaConfig): readonly string[] {
  return BIASED[cfg.attentionBias ?? 'none'];
}
