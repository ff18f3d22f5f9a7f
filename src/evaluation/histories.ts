import type { EvalCase } from '../dataset/types';

/**
 * Left-pads the histories of `cases` into a [cases.length, maxHistory] matrix with the `index + 1`
 * encoding (0 = padding), keeping the most recent `maxHistory` items of each.
 */
export function packHistories(cases: readonly EvalCase[], maxHistory: number): Int32Array {
  const out = new Int32Array(cases.length * maxHistory); // [n, maxHistory]
  cases.forEach((c, row) => {
    const kept = Math.min(c.history.length, maxHistory);
    const start = c.history.length - kept;
    const rowStart = row * maxHistory + (maxHistory - kept);
    for (let i = 0; i < kept; i++) out[rowStart + i] = c.history[start + i] + 1;
  });
  return out;
}
