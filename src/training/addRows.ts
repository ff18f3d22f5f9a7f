/**
 * Adds row `t` of `rows` ([indices.length, width] row-major) into row `indices[t]` of `out`
 * ([out.length / width, width] row-major), in index order: the gradient of a row lookup, as a
 * tight typed-array loop (jax-js runs its scatter as generic JavaScript, about 20× slower).
 */
export function addRows(
  out: Float32Array,
  rows: Float32Array,
  indices: Int32Array,
  width: number,
): void {
  const tableRows = out.length / width;
  if (rows.length !== indices.length * width) {
    throw new RangeError(
      `addRows: expected ${indices.length}×${width} = ${indices.length * width} values, got ${rows.length}`,
    );
  }
  for (let t = 0; t < indices.length; t++) {
    const row = indices[t];
    if (row < 0 || row >= tableRows || !Number.isInteger(row)) {
      throw new RangeError(`addRows: index ${row} at ${t} is outside [0, ${tableRows})`);
    }
    const o = row * width;
    const g = t * width;
    for (let c = 0; c < width; c++) out[o + c] += rows[g + c];
  }
}
