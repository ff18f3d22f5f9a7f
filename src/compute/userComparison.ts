import type { ModelConfig } from '../config/runConfig';
import { inspectedItem, type InspectedItem, type RunInspectionData } from './runInspection';
import { unitVector } from './newItemRanking';

/** A finished run with the vectors its test ranking came from, for scored top lists. */
export interface ScoredRun {
  runId: number;
  model: ModelConfig['kind'];
  data: RunInspectionData;
  /** [testCases, dim] user vectors of the run's test cases. */
  userVectors: Float32Array;
  /** [numItems, dim] item vectors. */
  itemVectors: Float32Array;
  dim: number;
  /** Scores are cosines (InfoNCE) rather than dot products (BCE). */
  cosine: boolean;
}

/** One item of a top list with the score the run gave it. */
export interface ScoredItem extends InspectedItem {
  score: number;
}

/** One run's view of a test user: its top list with scores and the target's rank. */
export interface RunTopList {
  runId: number;
  model: ModelConfig['kind'];
  /** 0-based rank the run gave the held-out target. */
  targetRank: number;
  top: ScoredItem[];
}

/** A test user as every finished run that has them sees them, side by side. */
export interface UserComparison {
  userId: string;
  history: InspectedItem[];
  target: InspectedItem;
  targetCold: boolean;
  runs: RunTopList[];
  /** Runs whose test split does not hold this user (another data config). */
  missingFrom: number[];
}

/** A test user found by a search. */
export interface UserMatch {
  userId: string;
  /** Index into the run's test cases (shown 1-based). */
  caseIndex: number;
}

/** Index of the test case of `userId` in a run, or -1. */
function caseOf(data: RunInspectionData, userId: string): number {
  return data.split.test.findIndex((c) => data.dataset.userIds[c.user] === userId);
}

/**
 * Test users of a run matching `query`: a number n is the n-th test user (1-based), any text
 * matches user ids containing it (case-insensitive); at most `limit`, in test order.
 */
export function searchTestUsers(
  data: RunInspectionData,
  query: string,
  limit: number,
): UserMatch[] {
  const q = query.trim().toLowerCase();
  const cases = data.split.test;
  const match = (caseIndex: number): UserMatch => ({
    userId: data.dataset.userIds[cases[caseIndex].user],
    caseIndex,
  });
  const out: UserMatch[] = [];
  const n = Number(q);
  if (q !== '' && Number.isInteger(n) && n >= 1 && n <= cases.length) out.push(match(n - 1));
  for (let i = 0; i < cases.length && out.length < limit; i++) {
    const m = match(i);
    if (m.userId.toLowerCase().includes(q) && !out.some((o) => o.caseIndex === i)) out.push(m);
  }
  return out.slice(0, limit);
}

/** Score of item `item` for test case `caseIndex` of `run`. */
function scoreOf(run: ScoredRun, caseIndex: number, item: number): number {
  const { dim } = run;
  const u = run.userVectors.subarray(caseIndex * dim, (caseIndex + 1) * dim);
  const v = run.itemVectors.subarray(item * dim, (item + 1) * dim);
  const a = run.cosine ? unitVector(u) : u;
  const b = run.cosine ? unitVector(v) : v;
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[d] * b[d];
  return s;
}

/**
 * The test user `userId` in every run that has them: history and target (from the first such
 * run), and each run's top list with scores. Throws a RangeError when no run has the user.
 */
export function compareUser(runs: readonly ScoredRun[], userId: string): UserComparison {
  const found = runs.map((run) => ({ run, caseIndex: caseOf(run.data, userId) }));
  const present = found.filter((f) => f.caseIndex >= 0);
  if (present.length === 0) throw new RangeError(`no finished run has test user ${userId}`);
  const first = present[0];
  const c = first.run.data.split.test[first.caseIndex];
  const item = (i: number) => inspectedItem(first.run.data.dataset, i);
  return {
    userId,
    history: Array.from(c.history, item),
    target: item(c.target),
    targetCold: first.run.data.split.coldItems[c.target] === 1,
    runs: present.map(({ run, caseIndex }) => ({
      runId: run.runId,
      model: run.model,
      targetRank: run.data.model.ranks[caseIndex],
      top: Array.from(run.data.model.topK[caseIndex] ?? [], (i) => ({
        ...inspectedItem(run.data.dataset, i),
        score: scoreOf(run, caseIndex, i),
      })),
    })),
    missingFrom: found.filter((f) => f.caseIndex < 0).map((f) => f.run.runId),
  };
}
