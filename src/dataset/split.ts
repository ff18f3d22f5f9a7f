import type { DataConfig } from '../config/runConfig';
import { createRng, deriveSeed, shuffleInPlace } from '../random/rng';
import type { Dataset, EvalCase, Split, SplitSlices } from './types';

/** Shortest sequence that yields a validation and a test case. */
export const MIN_EVAL_LENGTH = 3;

/** Case counts of one evaluation set and its slices. */
export interface SliceCounts {
  all: number;
  cold: number;
  longtail: number;
  short: number;
}

/** What the split did with users, items and interactions. */
export interface SplitReport {
  seed: number;
  /** Users with fewer than 3 items and what happened to them. */
  shortUsers: { policy: DataConfig['shortUsers']; count: number; interactions: number };
  /** Items held out as new. */
  coldItems: number;
  /** Interactions with cold items taken out of training sequences. */
  coldInteractionsRemoved: number;
  /** Users with validation and test cases. */
  evalUsers: number;
  /** Sequences in `train` (users with at least 2 training items, i.e. one next-item pair). */
  trainUsers: number;
  trainInteractions: number;
  /** Users left with no training item once cold items are removed (their eval cases are kept). */
  usersWithNoTrainItems: number;
  /** Users left with exactly one training item: no next-item pair, so not in `train`. */
  usersWithOneTrainItem: number;
  valid: SliceCounts;
  test: SliceCounts;
}

/** The split and its report. */
export interface SplitResult {
  split: Split;
  report: SplitReport;
}

/** Picks `round(coldFraction × numItems)` items uniformly with the split's seed. */
function pickColdItems(numItems: number, coldFraction: number, seed: number): Uint8Array {
  const cold = new Uint8Array(numItems);
  const order = Int32Array.from({ length: numItems }, (_, i) => i);
  shuffleInPlace(order, createRng(deriveSeed(seed, 'cold-items')));
  const count = Math.round(coldFraction * numItems);
  for (let i = 0; i < count; i++) cold[order[i]] = 1;
  return cold;
}

/** The items of `seq[0, end)` that are not cold. */
function withoutCold(seq: Int32Array, end: number, cold: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < end; i++) if (!cold[seq[i]]) n++;
  if (n === end) return seq.slice(0, end);
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < end; i++) if (!cold[seq[i]]) out[j++] = seq[i];
  return out;
}

/** Case predicting `seq[end]` from at most `maxHistory` items before it. */
function evalCase(user: number, seq: Int32Array, end: number, maxHistory: number): EvalCase {
  return { user, history: seq.slice(Math.max(0, end - maxHistory), end), target: seq[end] };
}

/** Slices of `cases`; `fullHistory[c]` is the uncut number of items before case c's target. */
function slicesOf(
  cases: EvalCase[],
  fullHistory: Int32Array,
  cold: Uint8Array,
  trainCount: Int32Array,
  dataConfig: DataConfig,
): SplitSlices {
  const all: number[] = [];
  const coldCases: number[] = [];
  const longtail: number[] = [];
  const short: number[] = [];
  for (let c = 0; c < cases.length; c++) {
    const target = cases[c].target;
    all.push(c);
    if (cold[target]) coldCases.push(c);
    else if (trainCount[target] <= dataConfig.longTailMaxCount) longtail.push(c);
    if (fullHistory[c] <= dataConfig.shortHistoryMaxLen) short.push(c);
  }
  return {
    all: Int32Array.from(all),
    cold: Int32Array.from(coldCases),
    longtail: Int32Array.from(longtail),
    short: Int32Array.from(short),
  };
}

function countsOf(slices: SplitSlices): SliceCounts {
  return {
    all: slices.all.length,
    cold: slices.cold.length,
    longtail: slices.longtail.length,
    short: slices.short.length,
  };
}

