import { numpy as np } from '@jax-js/jax';
import { deriveSeed } from '../../random/rng';
import { initHostParams, type Params, type ParamSpecs } from '../params';
import type { HostParams } from '../recommender';

/** Linear layers of a Llama block that get LoRA adapters. */
export const LORA_TARGETS = [
  'self_attn.q_proj',
  'self_attn.k_proj',
  'self_attn.v_proj',
  'self_attn.o_proj',
  'mlp.gate_proj',
  'mlp.up_proj',
  'mlp.down_proj',
];

const A = '.lora_A';
const B = '.lora_B';

/**
 * Replaces every trainable Llama linear weight (`….weight` [out, in] of `LORA_TARGETS`) by a
 * rank-`rank` adapter: the weight becomes frozen, `….lora_A` [rank, in] ~ N(0, 1/in) and
 * `….lora_B` [out, rank] = 0 train, so the adapted model starts equal to the base. Token
 * embeddings and the adapted linears' biases (Qwen2's q/k/v) freeze too, as PEFT's default
 * `bias="none"` does; norms and the [ITEM] vector stay trainable. Scale alpha / rank = 1.
 * Returns the new trainable set and the weights that became frozen.
 */
export function addLoraAdapters(
  trainable: HostParams,
  rank: number,
  seed: number,
): { trainable: HostParams; frozen: HostParams } {
  if (!Number.isInteger(rank) || rank < 1) {
    throw new RangeError(`LoRA rank must be a positive integer, got ${rank}`);
  }
  const nextTrainable: HostParams = {};
  const nextFrozen: HostParams = {};
  const specs: ParamSpecs = {};
  for (const [name, tensor] of Object.entries(trainable)) {
    const base = name.slice(0, -'.weight'.length);
    const adaptedBias =
      name.endsWith('.bias') && LORA_TARGETS.some((t) => name.endsWith(`${t}.bias`));
    if (name === 'embed_tokens.weight' || adaptedBias) {
      nextFrozen[name] = tensor;
      continue;
    }
    if (!name.endsWith('.weight') || !LORA_TARGETS.some((t) => base.endsWith(t))) {
      nextTrainable[name] = tensor;
      continue;
    }
    const [out, inputs] = tensor.shape;
    nextFrozen[name] = tensor;
    specs[base + A] = { kind: 'normal', std: 1 / Math.sqrt(inputs), shape: [rank, inputs] };
    specs[base + B] = { kind: 'fill', value: 0, shape: [out, rank] };
  }
  return {
    trainable: { ...nextTrainable, ...initHostParams(specs, deriveSeed(seed, 'lora')) },
    frozen: nextFrozen,
  };
}

/**
 * `p` with each adapted weight replaced by weight + lora_B · lora_A ([out, in]); the merged
 * arrays are new and listed in `created` for the caller to dispose. Borrows `p`.
 */
export function mergeLora(p: Params): { params: Params; created: np.Array[] } {
  const params: Params = {};
  const created: np.Array[] = [];
  for (const [name, a] of Object.entries(p)) {
    if (name.endsWith(A) || name.endsWith(B)) continue;
    const base = name.slice(0, -'.weight'.length);
    if (name.endsWith('.weight') && p[base + A] !== undefined) {
      const merged = a.ref.add(np.matmul(p[base + B].ref, p[base + A].ref)); // [out, in]
      params[name] = merged;
      created.push(merged);
    } else {
      params[name] = a;
    }
  }
  return { params, created };
}
