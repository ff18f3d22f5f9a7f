import { describe, expect, it } from 'vitest';
import { EARLY_STOP_START, earlyStopUpdate } from '../../src/training/earlyStopping';

/** Folds scores in; returns the 1-based evaluation that stopped training (0: none) and the kept ones. */
function replay(scores: number[], patience: number) {
  let state = EARLY_STOP_START;
  const kept: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const update = earlyStopUpdate(state, scores[i], patience);
    state = update.state;
    if (update.improved) kept.push(i + 1);
    if (update.stop) return { stoppedAt: i + 1, kept };
  }
  return { stoppedAt: 0, kept };
}

describe('early stopping (official rule)', () => {
  it('stops once more than `patience` evaluations in a row score below the best', () => {
    expect(replay([1, 3, 2, 2, 2, 9], 2)).toEqual({ stoppedAt: 5, kept: [1, 2] });
    expect(replay([1, 3, 2, 2, 9, 1], 2)).toEqual({ stoppedAt: 0, kept: [1, 2, 5] });
  });

  it('counts a tie with the best as no worse, and keeps the later model', () => {
    expect(replay([3, 3, 3, 3, 3], 1)).toEqual({ stoppedAt: 0, kept: [1, 2, 3, 4, 5] });
    expect(replay([3, 2, 3, 2, 2], 1)).toEqual({ stoppedAt: 5, kept: [1, 3] });
  });

  it('never stops with patience 0', () => {
    expect(replay([5, 1, 1, 1, 1, 1], 0).stoppedAt).toBe(0);
  });
});
