/**
 * Copies rows [from, from + rows) of a left-padded [n, seqLen] int matrix into a zeroed
 * [outRows, outLen] matrix, keeping the most recent `outLen` items of each row (left padding).
 */
export function leftPadRows(
  src: Int32Array,
  seqLen: number,
  from: number,
  rows: number,
  outRows: number,
  outLen: number,
): Int32Array {
  const out = new Int32Array(outRows * outLen);
  const keep = Math.min(seqLen, outLen);
  for (let r = 0; r < rows; r++) {
    const srcStart = (from + r) * seqLen + seqLen - keep;
    out.set(src.subarray(srcStart, srcStart + keep), r * outLen + outLen - keep);
  }
  return out;
}
