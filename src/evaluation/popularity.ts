import type { EvalCase, SplitSlices } from '../dataset/types';
import { evaluateWithScorer, type EvalOptions, type EvalResult } from './evaluate';
import { createItemScorer } from './itemScorer';

/**
 * The popularity baseline through the same protocol as the models: every user scores each item
 * by its training count (a 1-dimensional dot product of 1 with the count).
 */
export async function evaluatePopularity(
  itemTrainCount: Int32Array,
  cases: readonly EvalCase[],
  slices: SplitSlices,
  options: EvalOptions = {},
): Promise<EvalResult> {
  const numItems = itemTrainCount.length;
  const scorer = createItemScorer(Float32Array.from(itemTrainCount), numItems, 1, 'dot');
  try {
    return await evaluateWithScorer(
      scorer,
      async (chunk) => new Float32Array(chunk.length).fill(1), // [chunk, 1]
      cases,
      slices,
      options,
    );
  } finally {
    scorer.dispose();
  }
}
