import type { HllmConfig, UserInit } from './runConfig';

/**
 * Where the User LLM starts for an Item LLM of this spec: the config's choice, else the
 * checkpoint for a pretrained Llama (frozen or fine-tuned on jax-js), random for scratch.
 */
export function userInitOf(model: HllmConfig): UserInit {
  return model.userInit ?? (model.itemEncoder.kind === 'scratch' ? 'random' : 'checkpoint');
}

/**
 * The User LLM's LoRA rank: the config's `userLora`, else the Item LLM's rank when the User LLM
 * starts from the checkpoint (both LLMs then train adapters over one shared set of weights).
 */
export function userLoraOf(model: HllmConfig): number {
  if (model.userLora !== undefined) return model.userLora;
  const spec = model.itemEncoder;
  return userInitOf(model) === 'checkpoint' && spec.kind === 'finetune' ? spec.lora : 0;
}
