import { lax, numpy as np } from '@jax-js/jax';
import { MASK_VALUE } from '../models/nn/attentionMask';

/** Negatives whose cosine with the position's target exceeds this are masked out (HLLM's nce_thres). */
export const NCE_THRESHOLD = 0.99;

/** Initial log logit scale, log(1 / 0.07) (CLIP/HLLM). */
export const LOGIT_SCALE_INIT = Math.log(1 / 0.07);

/** The fixed log logit scale, log 20 (temperature 0.05, the official `fix_temp`). */
export const FIXED_LOG_LOGIT_SCALE = Math.log(20);

/** Upper clamp of the log logit scale (scale ≤ 100). */
export const LOGIT_SCALE_MAX = Math.log(100);

/** x / max(‖x‖₂, 1e-12) over the last axis. */
export function l2Normalize(x: np.Array): np.Array {
  // The epsilon inside the root keeps the gradient finite for all-zero (padding) rows.
  const norm = np.sqrt(np.square(x.ref).sum(-1, { keepdims: true }).add(1e-24)); // [..., 1]
  return x.div(np.maximum(norm, 1e-12));
}

/** Mean of `perPosition` [batch, seq] over positions with a target (targets > 0); consumes both. */
export function meanOverTargets(perPosition: np.Array, targets: np.Array): np.Array {
  const valid = targets.greater(0).astype(np.float32); // [b, s]
  const count = np.maximum(valid.ref.sum(), 1);
  return perPosition.mul(valid).sum().div(count);
}

/**
 * HLLM's InfoNCE loss (consumes every argument).
 * user: [batch, seq, dim] outputs; table: [numItems + 1, dim] item vectors (row 0 padding);
 * targets: [batch, seq] int32 next items (0 = none); negatives: [k] int32 pool shared by every
 * position (0 = unused slot, masked); logScale: [] learned log logit scale. Users, positives and negatives are
 * L2-normalised, negatives too similar to the target (cosine > 0.99) are masked, logits
 * [pos, negs] · exp(logScale) go into cross-entropy with label 0, averaged over valid positions.
 */
export function infonceLoss(
  user: np.Array,
  table: np.Array,
  targets: np.Array,
  negatives: np.Array,
  logScale: np.Array,
): np.Array {
  const pos = np.take(table.ref, targets.ref, 0); // [b, s, d]
  const neg = np.take(table, negatives.ref, 0); // [k, d]
  return infonceLossOnRows(user, pos, neg, targets, negatives, logScale);
}

/**
 * `infonceLoss` on item rows already looked up (consumes every argument): user, pos:
 * [batch, seq, dim]; neg: [k, dim] rows of the pool `negatives` ([k] int32, 0 = unused slot).
 */
export function infonceLossOnRows(
  user: np.Array,
  pos: np.Array,
  neg: np.Array,
  targets: np.Array,
  negatives: np.Array,
  logScale: np.Array,
): np.Array {
  const u = l2Normalize(user); // [b, s, d]
  const posUnit = l2Normalize(pos); // [b, s, d]
  const isPadding = negatives.equal(0); // [k]
  const negT = l2Normalize(neg).transpose(); // [d, k]
  const scale = np.exp(logScale);
  const posLogits = u.ref.mul(posUnit.ref).sum(-1, { keepdims: true }).mul(scale.ref); // [b, s, 1]
  const negLogits = np.matmul(u, negT.ref).mul(scale); // [b, s, k]
  const masked = np.logicalOr(np.matmul(posUnit, negT).greater(NCE_THRESHOLD), isPadding); // [b, s, k]
  const negMasked = np.where(masked, MASK_VALUE, negLogits); // [b, s, k]
  return positiveFirstCrossEntropy(posLogits, negMasked, targets);
}

/**
 * InfoNCE with `numNegatives` negatives drawn for each position (the official SASRec/HSTU; consumes
 * every argument). user: [batch, seq, dim]; table: [numItems + 1, dim]; targets: [batch, seq];
 * negatives: [batch, seq, n] int32 (0 = unused); logScale: []. As `infonceLoss` otherwise: unit
 * vectors, negatives with cosine > 0.99 to the target masked. The negatives' scores are read from
 * the scores against the whole table ([batch, seq, numItems + 1]), which takes less memory than
 * their rows ([batch, seq, n, dim]) for catalogues of fewer than n × dim items.
 */
