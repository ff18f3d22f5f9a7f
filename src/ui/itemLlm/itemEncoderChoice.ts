import { TINY_LLAMA_MODEL } from '../../config/defaults';
import type { HllmConfig, ItemEncoderSpec } from '../../config/runConfig';

/** How the Train step offers the Item LLM: frozen (ONNX embeddings), fine-tuned top-k or all, or scratch. */
export type ItemLlmMode = 'frozen' | 'top-k' | 'all' | 'scratch';

/** Every mode, in display order, with its label. */
export const ITEM_LLM_MODES: readonly { mode: ItemLlmMode; label: string }[] = [
  { mode: 'all', label: 'Fine-tune all layers (HLLM)' },
  { mode: 'top-k', label: 'Fine-tune the top k layers' },
  {
    mode: 'frozen',
    label: "Frozen: the paper's frozen ablation (Item LLM step embeddings, else hashed text)",
  },
  { mode: 'scratch', label: 'Train from scratch (tokenizer only)' },
];

/** The Train step's mode of an item-encoder spec (`precomputed` shows as frozen). */
export function itemLlmModeOf(spec: ItemEncoderSpec): ItemLlmMode {
  if (spec.kind === 'finetune') return spec.topLayers === 'all' ? 'all' : 'top-k';
  if (spec.kind === 'scratch') return 'scratch';
  return 'frozen';
}

/** The model folder, Hub id or tokenizer a spec names (the tiny Llama for `precomputed`). */
export function itemLlmNameOf(spec: ItemEncoderSpec): string {
  if (spec.kind === 'scratch') return spec.tokenizer;
  if (spec.kind === 'precomputed') return TINY_LLAMA_MODEL;
  return spec.model;
}

/** A spec in `mode` over model (or tokenizer) `name`, keeping the top-k count and LoRA rank it had. */
export function withItemLlmMode(
  spec: ItemEncoderSpec,
  mode: ItemLlmMode,
  name = itemLlmNameOf(spec),
): ItemEncoderSpec {
  const lora = spec.kind === 'finetune' ? spec.lora : 0;
  const topLayers = spec.kind === 'finetune' && spec.topLayers !== 'all' ? spec.topLayers : 1;
  if (mode === 'frozen') return { kind: 'frozen', model: name, pooling: 'last' };
  if (mode === 'top-k') return { kind: 'finetune', model: name, topLayers, lora };
  if (mode === 'all') return { kind: 'finetune', model: name, topLayers: 'all', lora };
  const scratch = spec.kind === 'scratch' ? spec : { layers: 2, width: 64 };
  return { kind: 'scratch', tokenizer: name, layers: scratch.layers, width: scratch.width };
}

/** `model` with its item encoder replaced. */
export function withItemEncoder(model: HllmConfig, itemEncoder: ItemEncoderSpec): HllmConfig {
  return { ...model, itemEncoder };
}
