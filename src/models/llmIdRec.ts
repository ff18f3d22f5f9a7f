import { numpy as np } from '@jax-js/jax';
import type { LlmIdRecConfig } from '../config/runConfig';
import { idTableModel } from './idTableModel';
import { llamaDecoder, llamaDecoderSpecs } from './llama/llamaDecoder';
import type { ParamSpecs } from './params';
import type { SequenceModel } from './sequenceModel';

const INIT_STD = 0.02;

/** Initialisers of LLMIDRec: item-id embeddings N(0, 0.02²) of the decoder's width, and the decoder. */
export function llmIdRecSpecs(cfg: LlmIdRecConfig, numItems: number): ParamSpecs {
  return {
    'item_embedding.weight': {
      kind: 'normal',
      std: INIT_STD,
      shape: [numItems + 1, cfg.user.hiddenSize],
    },
    ...llamaDecoderSpecs(cfg.user),
  };
}

/**
 * LLMIDRec as a SequenceModel: [batch, seq] items → their id embeddings → Llama decoder (causal,
 * padding masked, final RMSNorm) → [batch, seq, hidden] (the last position only with `lastOnly`).
 * Item vectors are the id embedding table. No dropout, as the official model.
 */
export function llmIdRecModel(cfg: LlmIdRecConfig, numItems: number): SequenceModel {
  return idTableModel(
    cfg.user.hiddenSize,
    llmIdRecSpecs(cfg, numItems),
    {},
    (p, items, _drop, rows, lastOnly) => {
      const embeds = rows ?? np.take(p['item_embedding.weight'].ref, items.ref, 0); // [b, s, d]
      const seq = items.shape[1];
      const hidden = llamaDecoder(cfg.user, p, embeds, items.greater(0)); // [b, s, d]
      return lastOnly ? hidden.slice([], [seq - 1, seq], []) : hidden;
    },
  );
}
