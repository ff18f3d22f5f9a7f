import { numpy as np, nn } from '@jax-js/jax';
import type { SasrecConfig } from '../config/runConfig';
import { causalPaddingMask } from './nn/attentionMask';
import { dropout, type DropoutKeys } from './nn/dropout';
import { mergeHeads, splitHeads } from './nn/heads';
import { layerNorm } from './nn/layerNorm';
import { linear } from './nn/linear';
import { softmaxAttention } from './nn/softmaxAttention';
import type { Params, ParamSpecs } from './params';
import type { SequenceModel } from './sequenceModel';

/** RecBole's LayerNorm epsilon for SASRec. */
const EPS = 1e-12;
/** RecBole's initializer_range. */
const INIT_STD = 0.02;

/** Parameter initialisers of SASRec, named as RecBole's state_dict. */
export function sasrecSpecs(cfg: SasrecConfig, numItems: number, maxSeqLen: number): ParamSpecs {
  const d = cfg.hiddenSize;
  const normal = (shape: number[]) => ({ kind: 'normal' as const, std: INIT_STD, shape });
  const fill = (shape: number[], value: number) => ({ kind: 'fill' as const, value, shape });
  const specs: ParamSpecs = {
    'item_embedding.weight': normal([numItems + 1, d]),
    'position_embedding.weight': normal([maxSeqLen, d]),
    'LayerNorm.weight': fill([d], 1),
    'LayerNorm.bias': fill([d], 0),
  };
  for (let i = 0; i < cfg.numLayers; i++) {
    const att = `trm_encoder.layer.${i}.multi_head_attention`;
    for (const name of ['query', 'key', 'value', 'dense']) {
      specs[`${att}.${name}.weight`] = normal([d, d]);
      specs[`${att}.${name}.bias`] = fill([d], 0);
    }
    specs[`${att}.LayerNorm.weight`] = fill([d], 1);
    specs[`${att}.LayerNorm.bias`] = fill([d], 0);
    const ff = `trm_encoder.layer.${i}.feed_forward`;
    specs[`${ff}.dense_1.weight`] = normal([cfg.innerSize, d]);
    specs[`${ff}.dense_1.bias`] = fill([cfg.innerSize], 0);
    specs[`${ff}.dense_2.weight`] = normal([d, cfg.innerSize]);
    specs[`${ff}.dense_2.bias`] = fill([d], 0);
    specs[`${ff}.LayerNorm.weight`] = fill([d], 1);
    specs[`${ff}.LayerNorm.bias`] = fill([d], 0);
  }
  return specs;
}

/** SASRec forward: [batch, seq] items → [batch, seq, hidden]; borrows `p`, consumes `items`. */
export function sasrecForward(
  cfg: SasrecConfig,
  p: Params,
  items: np.Array,
  drop: DropoutKeys | null,
): np.Array {
  const w = (name: string) => p[name].ref;
  const seq = items.shape[1];
  const mask = causalPaddingMask(items.ref.greater(0)); // [b, 1, s, s]
  const positions = w('position_embedding.weight').slice([0, seq]); // [s, d]
  let x = np.take(w('item_embedding.weight'), items, 0).add(positions); // [b, s, d]
  x = dropout(layerNorm(x, w('LayerNorm.weight'), w('LayerNorm.bias'), EPS), drop);
  for (let i = 0; i < cfg.numLayers; i++) {
    const att = `trm_encoder.layer.${i}.multi_head_attention`;
    const proj = (name: string) =>
      splitHeads(linear(x.ref, w(`${att}.${name}.weight`), w(`${att}.${name}.bias`)), cfg.numHeads);
    const ctx = mergeHeads(
      softmaxAttention(proj('query'), proj('key'), proj('value'), mask.ref, drop),
    );
    const attOut = dropout(linear(ctx, w(`${att}.dense.weight`), w(`${att}.dense.bias`)), drop);
    x = layerNorm(attOut.add(x), w(`${att}.LayerNorm.weight`), w(`${att}.LayerNorm.bias`), EPS);
    const ff = `trm_encoder.layer.${i}.feed_forward`;
    const inner = nn.gelu(linear(x.ref, w(`${ff}.dense_1.weight`), w(`${ff}.dense_1.bias`)), {
      approximate: false,
    });
    const ffOut = dropout(linear(inner, w(`${ff}.dense_2.weight`), w(`${ff}.dense_2.bias`)), drop);
    x = layerNorm(ffOut.add(x), w(`${ff}.LayerNorm.weight`), w(`${ff}.LayerNorm.bias`), EPS);
  }
  mask.dispose();
  return x;
}

/** SASRec as a SequenceModel; item vectors are the item embedding table. */
export function sasrecModel(cfg: SasrecConfig, numItems: number, maxSeqLen: number): SequenceModel {
  return {
    dim: cfg.hiddenSize,
    specs: sasrecSpecs(cfg, numItems, maxSeqLen),
    apply: (p, _frozen, items, drop) => ({
      hidden: sasrecForward(cfg, p, items, drop),
      table: p['item_embedding.weight'].ref,
    }),
    itemTable: (p) => p['item_embedding.weight'].ref,
  };
}
