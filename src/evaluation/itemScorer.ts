import { numpy as np } from '@jax-js/jax';

/** How user and item vectors are compared. */
export type Similarity = 'dot' | 'cosine';

/** Scores bounded chunks of users against every item on the jax-js default device. */
export interface ItemScorer {
  readonly numItems: number;
  readonly dim: number;
  /** Scores `n` user vectors ([n, dim] row-major) against all items; resolves to [n, numItems]. */
  scoreChunk(users: Float32Array, n: number): Promise<Float32Array>;
  /** Releases the uploaded item vectors. */
  dispose(): void;
}

/** Scales each row of a [rows, dim] matrix to unit L2 norm (zero rows stay zero). */
export function normalizeRows(values: Float32Array, rows: number, dim: number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    let sq = 0;
    for (let d = 0; d < dim; d++) sq += values[r * dim + d] ** 2;
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let d = 0; d < dim; d++) out[r * dim + d] = values[r * dim + d] * scale;
  }
  return out;
}

/** Rounds up to a multiple of 4: Wasm SIMD kernels are about 10× faster on widths of 4 lanes. */
function lanes(n: number): number {
  return Math.ceil(n / 4) * 4;
}

/** Copies a [rows, cols] matrix into a zero-padded [rows, paddedCols] one. */
function padColumns(
  values: Float32Array,
  rows: number,
  cols: number,
  paddedCols: number,
): Float32Array {
  if (cols === paddedCols && values.length === rows * cols) return values;
  const out = new Float32Array(rows * paddedCols);
  for (let r = 0; r < rows; r++) out.set(values.subarray(r * cols, (r + 1) * cols), r * paddedCols);
  return out;
}

/**
 * Uploads the item vectors ([numItems, dim] row-major) once; for `cosine` both items and users are
 * L2-normalised before the product. Widths and the item count are zero-padded to multiples of 4
 * on the device (zeros change no dot product; padded item columns are dropped from the result).
 */
export function createItemScorer(
  items: Float32Array,
  numItems: number,
  dim: number,
  similarity: Similarity,
): ItemScorer {
  if (items.length !== numItems * dim) {
    throw new RangeError(`item vectors: expected ${numItems}×${dim} values, got ${items.length}`);
  }
  for (let i = 0; i < items.length; i++) {
    if (!Number.isFinite(items[i])) {
      throw new Error(
        `evaluation: the vector of item ${Math.floor(i / dim)} is not finite (${items[i]}); the model has diverged`,
      );
    }
  }
  const paddedDim = lanes(dim);
  const paddedItems = lanes(numItems);
  const hostItems = similarity === 'cosine' ? normalizeRows(items, numItems, dim) : items;
  const table = new Float32Array(paddedItems * paddedDim); // [paddedItems, paddedDim]
  table.set(padColumns(hostItems, numItems, dim, paddedDim));
  const itemsT = np.array(table, { shape: [paddedItems, paddedDim] }).transpose(); // [paddedDim, paddedItems]
  return {
    numItems,
    dim,
    async scoreChunk(users, n) {
      const hostUsers = users.slice(0, n * dim);
      const prepared = similarity === 'cosine' ? normalizeRows(hostUsers, n, dim) : hostUsers;
      const u = np.array(padColumns(prepared, n, dim, paddedDim), { shape: [n, paddedDim] }); // [n, paddedDim]
      const scores = (await np.matmul(u, itemsT.ref).data()) as Float32Array; // [n, paddedItems]
      if (paddedItems === numItems) return scores;
      const out = new Float32Array(n * numItems); // [n, numItems]
      for (let r = 0; r < n; r++)
        out.set(scores.subarray(r * paddedItems, r * paddedItems + numItems), r * numItems);
      return out;
    },
    dispose() {
      itemsT.dispose();
    },
  };
}
