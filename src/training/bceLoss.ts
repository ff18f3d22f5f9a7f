import { numpy as np, nn } from '@jax-js/jax';
import { meanOverTargets } from './loss';

/**
 * SASRec's binary cross-entropy with one sampled negative per position (consumes every argument).
 * user: [batch, seq, dim]; table: [numItems + 1, dim]; targets, negatives: [batch, seq] int32
 * (+1 encoding, target 0 = none). Loss = −log σ(u·pos) − log σ(−u·neg), averaged over valid positions.
 */
export function bceLoss(
  user: np.Array,
  table: np.Array,
  targets: np.Array,
  negatives: np.Array,
): np.Array {
  const pos = np.take(table.ref, targets.ref, 0); // [b, s, d]
  const neg = np.take(table, negatives, 0); // [b, s, d]
  return bceLossOnRows(user, pos, neg, targets);
}

/**
 * `bceLoss` on item rows already looked up (consumes every argument): user, pos, neg:
 * [batch, seq, dim]; targets: [batch, seq] int32 (0 = no target).
 */
export function bceLossOnRows(
  user: np.Array,
  pos: np.Array,
  neg: np.Array,
  targets: np.Array,
): np.Array {
  const posLogits = user.ref.mul(pos).sum(-1); // [b, s]
  const negLogits = user.mul(neg).sum(-1); // [b, s]
  const perPosition = nn.logSigmoid(posLogits).add(nn.logSigmoid(negLogits.neg())).neg();
  return meanOverTargets(perPosition, targets);
}
