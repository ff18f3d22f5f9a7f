import { createRng } from '../random/rng';
import type { EvalCase, Split, SplitSlices } from './types';

/** Seed offset of the evaluation sample, so that it does not share the split's random stream. */
const SAMPLE_STREAM = 0x5eed;

/** `slices` of `cases` re-indexed into the kept cases (`newIndex[i]` = -1 where case i is dropped). */
function keptSlices(slices: SplitSlices, newIndex: Int32Array): SplitSlices {
  const keep = (indices: Int32Array) =>
    Int32Array.from(Array.from(indices, (i) => newIndex[i]).filter((i) => i >= 0));
  return {
    all: keep(slices.all),
    cold: keep(slices.cold),
    longtail: keep(slices.longtail),
    short: keep(slices.short),
  };
}

/** The cases of the kept users, in their order, and where each old case went. */
function keptCases(
  cases: readonly EvalCase[],
  users: ReadonlySet<number>,
): { cases: EvalCase[]; newIndex: Int32Array } {
  const newIndex = new Int32Array(cases.length).fill(-1);
  const kept: EvalCase[] = [];
  cases.forEach((c, i) => {
    if (!users.has(c.user)) return;
    newIndex[i] = kept.length;
    kept.push(c);
  });
  return { cases: kept, newIndex };
}

/**
 * `split` evaluated on a seeded sample of `users` of its test users (the same users for
 * validation and test; slices cut to them), for quick experiments on large datasets; the split
 * itself when `users` is 0 or covers them all. Training is unchanged.
 */
export function withEvalSample(split: Split, users: number, seed: number): Split {
  const all = [...new Set(split.test.map((c) => c.user))];
  if (users <= 0 || users >= all.length) return split;
  const rng = createRng((seed ^ SAMPLE_STREAM) >>> 0);
  // Partial Fisher–Yates: the first `users` entries are a uniform sample.
  for (let i = 0; i < users; i++) {
    const j = i + rng.int(all.length - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  const chosen = new Set(all.slice(0, users));
  const test = keptCases(split.test, chosen);
  const valid = keptCases(split.valid, chosen);
  return {
    ...split,
    test: test.cases,
    valid: valid.cases,
    testSlices: keptSlices(split.testSlices, test.newIndex),
    validSlices: keptSlices(split.validSlices, valid.newIndex),
  };
}
