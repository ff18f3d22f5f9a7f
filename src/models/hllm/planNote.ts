import { formatBytes } from '../../runs/units';
import type { HllmPlan } from './hllmPlan';

/** The memory plan an HLLM run executes, in one line for the console and the run record. */
export function planNote(plan: HllmPlan): string {
  const w = plan.workload;
  return (
    `HLLM memory plan: about ${formatBytes(plan.memory.total)} of ${formatBytes(plan.budgetBytes)} ` +
    `(weights ${formatBytes(plan.memory.weights)}, optimiser ${formatBytes(plan.memory.optimizer)}, ` +
    `activations ${formatBytes(plan.memory.activations)}); ${w.itemRows} items per Item LLM call, ` +
    `${w.stageLayers} layer(s) per recomputed stage; User LLM ${w.user.numLayers} layers` +
    `${w.userLora > 0 ? `, LoRA r=${w.userLora}` : ''}.`
  );
}