function checkConfig(dataConfig: DataConfig): void {
  const { coldFraction, maxHistory } = dataConfig;
  if (!(coldFraction >= 0 && coldFraction <= 0.5)) {
    throw new RangeError(`data.coldFraction must be in [0, 0.5], got ${coldFraction}`);
  }
  if (!Number.isInteger(maxHistory) || maxHistory < 1) {
    throw new RangeError(`data.maxHistory must be an integer >= 1, got ${maxHistory}`);
  }
}

/**
 * Leave-one-out split with a cold-start hold-out. Per user with at least 3 items: the test target
 * is the last item, the validation target the second-to-last, and the items before the validation
 * target train. A seeded `coldFraction` of items is held out as new: removed from every training
 * sequence but kept in evaluation histories, which are the user's real preceding items cut to the
 * `maxHistory` most recent. Users with fewer than 3 items are dropped or train-only per
 * `shortUsers`. Training sequences need 2 items (one next-item pair). Slices: `cold` (target is
 * new), `longtail` (target not new, with at most `longTailMaxCount` training interactions) and
 * `short` (at most `shortHistoryMaxLen` items before the target, before the cut). Deterministic
 * given `seed`.
 */
export function leaveOneOutSplit(
  dataset: Dataset,
  dataConfig: DataConfig,
  seed: number,
): SplitResult {
  checkConfig(dataConfig);
  const numUsers = dataset.sequences.length;
  const numItems = dataset.itemIds.length;
  const coldItems = pickColdItems(numItems, dataConfig.coldFraction, seed);

  const train: Int32Array[] = [];
  const valid: EvalCase[] = [];
  const test: EvalCase[] = [];
  const validFull: number[] = [];
  const testFull: number[] = [];
  let shortCount = 0;
  let shortInteractions = 0;
  let coldInteractionsRemoved = 0;
  let usersWithNoTrainItems = 0;
  let usersWithOneTrainItem = 0;
  let trainInteractions = 0;
  const itemTrainCount = new Int32Array(numItems);

  for (let u = 0; u < numUsers; u++) {
    const seq = dataset.sequences[u];
    const n = seq.length;
    let trainEnd = n - 2;
    if (n < MIN_EVAL_LENGTH) {
      shortCount++;
      shortInteractions += n;
      if (dataConfig.shortUsers === 'drop') continue;
      trainEnd = n;
    } else {
      valid.push(evalCase(u, seq, n - 2, dataConfig.maxHistory));
      validFull.push(n - 2);
      test.push(evalCase(u, seq, n - 1, dataConfig.maxHistory));
      testFull.push(n - 1);
    }
    const kept = withoutCold(seq, trainEnd, coldItems);
    coldInteractionsRemoved += trainEnd - kept.length;
    if (kept.length === 0) usersWithNoTrainItems++;
    else if (kept.length === 1) usersWithOneTrainItem++;
    else {
      train.push(kept);
      trainInteractions += kept.length;
      for (let i = 0; i < kept.length; i++) itemTrainCount[kept[i]]++;
    }
  }

  const validSlices = slicesOf(
    valid,
    Int32Array.from(validFull),
    coldItems,
    itemTrainCount,
    dataConfig,
  );
  const testSlices = slicesOf(
    test,
    Int32Array.from(testFull),
    coldItems,
    itemTrainCount,
    dataConfig,
  );
  const split: Split = {
    numUsers,
    numItems,
    train,
    valid,
    test,
    coldItems,
    itemTrainCount,
    testSlices,
    validSlices,
  };
  return {
    split,
    report: {
      seed,
      shortUsers: {
        policy: dataConfig.shortUsers,
        count: shortCount,
        interactions: shortInteractions,
      },
      coldItems: coldItems.reduce((a, b) => a + b, 0),
      coldInteractionsRemoved,
      evalUsers: test.length,
      trainUsers: train.length,
      trainInteractions,
      usersWithNoTrainItems,
      usersWithOneTrainItem,
      valid: countsOf(validSlices),
      test: countsOf(testSlices),
    },
  };
}
