import type { ModelKind } from '../../config/defaults';

/** Display name of each model kind. */
export const MODEL_LABELS: Record<ModelKind, string> = {
  sasrec: 'SASRec',
  hstu: 'HSTU',
  llmidrec: 'LLMIDRec',
  hllm: 'HLLM',
};
