import { describe, expect, it } from 'vitest';
import type { Split } from '../../src/dataset/types';
import { splitFingerprint } from '../../src/runs/fingerprint';

function split(train: number[][], target = 2): Split {
  const empty = {
    all: new Int32Array(0),
    cold: new Int32Array(0),
    longtail: new Int32Array(0),
    short: new Int32Array(0),
  };
  return {
    numUsers: train.length,
    numItems: 5,
    train: train.map((s) => Int32Array.from(s)),
    valid: [{ user: 0, history: Int32Array.from([0, 1]), target }],
    test: [{ user: 0, history: Int32Array.from([0, 1, 2]), target: 3 }],
    coldItems: new Uint8Array(5),
    itemTrainCount: new Int32Array(5),
    testSlices: empty,
    validSlices: empty,
  };
}

describe('splitFingerprint', () => {
  it('is equal for equal splits and differs when any sequence, case or boundary changes', () => {
    const base = splitFingerprint(
      split([
        [0, 1],
        [2, 3, 4],
      ]),
    );
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(
      splitFingerprint(
        split([
          [0, 1],
          [2, 3, 4],
        ]),
      ),
    ).toBe(base);
    const variants = [
      split([
        [0, 1],
        [2, 4, 3],
      ]),
      split([
        [0, 1, 2],
        [3, 4],
      ]),
      split(
        [
          [0, 1],
          [2, 3, 4],
        ],
        4,
      ),
    ].map(splitFingerprint);
    expect(new Set([base, ...variants]).size).toBe(4);
  });
});
