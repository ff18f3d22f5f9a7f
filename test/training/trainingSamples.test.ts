import { describe, expect, it } from 'vitest';
import { trainingSamples } from '../../src/training/trainingSamples';

const seq = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('training samples', () => {
  it('chunks a long history as the official loader: oldest remainder dropped, then blocks of maxHistory + 1', () => {
    // maxHistory 3 → blocks of 4; 10 items drop the oldest 10 mod 4 = 2.
    const samples = trainingSamples([seq(10)], 3, true);
    expect(samples.map((s) => Array.from(s))).toEqual([
      [2, 3, 4, 5],
      [6, 7, 8, 9],
    ]);
  });

  it('keeps a history of at most maxHistory + 1 items, or an exact multiple, whole', () => {
    expect(trainingSamples([seq(4), seq(2)], 3, true).map((s) => s.length)).toEqual([4, 2]);
    expect(trainingSamples([seq(8)], 3, true).map((s) => Array.from(s))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it('gives one sample per sequence without chunking', () => {
    const train = [seq(10), seq(3)];
    const samples = trainingSamples(train, 3, false);
    expect(samples).toHaveLength(2);
    expect(samples[0]).toBe(train[0]);
  });
});
