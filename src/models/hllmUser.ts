import { numpy as np } from '@jax-js/jax';
import type { LlamaConfig } from '../config/runConfig';
import { linear } from './nn/linear';
import { llamaDecoder, llamaDecoderSpecs } from './llama/llamaDecoder';
import type { Params, ParamSpecs } from './params';
import type { SequenceModel } from './sequenceModel';

/** Name of the frozen [numItems, textDim] table of precomputed item text embeddings. */
export const ITEM_TEXT_PARAM = 'item_text';

const INIT_STD = 0.02;

/**
 * Initialisers of the HLLM User LLM over precomputed item embeddings of width `textDim`, with a
 * learned input projection unless `project` is false (the embeddings enter as they are).
 */
export function hllmUserSpecs(cfg: LlamaConfig, textDim: number, project = true): ParamSpecs {
  if (!project && textDim !== cfg.hiddenSize) {
    throw new RangeError(
      `item embeddings of width ${textDim} need a projection into the User LLM's ${cfg.hiddenSize}`,
    );
  }
  return {
    ...(project
      ? {
          'item_proj.weight': { kind: 'normal', std: INIT_STD, shape: [cfg.hiddenSize, textDim] },
          'item_proj.bias': { kind: 'fill', value: 0, shape: [cfg.hiddenSize] },
        }
      : {}),
    ...llamaDecoderSpecs(cfg),
  };
}

/**
 * [numItems + 1, hidden]: the item text embeddings (projected when the model has `item_proj`)
 * with a zero padding row 0. Borrows both trees.
 */
export function hllmItemTable(p: Params, frozen: Params): np.Array {
  const text = frozen[ITEM_TEXT_PARAM].ref; // [n, textDim]
  const vectors =
    p['item_proj.weight'] === undefined
      ? text
      : linear(text, p['item_proj.weight'].ref, p['item_proj.bias'].ref); // [n, hidden]
  const padding = np.zeros([1, vectors.shape[1]]);
  return np.concatenate([padding, vectors], 0);
}

/**
 * HLLM User LLM with precomputed item embeddings: frozen text table → trainable linear
 * projection (unless `project` is false) → Llama decoder over the history's item vectors
 * (padding masked). No dropout.
 */
export function hllmUserModel(cfg: LlamaConfig, textDim: number, project = true): SequenceModel {
  return {
    dim: cfg.hiddenSize,
    specs: hllmUserSpecs(cfg, textDim, project),
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
