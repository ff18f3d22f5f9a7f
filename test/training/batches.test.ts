import { describe, expect, it } from 'vitest';
import { epochBatches, epochOrder, packBatch, stepsPerEpoch } from '../../src/training/batches';

const seqs = (...rows: number[][]): Int32Array[] => rows.map((r) => Int32Array.from(r));

describe('packBatch', () => {
  it('left-pads inputs and targets with the +1 encoding', () => {
    const batch = packBatch(seqs([4, 7, 2], [9, 0]), 4);
    expect(batch.batchSize).toBe(2);
    expect(batch.seqLen).toBe(4);
    expect(Array.from(batch.inputs)).toEqual([0, 0, 5, 8, 0, 0, 0, 10]);
    expect(Array.from(batch.targets)).toEqual([0, 0, 8, 3, 0, 0, 0, 1]);
  });

  it('keeps only the most recent maxHistory + 1 items', () => {
    const batch = packBatch(seqs([1, 2, 3, 4, 5, 6]), 3);
    expect(Array.from(batch.inputs)).toEqual([4, 5, 6]);
    expect(Array.from(batch.targets)).toEqual([5, 6, 7]);
  });
});

describe('epochBatches', () => {
  const train = seqs([0, 1, 2], [3], [4, 5], [6, 7, 8, 9], [1, 3], [2, 4, 6]);

  it('covers every trainable user once per epoch and counts the too-short ones', () => {
    const { batches, skippedShort } = epochBatches(train, {
      maxHistory: 3,
      batchSize: 2,
      seed: 1,
      epoch: 0,
    });
    expect(skippedShort).toBe(1);
    expect(batches.map((b) => b.batchSize)).toEqual([2, 2, 1]);
    const lastInputs = batches.flatMap((b) =>
      Array.from({ length: b.batchSize }, (_, r) => b.inputs[r * b.seqLen + b.seqLen - 1] - 1),
    );
    const expectedLast = [0, 2, 3, 4, 5].map((u) => train[u][train[u].length - 2]);
    expect([...lastInputs].sort()).toEqual([...expectedLast].sort());
    expect(stepsPerEpoch(train, 2)).toBe(3);
  });

  it('is deterministic per seed and epoch, and reshuffles across epochs', () => {
    const a = epochOrder(train, 7, 0);
    expect(Array.from(epochOrder(train, 7, 0))).toEqual(Array.from(a));
    const orders = new Set(
      Array.from({ length: 8 }, (_, e) => Array.from(epochOrder(train, 7, e)).join(',')),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('rejects a non-positive batch size', () => {
    expect(() => epochBatches(train, { maxHistory: 3, batchSize: 0, seed: 1, epoch: 0 })).toThrow(
      /batchSize/,
    );
  });
});
