import { UMAP } from 'umap-js';
import { createRng } from '../random/rng';

/** Settings of the UMAP layout of item embeddings. */
export interface UmapOptions {
  /** Seed of the layout's random stream (the project's mulberry32). */
  seed: number;
  /** Neighbours per point in the fuzzy graph (umap-js default 15). */
  nNeighbors?: number;
  /** Optimisation epochs; fewer than umap-js's default 500 so a frame stays quick. */
  nEpochs?: number;
  /** Smallest distance between laid-out points (umap-js default 0.1). */
  minDist?: number;
}

/** Epochs of one projection frame's layout. */
export const UMAP_EPOCHS = 200;

/**
 * A seeded 2-D UMAP layout (PAIR's umap-js) of the rows of `data` ([rows, dim] row-major):
 * [rows, 2] row-major coordinates. The same data and seed give the same layout. Fewer than three
 * rows are laid out on a line, since UMAP needs neighbours.
 */
export function umapLayout(
  data: Float32Array,
  rows: number,
  dim: number,
  options: UmapOptions,
): Float32Array {
  if (data.length !== rows * dim) {
    throw new RangeError(
      `umap: expected ${rows}×${dim} = ${rows * dim} values, got ${data.length}`,
    );
  }
  const out = new Float32Array(rows * 2); // [rows, 2]
  if (rows < 3) {
    for (let r = 0; r < rows; r++) out[2 * r] = r;
    return out;
  }
  const vectors = Array.from({ length: rows }, (_, r) =>
    Array.from(data.subarray(r * dim, (r + 1) * dim)),
  );
  const rng = createRng(options.seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.nNeighbors ?? 15, rows - 1),
    nEpochs: options.nEpochs ?? UMAP_EPOCHS,
    minDist: options.minDist ?? 0.1,
    random: () => rng.next(),
  });
  const layout = umap.fit(vectors);
  layout.forEach(([x, y], r) => {
    out[2 * r] = x;
    out[2 * r + 1] = y;
  });
  return out;
}
