import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { preprocess } from '../../src/dataset/preprocess';
import type { Dataset } from '../../src/dataset/types';
import { createRng } from '../../src/random/rng';
import { makeDataset } from './makeDataset';

const OFF = { dedupe: false, kCore: 0 };

/** (original user id, original item id) pairs of a dataset, in order. */
function pairs(dataset: Dataset): string[] {
  return dataset.sequences.flatMap((seq, u) =>
    Array.from(seq, (i) => `${dataset.userIds[u]}:${dataset.itemIds[i]}`),
  );
}

/** k-core by removing one offending user or item at a time (a different order than preprocess). */
function referenceKCore(interactions: [number, number][], k: number): Set<string> {
  let live = interactions.map(([u, i]) => `${u}:${i}`);
  for (;;) {
    const userCount = new Map<string, number>();
    const itemCount = new Map<string, number>();
    for (const p of live) {
      const [u, i] = p.split(':');
      userCount.set(u, (userCount.get(u) ?? 0) + 1);
      itemCount.set(i, (itemCount.get(i) ?? 0) + 1);
    }
    const badUser = [...userCount].find(([, c]) => c < k)?.[0];
    const badItem = [...itemCount].find(([, c]) => c < k)?.[0];
    if (badUser === undefined && badItem === undefined) return new Set(live);
    live =
      badUser !== undefined
        ? live.filter((p) => p.split(':')[0] !== badUser)
        : live.filter((p) => p.split(':')[1] !== badItem);
  }
}

