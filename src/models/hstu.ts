import { numpy as np, nn } from '@jax-js/jax';
import type { HstuConfig } from '../config/runConfig';
import { groupedAxis, keptAxis, plainAxis, realMask, type ParamLayouts } from './lanePadding';
import { causalPaddingMask } from './nn/attentionMask';
import { dropout, type DropoutKeys } from './nn/dropout';
import { mergeHeads, splitHeads } from './nn/heads';
import { standardize, type RealColumns } from './nn/layerNorm';
import { linear } from './nn/linear';
import { rightAlignedPositions } from './nn/positions';
import type { Params, ParamSpecs } from './params';
import { idTableModel } from './idTableModel';
import type { SequenceModel } from './sequenceModel';

const EPS = 1e-6;
const INIT_STD = 0.02;

/** Parameter initialisers of HSTU (host shapes). */
export function hstuSpecs(cfg: HstuConfig, numItems: number, maxSeqLen: number): ParamSpecs {
  const d = cfg.hiddenSize;
  const normal = (shape: number[]) => ({ kind: 'normal' as const, std: INIT_STD, shape });
  const specs: ParamSpecs = {
    'item_embedding.weight': normal([numItems + 1, d]),
    'position_embedding.weight': normal([maxSeqLen, d]),
  };
  // The output projection as a torch Linear after xavier_uniform_ on its weight (as hstu.py).
  const xavier = Math.sqrt(6 / (d + d));
  const linearBias = 1 / Math.sqrt(d);
  for (let i = 0; i < cfg.numLayers; i++) {
    specs[`layers.${i}.uvqk.weight`] = normal([4 * d, d]);
    specs[`layers.${i}.o.weight`] = { kind: 'uniform', bound: xavier, shape: [d, d] };
    specs[`layers.${i}.o.bias`] = { kind: 'uniform', bound: linearBias, shape: [d] };
  }
  return specs;
}

/**
 * Device layouts of HSTU: the residual width is zero-padded to a multiple of 4; U, V, Q, K and the
 * attention output are padded per head.
 */
export function hstuLayouts(cfg: HstuConfig, numItems: number, maxSeqLen: number): ParamLayouts {
  const d = plainAxis(cfg.hiddenSize);
  const headDim = cfg.hiddenSize / cfg.numHeads;
  const heads = groupedAxis(cfg.numHeads, headDim);
  const layouts: ParamLayouts = {
    'item_embedding.weight': [keptAxis(numItems + 1), d],
    'position_embedding.weight': [keptAxis(maxSeqLen), d],
  };
  for (let i = 0; i < cfg.numLayers; i++) {
    layouts[`layers.${i}.uvqk.weight`] = [groupedAxis(4 * cfg.numHeads, headDim), d];
    layouts[`layers.${i}.o.weight`] = [d, heads];
    layouts[`layers.${i}.o.bias`] = [d];
  }
  return layouts;
}

function columns(axis: ReturnType<typeof plainAxis>): RealColumns | undefined {
  return axis.padded === axis.real
    ? undefined
    : { mask: np.array(realMask(axis)), count: axis.groups * axis.real };
}

/**
 * HSTU forward on device-layout parameters (as the official hstu.py): [batch, seq] items →
 * [batch, seq, paddedHidden]. Input: item embeddings plus positions, no dropout. Per layer:
 * SiLU(Linear(LN(x))) split into U, V, Q, K; weights SiLU(Q·Kᵀ)/maxSeqLen (causal, padding keys
 * zeroed, no softmax); x += Linear(dropout(U ⊙ LN(weights·V))); LayerNorms without weights; no
 * final LayerNorm. `rows` ([batch, seq,
 * paddedHidden] item embeddings at `items`) replaces the table lookup when given. With
 * `lastOnly`, the final layer computes only the last position (keys and values still cover the
 * whole sequence): → [batch, 1, paddedHidden]. Borrows `p`, consumes `items` and `rows`.
 */
export function hstuForward(
  cfg: HstuConfig,
  maxSeqLen: number,
  p: Params,
  items: np.Array,
  drop: DropoutKeys | null,
  rows?: np.Array,
  lastOnly = false,
): np.Array {
  const w = (name: string) => p[name].ref;
  const hidden = columns(plainAxis(cfg.hiddenSize));
  const headCols = columns(groupedAxis(cfg.numHeads, cfg.hiddenSize / cfg.numHeads));
  const width = cfg.numHeads * groupedAxis(cfg.numHeads, cfg.hiddenSize / cfg.numHeads).padded;
  const seq = items.shape[1];
  const mask = causalPaddingMask(items.ref.greater(0)).astype(np.float32); // [b, 1, s, s]
  const positions = rightAlignedPositions(w('position_embedding.weight'), seq); // [s, d]
  const embedded = rows ?? np.take(w('item_embedding.weight'), items.ref, 0); // [b, s, d]
  items.dispose();
  let x = embedded.add(positions); // [b, s, d]
  for (let i = 0; i < cfg.numLayers; i++) {
    const l = `layers.${i}`;
    const normed = standardize(x.ref, EPS, hidden);
    const last = lastOnly && i === cfg.numLayers - 1;
    // SiLU(Linear) for part j of U, V, Q, K: [b, rows, width]
    const part = (input: np.Array, j: number) =>
      nn.silu(linear(input, w(`${l}.uvqk.weight`).slice([j * width, (j + 1) * width], [])));
    let u: np.Array, v: np.Array, q: np.Array, k: np.Array;
    if (last) {
      const lastRow = normed.ref.slice([], [seq - 1, seq], []); // [b, 1, d]
      u = part(lastRow.ref, 0);
      q = splitHeads(part(lastRow, 2), cfg.numHeads);
      v = splitHeads(part(normed.ref, 1), cfg.numHeads);
      k = splitHeads(part(normed, 3), cfg.numHeads);
    } else {
      const uvqk = nn.silu(linear(normed, w(`${l}.uvqk.weight`))); // [b, s, 4·width]
      const slice = (j: number) => uvqk.ref.slice([], [], [j * width, (j + 1) * width]); // [b, s, width]
      u = slice(0);
      v = splitHeads(slice(1), cfg.numHeads);
      q = splitHeads(slice(2), cfg.numHeads);
      k = splitHeads(slice(3), cfg.numHeads);
      uvqk.dispose();
    }
    const queryMask = last ? mask.ref.slice([], [], [seq - 1, seq], []) : mask.ref; // [b, 1, q, s]
    const weights = nn
      .silu(np.matmul(q, k.transpose([0, 1, 3, 2])))
      .mul(queryMask)
      .div(maxSeqLen); // [b, h, q, s]
    const attn = mergeHeads(np.matmul(weights, v)); // [b, q, width]
    const normedAttn = standardize(attn, EPS, headCols);
    const residual = last ? x.slice([], [seq - 1, seq], []) : x; // [b, q, d]
    x = residual.add(
      linear(dropout(u.mul(normedAttn), drop), w(`${l}.o.weight`), w(`${l}.o.bias`)),
    );
  }
  mask.dispose();
  headCols?.mask.dispose();
  hidden?.mask.dispose();
  return x;
}

/** HSTU as a SequenceModel; item vectors are the item embedding table. */
export function hstuModel(cfg: HstuConfig, numItems: number, maxSeqLen: number): SequenceModel {
  return idTableModel(
    cfg.hiddenSize,
    hstuSpecs(cfg, numItems, maxSeqLen),
    hstuLayouts(cfg, numItems, maxSeqLen),
    (p, items, drop, rows, lastOnly) => hstuForward(cfg, maxSeqLen, p, items, drop, rows, lastOnly),
  );
}
