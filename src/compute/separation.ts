import { createRng, shuffleInPlace } from '../random/rng';

/** Items whose neighbours are looked up when scoring a colour field. */
export const SEPARATION_SAMPLE = 300;

/** Neighbours per sampled item. */
export const SEPARATION_NEIGHBOURS = 10;

/**
 * The `k` nearest rows (squared Euclidean distance) of each of `queries` among all `rows` of
 * `data` ([rows, dim]), the query itself left out: [queries.length, k] row indices, nearest
 * first (fewer than k where the table is small, padded with −1).
 */
export function nearestRows(
  data: Float32Array,
  rows: number,
  dim: number,
  queries: readonly number[],
  k: number,
): Int32Array {
  const out = new Int32Array(queries.length * k).fill(-1); // [queries, k]
  const distances = new Float64Array(rows); // [rows]
  const order = Array.from({ length: rows }, (_, r) => r);
  queries.forEach((q, qi) => {
    for (let r = 0; r < rows; r++) {
      let d = 0;
      for (let c = 0; c < dim; c++) {
        const diff = data[r * dim + c] - data[q * dim + c];
        d += diff * diff;
      }
      distances[r] = d;
    }
    order.sort((a, b) => distances[a] - distances[b] || a - b);
    let j = 0;
    for (const r of order) {
      if (j === k) break;
      if (r === q) continue;
      out[qi * k + j++] = r;
    }
  });
  return out;
}

/** A sample of at most `size` rows out of `rows`, drawn with `seed`. */
export function sampleRows(rows: number, size: number, seed: number): number[] {
  const all = shuffleInPlace(
    Array.from({ length: rows }, (_, r) => r),
    createRng(seed),
  );
  return all.slice(0, Math.min(size, rows));
}

/**
 * How well a labelling of the rows separates in the embedding: the share of sampled items whose
 * nearest neighbours (`neighbours`, from `nearestRows` over `queries`) carry the item's own label,
 * corrected for chance like Cohen's kappa: (agreement − chance) / (1 − chance), chance = Σ p_c² over
 * the label shares among the scored items. 1 = every neighbourhood pure, 0 = no better than
 * labels drawn at random, below 0 = worse. Rows labelled `ignore` (e.g. the `other` bucket) are
 * neither scored nor counted as neighbours. 0 when fewer than two labels remain.
 */
export function separationScore(
  codes: Uint8Array,
  queries: readonly number[],
  neighbours: Int32Array,
  k: number,
  ignore = -1,
): number {
  const share = new Map<number, number>();
  let counted = 0;
  for (const code of codes) {
    if (code === ignore) continue;
    share.set(code, (share.get(code) ?? 0) + 1);
    counted++;
  }
  if (share.size < 2) return 0;
  let chance = 0;
  for (const n of share.values()) chance += (n / counted) ** 2;
  let agree = 0;
  let pairs = 0;
  queries.forEach((q, qi) => {
    if (codes[q] === ignore) return;
    for (let j = 0; j < k; j++) {
      const r = neighbours[qi * k + j];
      if (r < 0 || codes[r] === ignore) continue;
      pairs++;
      if (codes[r] === codes[q]) agree++;
    }
  });
  if (pairs === 0) return 0;
  return (agree / pairs - chance) / (1 - chance);
}
