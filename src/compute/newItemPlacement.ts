import { projectOnBasis, type ProjectionSnapshot } from './projection';

/** Neighbours whose layout positions place a new item in a UMAP frame. */
export const PLACEMENT_NEIGHBOURS = 5;

/** Where a projection method puts an item that was not laid out with the others. */
export type ProjectionMethod = 'pca' | 'umap';

/**
 * [2] position of `vector` ([dim]) in a 2-D layout `coords` ([n, 2]) of `rows` ([n, dim]): the
 * mean of its `k` nearest rows' positions, weighted by inverse distance (an exact match lands on
 * its twin). Used for UMAP frames, where umap-js's `transform` would need the fitted model and a
 * re-run of its optimiser.
 */
export function placeByNeighbours(
  rows: Float32Array,
  dim: number,
  coords: Float32Array,
  vector: Float32Array,
  k = PLACEMENT_NEIGHBOURS,
): [number, number] {
  const n = rows.length / dim;
  const distances = Array.from({ length: n }, (_, r) => {
    let d = 0;
    for (let c = 0; c < dim; c++) d += (rows[r * dim + c] - vector[c]) ** 2;
    return { r, d: Math.sqrt(d) };
  }).sort((a, b) => a.d - b.d || a.r - b.r);
  const nearest = distances.slice(0, Math.min(k, n));
  const exact = nearest.find((x) => x.d === 0);
  if (exact !== undefined) return [coords[2 * exact.r], coords[2 * exact.r + 1]];
  let x = 0;
  let y = 0;
  let total = 0;
  for (const { r, d } of nearest) {
    x += coords[2 * r] / d;
    y += coords[2 * r + 1] / d;
    total += 1 / d;
  }
  return total > 0 ? [x / total, y / total] : [0, 0];
}

/**
 * [2] position of a new item's `vector` ([dim]) in `frame`: PCA projects it on the frame's saved
 * basis and alignment; UMAP places it among its nearest neighbours in `umap` ([n, 2]).
 */
export function placeNewItem(
  frame: ProjectionSnapshot,
  method: ProjectionMethod,
  umap: Float32Array | null,
  vector: Float32Array,
): [number, number] | null {
  if (vector.length !== frame.dim) return null;
  if (method === 'pca') return projectOnBasis(vector, frame.basis);
  return umap === null ? null : placeByNeighbours(frame.rows, frame.dim, umap, vector);
}