describe('preprocess', () => {
  it('sorts each user by time, keeping the input order of equal timestamps', () => {
    const dataset = makeDataset(
      [
        [0, 1, 2, 3],
        [4, 5],
      ],
      {
        timestamps: [
          [3, 1, 1, 2],
          [5, 6],
        ],
      },
    );
    const { dataset: out, report } = preprocess(dataset, OFF);
    expect(pairs(out)).toEqual(['u0:i1', 'u0:i2', 'u0:i3', 'u0:i0', 'u1:i4', 'u1:i5']);
    expect(Array.from(out.timestamps[0])).toEqual([1, 1, 2, 3]);
    expect(report.usersReordered).toBe(1);
  });

  it('drops repeated (user, item) pairs keeping the earliest, only when asked', () => {
    const dataset = makeDataset(
      [
        [0, 1, 0, 2, 1],
        [0, 0],
      ],
      {
        timestamps: [
          [1, 2, 3, 4, 5],
          [9, 8],
        ],
      },
    );
    const kept = preprocess(dataset, OFF);
    expect(kept.report.duplicatesRemoved).toBe(0);
    expect(kept.report.output.interactions).toBe(7);

    const { dataset: out, report } = preprocess(dataset, { dedupe: true, kCore: 0 });
    expect(report.duplicatesRemoved).toBe(3);
    expect(pairs(out)).toEqual(['u0:i0', 'u0:i1', 'u0:i2', 'u1:i0']);
    expect(Array.from(out.timestamps[0])).toEqual([1, 2, 4]);
    expect(Array.from(out.timestamps[1])).toEqual([8]);
  });

  it('runs k-core until stable, reporting rounds and removals', () => {
    // A chain that unravels one link per round, next to a stable 2-core (u4, u5 × i4, i5).
    const dataset = makeDataset([[0, 1], [1, 2], [2, 3], [3], [4, 5], [4, 5]]);
    const { dataset: out, report } = preprocess(dataset, { dedupe: false, kCore: 2 });
    expect(pairs(out)).toEqual(['u4:i4', 'u4:i5', 'u5:i4', 'u5:i5']);
    expect(report.kCore).toEqual({
      k: 2,
      rounds: 4,
      usersRemoved: 4,
      itemsRemoved: 4,
      interactionsRemoved: 7,
    });
    expect(report.output).toEqual({ users: 2, items: 2, interactions: 4 });
  });

  it('keeps item categories with their items when k-core renumbers them', () => {
    const dataset = makeDataset([[0, 1], [1, 2], [2, 3], [3], [4, 5], [4, 5]]);
    dataset.itemCategories = { subject: ['a', 'b', 'c', 'd', 'e', 'f'] };
    const { dataset: out } = preprocess(dataset, { dedupe: false, kCore: 2 });
    expect(out.itemIds).toEqual(['i4', 'i5']);
    expect(out.itemCategories).toEqual({ subject: ['e', 'f'] });
    expect(preprocess(makeDataset([[0, 1]]), OFF).dataset.itemCategories).toBeUndefined();
  });

  it('finds the same k-core as one-at-a-time removal, and every survivor has k interactions', () => {
    const rng = createRng(7);
    const sequences = Array.from({ length: 300 }, () => {
      const seq = new Set<number>();
      const len = 1 + rng.int(12);
      while (seq.size < len) seq.add(Math.floor(rng.next() ** 2 * 200));
      return [...seq];
    });
    const dataset = makeDataset(sequences, { numItems: 200 });
    const k = 5;
    const { dataset: out, report } = preprocess(dataset, { dedupe: false, kCore: k });
    const expected = referenceKCore(
      sequences.flatMap((s, u) => s.map((i): [number, number] => [u, i])),
      k,
    );
    const got = pairs(out).map((p) => p.replace('u', '').replace('i', ''));
    expect(new Set(got)).toEqual(expected);
    expect(report.kCore.rounds).toBeGreaterThan(1);
    const itemCount = new Int32Array(out.itemIds.length);
    for (const seq of out.sequences) {
      expect(seq.length).toBeGreaterThanOrEqual(k);
      for (const i of seq) itemCount[i]++;
    }
    expect(Math.min(...itemCount)).toBeGreaterThanOrEqual(k);
    expect(report.input.interactions - report.kCore.interactionsRemoved).toBe(
      report.output.interactions,
    );
  });

  it('re-densifies ids in their original order, keeping original ids and item text', () => {
    const dataset = makeDataset([[], [3, 1], [1]], {
      numItems: 4,
      text: [{ title: 'zero' }, { title: 'one' }, { title: 'two' }, { title: 'three' }],
    });
    const { dataset: out, report } = preprocess(dataset, OFF);
    expect(out.userIds).toEqual(['u1', 'u2']);
    expect(out.itemIds).toEqual(['i1', 'i3']);
    expect(out.itemText).toEqual([{ title: 'one' }, { title: 'three' }]);
    expect(out.sequences.map((s) => Array.from(s))).toEqual([[1, 0], [0]]);
    expect(report.emptyUsersRemoved).toBe(1);
    expect(report.unusedItemsRemoved).toBe(2);
    expect(report.kCore.rounds).toBe(0);
  });

  it('rejects an item index out of range with file, line and column', () => {
    const dataset = makeDataset(
      [
        [0, 1],
        [0, 7],
      ],
      { numItems: 2 },
    );
    expect(() => preprocess(dataset, OFF)).toThrow(InputError);
    expect(() => preprocess(dataset, OFF)).toThrow(
      'hand-made.csv, line 2, column item: expected an item index in [0, 2) for user u1, found 7',
    );
  });

  it('rejects non-finite timestamps and mismatched timestamp arrays', () => {
    const nan = makeDataset([[0, 1]], { timestamps: [[1, Number.NaN]] });
    expect(() => preprocess(nan, OFF)).toThrow(/column timestamp: expected a finite timestamp/);
    const short = makeDataset([[0, 1]]);
    short.timestamps[0] = new Float64Array(1);
    expect(() => preprocess(short, OFF)).toThrow(/expected 2 timestamps for user u0, found 1/);
  });

  it('rejects a negative or fractional k', () => {
    const dataset = makeDataset([[0, 1]]);
    expect(() => preprocess(dataset, { dedupe: false, kCore: -1 })).toThrow(RangeError);
    expect(() => preprocess(dataset, { dedupe: false, kCore: 1.5 })).toThrow(/data.kCore/);
  });
});
