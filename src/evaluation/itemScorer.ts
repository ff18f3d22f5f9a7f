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

/**
 * Uploads the item vectors ([numItems, dim] row-major) once; for `cosine` both items and users are
 * L2-normalised before the product.
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
  const hostItems = similarity === 'cosine' ? normalizeRows(items, numItems, dim) : items;
  const itemsT = np.array(hostItems, { shape: [numItems, dim] }).transpose(); // [dim, numItems]
  return {
    numItems,
    dim,
    async scoreChunk(users, n) {
      const hostUsers = users.slice(0, n * dim);
      const prepared = similarity === 'cosine' ? normalizeRows(hostUsers, n, dim) : hostUsers;
      const u = np.array(prepared, { shape: [n, dim] }); // [n, dim]
      const scores = np.matmul(u, itemsT.ref); // [n, numItems]
      return (await scores.data()) as Float32Array;
    },
    dispose() {
      itemsT.dispose();
    },
  };
}
