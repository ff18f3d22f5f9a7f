import type { ItemEncoderSpec } from '../../config/runConfig';
import { finetuneModeOf, type FinetuneMode } from '../../itemEncoders/itemLlmModel';
import type { Pooling } from '../../itemEncoders/pooling';
import { ModelConfigError } from '../modelConfigError';

/** How an encoder spec runs the Item LLM: what trains, its LoRA rank, and a frozen read-out. */
export function itemEncoderMode(spec: ItemEncoderSpec): {
  mode: FinetuneMode;
  lora: number;
  pooling: Pooling;
} {
  if (spec.kind === 'frozen') return { mode: 'frozen', lora: 0, pooling: spec.pooling };
  if (spec.kind === 'scratch') return { mode: 'all', lora: 0, pooling: 'last' };
  if (spec.kind === 'finetune') {
    const mode = finetuneModeOf(spec);
    if (mode === 'frozen' && spec.lora !== 0) {
      throw new ModelConfigError(
        'model.itemEncoder.topLayers',
        'at least 1 layer (or all) for LoRA adapters to train',
        spec.topLayers,
      );
    }
    return { mode, lora: spec.lora, pooling: 'last' };
  }
  throw new ModelConfigError(
    'model.itemEncoder.kind',
    "'frozen', 'finetune' or 'scratch' (precomputed embeddings go through createRecommender)",
    spec.kind,
  );
}
