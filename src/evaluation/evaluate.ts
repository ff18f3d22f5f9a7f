import type { EvalCase, SplitSlices } from '../dataset/types';
import type { Recommender } from '../models/recommender';
import { packHistories } from './histories';
import { createItemScorer, type ItemScorer, type Similarity } from './itemScorer';
import { sliceMetrics, type SliceMetrics } from './metrics';
import { HistoryMask, rankOfTarget, topItems } from './ranking';

/** Settings of a full-ranking evaluation. */
export interface EvalOptions {
  /**
   * Most users scored per matmul; bounds the [chunk, numItems] score matrix. Default 256. The cases
   * are split into the fewest chunks of at most this many, all of about one size (943 cases: 4 of
   * 236, not 3 of 256 and one of 175), so the user encoder sees one batch shape.
   */
  chunkSize?: number;
  /** Length of each user's top list to keep (for inspection); 0 keeps none. Default 0. */
  topK?: number;
  /** Hears, after each chunk, how many of the cases are scored and the seconds spent so far. */
  onProgress?: (done: number, total: number, seconds: number) => void;
}

/** Outcome of a full-ranking evaluation over a list of cases. */
export interface EvalResult {
  /** 0-based rank of each case's target among the unmasked items. */
  ranks: Int32Array;
  /** Recall/NDCG per slice (×100). */
  metrics: SliceMetrics;
  /** Per case, the best `topK` unmasked items, best first (empty lists when `topK` is 0). */
  topK: Int32Array[];
  /** Wall-clock seconds, encoding and ranking included. */
  seconds: number;
}

/** Produces [cases.length, dim] user vectors (row-major) for a chunk of cases. */
export type UserVectors = (cases: EvalCase[]) => Promise<Float32Array>;

/** Index of the first NaN or infinite value, or -1. */
export function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function checkCases(cases: readonly EvalCase[], numItems: number): void {
  cases.forEach((c, i) => {
    if (!Number.isInteger(c.target) || c.target < 0 || c.target >= numItems) {
      throw new RangeError(
        `evaluation case ${i}: target ${c.target} is not an item in 0..${numItems - 1}`,
      );
    }
    for (const item of c.seen ?? c.history) {
      if (item < 0 || item >= numItems) {
        throw new RangeError(
          `evaluation case ${i}: history item ${item} is not in 0..${numItems - 1}`,
        );
      }
    }
  });
}

/**
 * Leave-one-out full ranking: scores each chunk of users against every item with `scorer`, masks
 * each user's `seen` items when present, else its `history` (never the target) and ranks the target (pessimistic ties, see ranking.ts).
 */
export async function evaluateWithScorer(
  scorer: ItemScorer,
  userVectors: UserVectors,
  cases: readonly EvalCase[],
  slices: SplitSlices,
  options: EvalOptions = {},
): Promise<EvalResult> {
  const started = performance.now();
  const maxChunk = options.chunkSize ?? 256;
  const k = Math.min(options.topK ?? 0, scorer.numItems);
  if (!Number.isInteger(maxChunk) || maxChunk < 1) {
    throw new RangeError(`chunkSize must be a positive integer, got ${maxChunk}`);
  }
  const chunkSize = Math.ceil(cases.length / Math.max(1, Math.ceil(cases.length / maxChunk)));
  checkCases(cases, scorer.numItems);
  const numItems = scorer.numItems;
  const ranks = new Int32Array(cases.length);
  const topK: Int32Array[] = [];
  const mask = new HistoryMask(numItems);
  for (let start = 0; start < cases.length; start += chunkSize) {
    const chunk = cases.slice(start, start + chunkSize);
    const users = await userVectors(chunk); // [chunk, dim]
    const bad = firstNonFinite(users);
    if (bad >= 0) {
      const row = start + Math.floor(bad / scorer.dim);
      throw new Error(
        `evaluation: the user vector of case ${row} is not finite (${users[bad]}); the model has diverged`,
      );
    }
    const scores = await scorer.scoreChunk(users, chunk.length); // [chunk, numItems]
    chunk.forEach((c, row) => {
      const rowScores = scores.subarray(row * numItems, (row + 1) * numItems);
      mask.set(c.seen ?? c.history, c.target);
      ranks[start + row] = rankOfTarget(rowScores, c.target, mask);
      topK.push(topItems(rowScores, k, mask));
    });
    options.onProgress?.(start + chunk.length, cases.length, (performance.now() - started) / 1000);
  }
  return {
    ranks,
    metrics: sliceMetrics(ranks, slices),
    topK,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Evaluates a recommender on `cases`: item vectors are encoded and uploaded once, users are
 * encoded per chunk from histories cut to `maxHistory`; `similarity` must match the training loss
 * (`cosine` for InfoNCE, `dot` for BCE).
 */
export async function evaluateRecommender(
  model: Recommender,
  cases: readonly EvalCase[],
  slices: SplitSlices,
  settings: EvalOptions & { maxHistory: number; similarity: Similarity },
): Promise<EvalResult> {
  const items = await model.encodeItems(); // [numItems, dim]
  const scorer = createItemScorer(items, model.numItems, model.dim, settings.similarity);
  try {
    return await evaluateWithScorer(
      scorer,
      (chunk) =>
        model.encodeUsers(
          packHistories(chunk, settings.maxHistory),
          chunk.length,
          settings.maxHistory,
        ),
      cases,
      slices,
      settings,
    );
  } finally {
    scorer.dispose();
  }
}
