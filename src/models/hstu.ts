import { numpy as np, nn } from '@jax-js/jax';
import type { HstuConfig } from '../config/runConfig';
import { causalPaddingMask } from './nn/attentionMask';
import { dropout, type DropoutKeys } from './nn/dropout';
import { mergeHeads, splitHeads } from './nn/heads';
import { layerNorm } from './nn/layerNorm';
import { linear } from './nn/linear';
import type { Params, ParamSpecs } from './params';
import type { SequenceModel } from './sequenceModel';

const EPS = 1e-6;
const INIT_STD = 0.02;

/** Parameter initialisers of HSTU. */
export function hstuSpecs(cfg: HstuConfig, numItems: number, maxSeqLen: number): ParamSpecs {
  const d = cfg.hiddenSize;
  const normal = (shape: number[]) => ({ kind: 'normal' as const, std: INIT_STD, shape });
  const fill = (shape: number[], value: number) => ({ kind: 'fill' as const, value, shape });
  const specs: ParamSpecs = {
    'item_embedding.weight': normal([numItems + 1, d]),
    'position_embedding.weight': normal([maxSeqLen, d]),
  };
  for (let i = 0; i < cfg.numLayers; i++) {
    specs[`layers.${i}.input_layernorm.weight`] = fill([d], 1);
    specs[`layers.${i}.input_layernorm.bias`] = fill([d], 0);
    specs[`layers.${i}.uvqk.weight`] = normal([4 * d, d]);
    specs[`layers.${i}.attn_layernorm.weight`] = fill([d], 1);
    specs[`layers.${i}.attn_layernorm.bias`] = fill([d], 0);
    specs[`layers.${i}.o.weight`] = normal([d, d]);
    specs[`layers.${i}.o.bias`] = fill([d], 0);
  }
  specs['final_layernorm.weight'] = fill([d], 1);
  specs['final_layernorm.bias'] = fill([d], 0);
  return specs;
}

/**
 * HSTU forward: [batch, seq] items → [batch, seq, hidden]. Per layer: SiLU(Linear(LN(x))) split
 * into U, V, Q, K; weights SiLU(Q·Kᵀ)/seq (causal, padding keys zeroed, no softmax);
 * x += dropout(Linear(U ⊙ LN(weights·V))). Borrows `p`, consumes `items`.
 */
export function hstuForward(
  cfg: HstuConfig,
  p: Params,
  items: np.Array,
  drop: DropoutKeys | null,
): np.Array {
  const w = (name: string) => p[name].ref;
  const [, seq] = items.shape;
  const d = cfg.hiddenSize;
  const mask = causalPaddingMask(items.ref.greater(0)).astype(np.float32); // [b, 1, s, s]
  const positions = w('position_embedding.weight').slice([0, seq]); // [s, d]
  let x = dropout(np.take(w('item_embedding.weight'), items, 0).add(positions), drop); // [b, s, d]
  for (let i = 0; i < cfg.numLayers; i++) {
    const l = `layers.${i}`;
    const normed = layerNorm(
      x.ref,
      w(`${l}.input_layernorm.weight`),
      w(`${l}.input_layernorm.bias`),
      EPS,
    );
    const uvqk = nn.silu(linear(normed, w(`${l}.uvqk.weight`))); // [b, s, 4d]
    const part = (j: number) => uvqk.ref.slice([], [], [j * d, (j + 1) * d]); // [b, s, d]
    const u = part(0);
    const v = splitHeads(part(1), cfg.numHeads);
    const q = splitHeads(part(2), cfg.numHeads);
    const k = splitHeads(part(3), cfg.numHeads);
    uvqk.dispose();
    const weights = nn
      .silu(np.matmul(q, k.transpose([0, 1, 3, 2])))
      .mul(mask.ref)
      .div(seq); // [b, h, s, s]
    const attn = mergeHeads(np.matmul(weights, v)); // [b, s, d]
    const gated = u.mul(
      layerNorm(attn, w(`${l}.attn_layernorm.weight`), w(`${l}.attn_layernorm.bias`), EPS),
    );
    x = x.add(dropout(linear(gated, w(`${l}.o.weight`), w(`${l}.o.bias`)), drop));
  }
  mask.dispose();
  return layerNorm(x, w('final_layernorm.weight'), w('final_layernorm.bias'), EPS);
}

/** HSTU as a SequenceModel; item vectors are the item embedding table. */
export function hstuModel(cfg: HstuConfig, numItems: number, maxSeqLen: number): SequenceModel {
  return {
    dim: cfg.hiddenSize,
    specs: hstuSpecs(cfg, numItems, maxSeqLen),
    apply: (p, _frozen, items, drop) => ({
      hidden: hstuForward(cfg, p, items, drop),
      table: p['item_embedding.weight'].ref,
    }),
    itemTable: (p) => p['item_embedding.weight'].ref,
  };
}
