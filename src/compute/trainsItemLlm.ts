import type { RunConfig } from '../config/runConfig';

/** Whether an HLLM config runs its Item LLM on jax-js in the tab (fine-tuned or from scratch). */
export function trainsItemLlm(config: RunConfig): boolean {
  const kind = config.model.kind === 'hllm' ? config.model.itemEncoder.kind : null;
  return kind === 'finetune' || kind === 'scratch';
}
