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
  const best = new Float64Array(k); // [k] distances of the nearest found so far, ascending
  queries.forEach((q, qi) => {
    const found = out.subarray(qi * k, (qi + 1) * k);
    best.fill(Infinity);
    for (let r = 0; r < rows; r++) {
      if (r === q) continue;
      let d = 0;
      for (let c = 0; c < dim; c++) {
        const diff = data[r * dim + c] - data[q * dim + c];
        d += diff * diff;
      }
      if (d >= best[k - 1]) continue;
      let j = k - 1;
      while (j > 0 && best[j - 1] > d) {
        best[j] = best[j - 1];
        found[j] = found[j - 1];
        j--;
      }
      best[j] = d;
      found[j] = r;
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
 * How well a labelling of the rows separates in the embedding: the share of sampled items'
 * nearest neighbours (`neighbours`, from `nearestRows` over `queries`) that carry the item's own
 * label, minus the share expected by chance, Σ p_c² over the label shares among the scored items.
 * 0 = no better than labels drawn at random; the most is 1 − Σ p_c² (pure neighbourhoods), so a
 * field where one label covers nearly every item scores little, as it would colour the plot in
 * one colour. Rows labelled `ignore` (e.g. the `other` bucket) are neither scored nor counted as
 * neighbours. 0 when fewer than two labels remain.
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
  return pairs === 0 ? 0 : agree / pairs - chance;
}
