import type { Dataset, ItemText } from '../dataset/types';
import type { HostParams, Recommender, RecommenderInit } from '../models/recommender';
import { inspectedItem, type InspectedItem } from './runInspection';

/** A user ranked for a new item: their score and most recent items. */
export interface RankedUser {
  /** Dense user index in the run's dataset. */
  user: number;
  userId: string;
  /** Cosine (InfoNCE runs) or dot product (BCE runs) of the user and item vectors. */
  score: number;
  /** The user's last items, most recent last. */
  recent: InspectedItem[];
}

/** The users an HLLM run would recommend a new item to, best first. */
export interface NewItemRanking {
  /** Id of the run whose model ranked the users. */
  runId: number;
  /** How the new item's text was embedded, in plain words. */
  embeddedBy: string;
  totalUsers: number;
  users: RankedUser[];
  /** [dim] the new item's embedding as the model's item table holds it (before any unit scaling). */
  vector: Float32Array;
}

/** What a finished HLLM run keeps so that new items can be scored against its users. */
export interface NewItemScorer {
  runId: number;
  dataset: Dataset;
  /** [numUsers, dim] user vectors over each user's whole (most recent `maxHistory`) sequence. */
  userVectors: Float32Array;
  dim: number;
  /** Scores are cosines (InfoNCE) rather than dot products (BCE). */
  cosine: boolean;
  embeddedBy: string;
  /** The new item's [dim] vector as the model's item table would hold it (not unit-scaled). */
  embed(item: ItemText): Promise<Float32Array>;
}

/** Items of each recent-history list shown with a ranked user. */
const RECENT = 3;

/** `v` scaled to unit length (unchanged when it is all zeros). */
export function unitVector(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/**
 * User vectors [numUsers, dim] from `model.encodeUsers` over each user's sequence (dense item
 * indices), cut to its last `maxHistory` items; unit length when `cosine`.
 */
export async function userVectorsOf(
  model: Recommender,
  sequences: readonly Int32Array[],
  maxHistory: number,
  cosine: boolean,
): Promise<Float32Array> {
  const n = sequences.length;
  const histories = new Int32Array(n * maxHistory); // [n, maxHistory], +1, left-padded
  sequences.forEach((seq, u) => {
    const kept = seq.subarray(Math.max(0, seq.length - maxHistory));
    const start = u * maxHistory + maxHistory - kept.length;
    kept.forEach((item, j) => (histories[start + j] = item + 1));
  });
  const vectors = await model.encodeUsers(histories, n, maxHistory); // [n, dim]
  if (!cosine) return vectors;
  const dim = model.dim;
  for (let u = 0; u < n; u++) {
    vectors.set(unitVector(vectors.subarray(u * dim, (u + 1) * dim)), u * dim);
  }
  return vectors;
}

/**
 * Embeds one new item with a trained model: `build` makes the same model over a one-item
 * catalogue (the item's text in place of the catalogue's), the trained `params` are loaded into
 * it, and its single item vector is read.
 */
export async function embedWithTrainedParams(
  build: (init: RecommenderInit) => Recommender | Promise<Recommender>,
  params: HostParams,
  init: RecommenderInit,
): Promise<Float32Array> {
  const model = await build({
    ...init,
    numItems: 1,
    totalSteps: 1,
    train: { ...init.train, numNegatives: 1 },
  });
  try {
    model.setParams(params);
    return await model.encodeItems(); // [1, dim]
  } finally {
    model.dispose();
  }
}

/**
 * Ranks every user of `scorer` for the new item `item` (its vector unit-scaled for cosine
 * scorers); keeps the best `k`.
 */
export async function rankUsersForNewItem(
  scorer: NewItemScorer,
  item: ItemText,
  k: number,
): Promise<NewItemRanking> {
  const vector = await scorer.embed(item); // [dim]
  const v = scorer.cosine ? unitVector(vector) : vector; // [dim]
  const { dim, userVectors, dataset } = scorer;
  const n = userVectors.length / dim;
  const scores = new Float32Array(n);
  for (let u = 0; u < n; u++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += userVectors[u * dim + d] * v[d];
    scores[u] = s;
  }
  const order = Array.from({ length: n }, (_, u) => u).sort(
    (a, b) => scores[b] - scores[a] || a - b,
  );
  return {
    runId: scorer.runId,
    embeddedBy: scorer.embeddedBy,
    totalUsers: n,
    users: order.slice(0, k).map((user) => ({
      user,
      userId: dataset.userIds[user],
      score: scores[user],
      recent: Array.from(dataset.sequences[user].subarray(-RECENT), (i) =>
        inspectedItem(dataset, i),
      ),
    })),
    vector,
  };
}
