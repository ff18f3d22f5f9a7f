import { numpy as np, nn } from '@jax-js/jax';
import type { SasrecConfig } from '../config/runConfig';
import { groupedAxis, keptAxis, plainAxis, realMask, type ParamLayouts } from './lanePadding';
import { causalPaddingMask } from './nn/attentionMask';
import { dropout, type DropoutKeys } from './nn/dropout';
import { mergeHeads, splitHeads } from './nn/heads';
import { layerNorm, type RealColumns } from './nn/layerNorm';
import { linear } from './nn/linear';
import { rightAlignedPositions } from './nn/positions';
import { softmaxAttention } from './nn/softmaxAttention';
import type { Params, ParamSpecs } from './params';
import { idTableModel } from './idTableModel';
import type { SequenceModel } from './sequenceModel';

/** RecBole's LayerNorm epsilon for SASRec. */
const EPS = 1e-12;
/** RecBole's initializer_range. */
const INIT_STD = 0.02;

/** Parameter initialisers of SASRec (host shapes), named as RecBole's state_dict. */
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

/**
 * Device layouts of SASRec: the hidden width, each head and the inner width are zero-padded to
 * multiples of 4 (SIMD-friendly); the math is unchanged.
 */
export function sasrecLayouts(
  cfg: SasrecConfig,
  numItems: number,
  maxSeqLen: number,
): ParamLayouts {
  const d = plainAxis(cfg.hiddenSize);
  const heads = groupedAxis(cfg.numHeads, cfg.hiddenSize / cfg.numHeads);
  const inner = plainAxis(cfg.innerSize);
  const layouts: ParamLayouts = {
    'item_embedding.weight': [keptAxis(numItems + 1), d],
    'position_embedding.weight': [keptAxis(maxSeqLen), d],
    'LayerNorm.weight': [d],
    'LayerNorm.bias': [d],
  };
  for (let i = 0; i < cfg.numLayers; i++) {
    const att = `trm_encoder.layer.${i}.multi_head_attention`;
    for (const name of ['query', 'key', 'value']) {
      layouts[`${att}.${name}.weight`] = [heads, d];
      layouts[`${att}.${name}.bias`] = [heads];
    }
    layouts[`${att}.dense.weight`] = [d, heads];
    layouts[`${att}.dense.bias`] = [d];
    layouts[`${att}.LayerNorm.weight`] = [d];
    layouts[`${att}.LayerNorm.bias`] = [d];
    const ff = `trm_encoder.layer.${i}.feed_forward`;
    layouts[`${ff}.dense_1.weight`] = [inner, d];
    layouts[`${ff}.dense_1.bias`] = [inner];
    layouts[`${ff}.dense_2.weight`] = [d, inner];
    layouts[`${ff}.dense_2.bias`] = [d];
    layouts[`${ff}.LayerNorm.weight`] = [d];
    layouts[`${ff}.LayerNorm.bias`] = [d];
  }
  return layouts;
}

/** LayerNorm statistics over the real hidden columns, when the width is padded. */
function hiddenColumns(hiddenSize: number): RealColumns | undefined {
  const axis = plainAxis(hiddenSize);
  return axis.padded === axis.real
    ? undefined
    : { mask: np.array(realMask(axis)), count: axis.real };
}

/**
 * SASRec forward on device-layout parameters: [batch, seq] items → [batch, seq, paddedHidden].
 * `rows` ([batch, seq, paddedHidden] item embeddings at `items`) replaces the table lookup when
 * given. With `lastOnly`, the final layer computes only the last position (its keys and values
 * still cover the whole sequence): → [batch, 1, paddedHidden]. Borrows `p`, consumes `items` and
 * `rows`.
 */
export function sasrecForward(
  cfg: SasrecConfig,
  p: Params,
  items: np.Array,
  drop: DropoutKeys | null,
  rows?: np.Array,
  lastOnly = false,
): np.Array {
  const w = (name: string) => p[name].ref;
  const real = hiddenColumns(cfg.hiddenSize);
  const ln = (x: np.Array, prefix: string) =>
    layerNorm(x, w(`${prefix}.weight`), w(`${prefix}.bias`), EPS, real);
  const headDim = cfg.hiddenSize / cfg.numHeads;
  const seq = items.shape[1];
  const mask = causalPaddingMask(items.ref.greater(0)); // [b, 1, s, s]
  const positions = rightAlignedPositions(w('position_embedding.weight'), seq); // [s, d]
  let x = (rows ?? np.take(w('item_embedding.weight'), items.ref, 0)).add(positions); // [b, s, d]
  items.dispose();
  x = dropout(ln(x, 'LayerNorm'), drop);
  for (let i = 0; i < cfg.numLayers; i++) {
    const att = `trm_encoder.layer.${i}.multi_head_attention`;
    const last = lastOnly && i === cfg.numLayers - 1;
    const queries = last ? x.ref.slice([], [seq - 1, seq], []) : x.ref; // [b, q, d]
    const queryMask = last ? mask.ref.slice([], [], [seq - 1, seq], []) : mask.ref; // [b, 1, q, s]
    const proj = (input: np.Array, name: string) =>
      splitHeads(linear(input, w(`${att}.${name}.weight`), w(`${att}.${name}.bias`)), cfg.numHeads);
    const ctx = mergeHeads(
      softmaxAttention(
        proj(queries.ref, 'query'),
        proj(x.ref, 'key'),
        proj(x, 'value'),
        queryMask,
        headDim,
        drop,
      ),
    ); // [b, q, heads·headDim]
    const attOut = dropout(linear(ctx, w(`${att}.dense.weight`), w(`${att}.dense.bias`)), drop);
    x = ln(attOut.add(queries), `${att}.LayerNorm`);
    const ff = `trm_encoder.layer.${i}.feed_forward`;
    const inner = nn.gelu(linear(x.ref, w(`${ff}.dense_1.weight`), w(`${ff}.dense_1.bias`)), {
      approximate: false,
    });
    const ffOut = dropout(linear(inner, w(`${ff}.dense_2.weight`), w(`${ff}.dense_2.bias`)), drop);
    x = ln(ffOut.add(x), `${ff}.LayerNorm`);
  }
  mask.dispose();
  real?.mask.dispose();
  return x;
}

/** SASRec as a SequenceModel; item vectors are the item embedding table. */
export function sasrecModel(cfg: SasrecConfig, numItems: number, maxSeqLen: number): SequenceModel {
  return idTableModel(
    cfg.hiddenSize,
    sasrecSpecs(cfg, numItems, maxSeqLen),
    sasrecLayouts(cfg, numItems, maxSeqLen),
    (p, items, drop, rows, lastOnly) => sasrecForward(cfg, p, items, drop, rows, lastOnly),
  );
}
