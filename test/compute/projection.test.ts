import { describe, expect, it } from 'vitest';
import { projectingRecommender } from '../../src/compute/projectingRecommender';
import {
  colourField,
  firstWord,
  projectedItems,
  projectionContext,
  projectionSnapshot,
  type ProjectionSnapshot,
} from '../../src/compute/projection';
import { defaultDataConfig } from '../../src/config/defaults';
import { leaveOneOutSplit } from '../../src/dataset/split';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';
import { handRecommender } from '../evaluation/fakeRecommender';
import { smallDataset } from '../state/summaryFixture';

describe('projection', () => {
  it('thins large catalogues evenly and keeps small ones whole', () => {
    expect(Array.from(projectedItems(5, 10))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(projectedItems(10, 4))).toEqual([0, 2, 5, 7]);
  });

  it('takes the first word that is not a stopword as an item category', () => {
    expect(firstWord('The Art of Baking: Bread')).toBe('art');
    expect(firstWord('  A story-driven workbook')).toBe('story-driven');
    expect(firstWord(undefined)).toBe('(none)');
    expect(firstWord('the of')).toBe('(none)');
  });

  it('colours by the commonest first words and puts the rest in other', () => {
    const dataset = smallDataset(2, 6);
    dataset.itemText = ['Jazz one', 'Jazz two', 'Baking', 'Jazz', 'Baking two', 'Chess'].map(
      (title) => ({ title }),
    );
    const colours = colourField(dataset, Int32Array.from([0, 1, 2, 3, 4, 5]), 'title', 2);
    expect(colours.names).toEqual(['jazz', 'baking', 'other']);
    expect(Array.from(colours.codes)).toEqual([0, 0, 1, 0, 1, 2]);
    const all = colourField(dataset, Int32Array.from([2, 5]), 'title', 2);
    expect(all.names).toEqual(['baking', 'chess']);
  });

  it('marks cold items and maps test histories onto drawn items', () => {
    const dataset = generateSyntheticDataset({ seed: 2, numItems: 60, numUsers: 50 });
    const data = { ...defaultDataConfig(), kCore: 0, coldFraction: 0.2 };
    const split = leaveOneOutSplit(dataset, data, 1).split;
    const context = projectionContext(dataset, split);
    expect(context.items).toHaveLength(split.numItems);
    expect(Array.from(context.cold)).toEqual(Array.from(split.coldItems));
    expect(context.titles[3]).toBe(dataset.itemText[3].title);
    expect(context.histories[0].points).toEqual(Array.from(split.test[0].history));
    expect(context.fields.map((f) => f.field)).toEqual(['title', 'description']);
  });

  it('projects the chosen rows of an embedding table, a 1-d table onto a line', () => {
    const table = Float32Array.from([0, 0, 1, 1, 2, 2, 9, -9]); // [4, 2]
    const snapshot = projectionSnapshot(table, 2, Int32Array.from([0, 1, 2]), 'after epoch 1', 7);
    expect(snapshot.label).toBe('after epoch 1');
    expect(snapshot.step).toBe(7);
    expect(snapshot.coords).toHaveLength(6);
    expect(snapshot.explained[0]).toBeCloseTo(1, 6);
    const line = projectionSnapshot(
      Float32Array.from([1, 2, 3]),
      1,
      Int32Array.from([0, 1, 2]),
      'x',
      0,
    );
    expect(Array.from(line.coords)).toEqual([-1, 0, 0, 0, 1, 0]);
  });

  it('snapshots the wrapped model before its first step and after a request, between steps', async () => {
    const items = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const inner = handRecommender(items, () => [0, 0]);
    const order: string[] = [];
    inner.trainStep = async () => {
      order.push('step');
      items[0][0] += 1;
      return 0;
    };
    const snapshots: ProjectionSnapshot[] = [];
    const projecting = projectingRecommender(inner, Int32Array.from([0, 1, 2]), (s) => {
      order.push(`snapshot ${s.label}`);
      snapshots.push(s);
    });
    inner.encodeItems = async () => Float32Array.from(items.flat());
    const batch = {
      batchSize: 1,
      seqLen: 1,
      inputs: new Int32Array(1),
      targets: new Int32Array(1),
    };
    await projecting.model.trainStep(batch);
    await projecting.model.trainStep(batch);
    projecting.request('after epoch 1');
    await projecting.model.trainStep(batch);
    await projecting.snapshot(projecting.model, 'final');
    expect(order).toEqual([
      'snapshot before training',
      'step',
      'step',
      'snapshot after epoch 1',
      'step',
      'snapshot final',
    ]);
    expect(snapshots.map((s) => s.step)).toEqual([0, 2, 3]);
    expect(projecting.model.dim).toBe(2);
    // What the run records reads through the wrapper too.
    expect(projecting.model.flopsPerStep).toBeUndefined();
    const counted = projectingRecommender(
      { ...inner, flopsPerStep: 5e9 },
      Int32Array.of(0),
      () => {},
    );
    expect(counted.model.flopsPerStep).toBe(5e9);
    expect(projecting.model.numItems).toBe(3);
  });
});
