import { numpy as np } from '@jax-js/jax';
import type { LlamaConfig } from '../config/runConfig';
import { linear } from './nn/linear';
import { llamaDecoder, llamaDecoderSpecs } from './llama/llamaDecoder';
import type { Params, ParamSpecs } from './params';
import type { SequenceModel } from './sequenceModel';

/** Name of the frozen [numItems, textDim] table of precomputed item text embeddings. */
export const ITEM_TEXT_PARAM = 'item_text';

const INIT_STD = 0.02;

/** Initialisers of the HLLM User LLM over precomputed item embeddings of width `textDim`. */
export function hllmUserSpecs(cfg: LlamaConfig, textDim: number): ParamSpecs {
  return {
    'item_proj.weight': { kind: 'normal', std: INIT_STD, shape: [cfg.hiddenSize, textDim] },
    'item_proj.bias': { kind: 'fill', value: 0, shape: [cfg.hiddenSize] },
    ...llamaDecoderSpecs(cfg),
  };
}

/** [numItems + 1, hidden]: projected item text embeddings with a zero padding row 0. Borrows both trees. */
export function hllmItemTable(p: Params, frozen: Params): np.Array {
  const projected = linear(
    frozen[ITEM_TEXT_PARAM].ref,
    p['item_proj.weight'].ref,
    p['item_proj.bias'].ref,
  ); // [n, hidden]
  const padding = np.zeros([1, projected.shape[1]]);
  return np.concatenate([padding, projected], 0);
}

/**
 * HLLM User LLM with precomputed item embeddings: frozen text table → trainable linear
 * projection → Llama decoder over the history's item vectors (padding masked). No dropout.
 */
export function hllmUserModel(cfg: LlamaConfig, textDim: number): SequenceModel {
  return {
    dim: cfg.hiddenSize,
    specs: hllmUserSpecs(cfg, textDim),
    layouts: {},
    apply: (p, frozen, items) => {
      const table = hllmItemTable(p, frozen); // [n + 1, hidden]
      const embeds = np.take(table.ref, items.ref, 0); // [b, s, hidden]
      const hidden = llamaDecoder(cfg, p, embeds, items.greater(0));
      return { hidden, table };
    },
    itemTable: hllmItemTable,
  };
}
