/** The leading principal components of a row-major matrix and the rows projected onto them. */
export interface PcaResult {
  /** [rows, k] row-major coordinates of each centred row on the components. */
  coords: Float32Array;
  /** [k, dim] row-major unit components, largest variance first. */
  components: Float64Array;
  /** Variance along each component. */
  variances: number[];
  /** Fraction of the total variance each component explains (0 when the data has none). */
  explained: number[];
}

/** Covariance of the centred rows of `data` ([rows, dim]): [dim, dim] row-major, and the column means. */
function covariance(
  data: Float32Array,
  rows: number,
  dim: number,
): { cov: Float64Array; mean: Float64Array } {
  const mean = new Float64Array(dim); // [dim]
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < dim; c++) mean[c] += data[r * dim + c];
  }
  for (let c = 0; c < dim; c++) mean[c] /= rows;
  const cov = new Float64Array(dim * dim); // [dim, dim]
  const centred = new Float64Array(dim); // [dim]
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < dim; c++) centred[c] = data[r * dim + c] - mean[c];
    for (let i = 0; i < dim; i++) {
      const x = centred[i];
      if (x === 0) continue;
      for (let j = i; j < dim; j++) cov[i * dim + j] += x * centred[j];
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = cov[i * dim + j] / rows;
      cov[i * dim + j] = v;
      cov[j * dim + i] = v;
    }
  }
  return { cov, mean };
}

/**
 * Top eigenvector of the symmetric `matrix` ([dim, dim]) by power iteration from a fixed start,
 * orthogonal to the rows of `previous`; resolves the sign so that its largest entry is positive.
 */
function powerIteration(
  matrix: Float64Array,
  dim: number,
  previous: Float64Array[],
  iterations: number,
): { vector: Float64Array; value: number } {
  let v = new Float64Array(dim); // [dim]
  for (let i = 0; i < dim; i++) v[i] = 1 + ((i * 7919) % 13) / 13;
  const orthogonalise = (x: Float64Array) => {
    for (const p of previous) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += x[i] * p[i];
      for (let i = 0; i < dim; i++) x[i] -= dot * p[i];
    }
  };
  const normalise = (x: Float64Array): number => {
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += x[i] * x[i];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < dim; i++) x[i] /= norm;
    return norm;
  };
  orthogonalise(v);
  normalise(v);
  let value = 0;
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(dim); // [dim]
    for (let i = 0; i < dim; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += matrix[i * dim + j] * v[j];
      next[i] = s;
    }
    orthogonalise(next);
    value = normalise(next);
    if (value === 0) break;
    let change = 0;
    for (let i = 0; i < dim; i++) change = Math.max(change, Math.abs(next[i] - v[i]));
    v = next;
    if (change < 1e-10) break;
  }
  let largest = 0;
  for (let i = 0; i < dim; i++) if (Math.abs(v[i]) > Math.abs(v[largest])) largest = i;
  if (v[largest] < 0) for (let i = 0; i < dim; i++) v[i] = -v[i];
  return { vector: v, value };
}

/**
 * Principal component analysis of `data` ([rows, dim] row-major): the `k` leading eigenvectors of
 * the covariance by power iteration with deflation, and every centred row projected onto them.
 */
export function pca(
  data: Float32Array,
  rows: number,
  dim: number,
  k = 2,
  iterations = 300,
): PcaResult {
  if (data.length !== rows * dim) {
    throw new RangeError(`pca: expected ${rows}×${dim} = ${rows * dim} values, got ${data.length}`);
  }
  if (rows < 1 || k < 1 || k > dim) {
    throw new RangeError(`pca: needs at least one row and 1 ≤ k ≤ dim (k = ${k}, dim = ${dim})`);
  }
  const { cov, mean } = covariance(data, rows, dim);
  let total = 0;
  for (let i = 0; i < dim; i++) total += cov[i * dim + i];
  const vectors: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < k; c++) {
    const { vector, value } = powerIteration(cov, dim, vectors, iterations);
    vectors.push(vector);
    variances.push(value);
  }
  const components = new Float64Array(k * dim); // [k, dim]
  vectors.forEach((v, c) => components.set(v, c * dim));
  const coords = new Float32Array(rows * k); // [rows, k]
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += (data[r * dim + i] - mean[i]) * vectors[c][i];
      coords[r * k + c] = s;
    }
  }
  return {
    coords,
    components,
    variances,
    explained: variances.map((v) => (total > 0 ? v / total : 0)),
  };
}