export function infoncePerPositionLoss(
  user: np.Array,
  table: np.Array,
  targets: np.Array,
  negatives: np.Array,
  logScale: np.Array,
  maxSimilarityEntries = MAX_ITEM_SIMILARITY_ENTRIES,
): np.Array {
  const u = l2Normalize(user); // [b, s, d]
  const tableUnit = l2Normalize(table); // [items + 1, d]
  const posUnit = np.take(tableUnit.ref, targets.ref, 0); // [b, s, d]
  const tableT = tableUnit.ref.transpose(); // [d, items + 1]
  const scale = np.exp(logScale);
  const posLogits = u.ref.mul(posUnit.ref).sum(-1, { keepdims: true }).mul(scale.ref); // [b, s, 1]
  // As 2-D products ([b·s, d] × [d, items + 1]): jax-js runs a batched 3-D one as a plain
  // reduction kernel, slower here.
  const [b, steps, d] = u.shape;
  const rows = (x: np.Array) => x.reshape([b * steps, d]);
  const scores = np.matmul(rows(u), tableT.ref).reshape([b, steps, -1]); // [b, s, items + 1]
  const negLogits = np.takeAlongAxis(scores, negatives.ref, -1).mul(scale); // [b, s, n]
  const similar = lax.stopGradient(
    negativeCosines(tableUnit, tableT, posUnit, targets.ref, negatives.ref, maxSimilarityEntries),
  ); // [b, s, n]
  const masked = np.logicalOr(similar.greater(NCE_THRESHOLD), negatives.equal(0)); // [b, s, n]
  const negMasked = np.where(masked, MASK_VALUE, negLogits); // [b, s, n]
  return positiveFirstCrossEntropy(posLogits, negMasked, targets);
}

/**
 * Largest item-item cosine table (entries) `infoncePerPositionLoss` builds to read the negatives'
 * cosines with their targets: 16 Mi floats, 64 MiB (a catalogue of up to 4,095 items). Larger
 * catalogues score every position's target against the whole table instead.
 */
export const MAX_ITEM_SIMILARITY_ENTRIES = 2 ** 24;

/**
 * Cosine of each position's target with each of its negatives, [b, s, n] (consumes every
 * argument): read from the item-item cosine table ([items + 1]², one product per step) when it
 * has at most `maxEntries` entries, else from the targets' cosines with the whole table
 * ([b, s, items + 1], a product per position).
 */
function negativeCosines(
  tableUnit: np.Array,
  tableT: np.Array,
  posUnit: np.Array,
  targets: np.Array,
  negatives: np.Array,
  maxEntries: number,
): np.Array {
  const [rowsInTable] = tableUnit.shape;
  const [b, steps, d] = posUnit.shape;
  if (rowsInTable * rowsInTable <= maxEntries) {
    posUnit.dispose();
    const itemCosines = np.matmul(tableUnit, tableT).reshape([-1]); // [(items + 1)²]
    const at = targets.reshape([b, steps, 1]).mul(rowsInTable).add(negatives); // [b, s, n]
    return np.take(itemCosines, at, 0);
  }
  tableUnit.dispose();
  targets.dispose();
  const cosines = np.matmul(posUnit.reshape([b * steps, d]), tableT).reshape([b, steps, -1]);
  return np.takeAlongAxis(cosines, negatives, -1);
}

/**
 * Cross-entropy with label 0 over [positive, negatives] per position, averaged over positions
 * with a target (consumes every argument). posLogits: [b, s, 1]; negLogits: [b, s, k] (masked
 * ones at MASK_VALUE); targets: [b, s].
 */
function positiveFirstCrossEntropy(
  posLogits: np.Array,
  negMasked: np.Array,
  targets: np.Array,
): np.Array {
  // Without concatenating (k stays lane-aligned).
  const shift = lax.stopGradient(
    np.maximum(posLogits.ref, negMasked.ref.max(-1, { keepdims: true })),
  ); // [b, s, 1]
  const sumExp = np
    .exp(negMasked.sub(shift.ref))
    .sum(-1, { keepdims: true })
    .add(np.exp(posLogits.ref.sub(shift.ref)));
  const perPosition = np.log(sumExp).add(shift).sub(posLogits); // [b, s, 1]
  return meanOverTargets(perPosition.reshape(targets.shape), targets);
}
