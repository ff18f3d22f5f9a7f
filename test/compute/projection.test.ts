import { describe, expect, it } from 'vitest';
import { projectingRecommender } from '../../src/compute/projectingRecommender';
import {
  bestField,
  colourField,
  colourFields,
  firstWord,
  projectOnBasis,
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
import { meanDisplacement } from '../../src/compute/procrustes';
import { createRng } from '../../src/random/rng';

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
    // The generator's latent attributes come first, then the first word of each text field.
    expect(context.fields.map((f) => f.field)).toEqual([
      'subject',
      'topic',
      'series',
      'title',
      'description',
    ]);
    const subject = context.fields[0];
    const named = Array.from(context.items, (item) => dataset.itemCategories?.subject[item]);
    Array.from(subject.codes).forEach((code, i) =>
      expect([named[i], 'other']).toContain(subject.names[code]),
    );
    expect(subject.names.slice(0, -1)).toContain(named[0]);
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

  it('derives categories from list, sentence and repeated text fields, not from prose', () => {
    const dataset = smallDataset(2, 6);
    dataset.textFields = ['genres', 'text', 'brand', 'description'];
    dataset.itemText = [
      [
        'Action, Comedy',
        'Saw. Tools Saws. Dewalt.',
        'Dewalt',
        'A long tale, told slowly over years',
      ],
      ['Action', 'Drill. Tools Drills. Dewalt.', 'Dewalt', 'A short one, for a rainy day off'],
      [
        'Comedy, Drama',
        'Glue. Adhesives. Gorilla.',
        'Gorilla',
        'Two friends, one summer of trouble',
      ],
      ['Drama', 'Tape. Adhesives. Gorilla.', 'Gorilla', 'No commas here at all'],
      ['Action, Drama', 'Saw 2. Tools Saws. Dewalt.', 'Dewalt', 'Plain'],
      ['Comedy', 'Pliers. Tools. Knipex.', 'Knipex', 'Plain too'],
    ].map(([genres, text, brand, description]) => ({ genres, text, brand, description }));
    const fields = colourFields(dataset, Int32Array.from([0, 1, 2, 3, 4, 5]));
    // Identical colourings (brand = the text's last sentence; genres' first word) appear once.
    expect(fields.map((f) => f.label)).toEqual([
      'genres (first listed)',
      'text (last sentence)',
      'text (first word)',
      'description (first word)',
    ]);
    const genres = fields[0];
    expect(Array.from(genres.codes, (c) => genres.names[c])).toEqual([
      'action',
      'action',
      'comedy',
      'drama',
      'action',
      'comedy',
    ]);
    expect(fields[1].names).toEqual(['dewalt', 'gorilla', 'knipex']);
    dataset.textFields = ['brand'];
    dataset.itemText = [
      'Black & Decker',
      'Black & Decker',
      'Dewalt',
      'Dewalt',
      'Bosch',
      'Black & Decker',
    ].map((brand) => ({ brand }));
    const brands = colourFields(dataset, Int32Array.from([0, 1, 2, 3, 4, 5]));
    expect(brands.map((f) => [f.label, f.names])).toEqual([
      ['brand', ['black & decker', 'dewalt', 'bosch']],
    ]);
  });

  it('scores the field the embedding is organised by highest, so it colours by default', () => {
    const dataset = generateSyntheticDataset({ seed: 4, numItems: 200, numUsers: 20 });
    const items = projectedItems(200);
    const fields = colourFields(dataset, items);
    const subjects = [...new Set(dataset.itemCategories?.subject)];
    const rng = createRng(9);
    const dim = subjects.length;
    const table = new Float32Array(200 * dim); // [items, dim]: one-hot subject plus noise
    for (let i = 0; i < 200; i++) {
      const s = subjects.indexOf(dataset.itemCategories?.subject[i] ?? '');
      for (let d = 0; d < dim; d++) table[i * dim + d] = (d === s ? 3 : 0) + 0.3 * rng.normal();
    }
    const snapshot = projectionSnapshot(table, dim, items, 'x', 0, null, fields);
    expect(fields[bestField(snapshot.separation)].field).toBe('subject');
    expect(snapshot.separation[0]).toBeGreaterThan(0.5);
    expect(
      Math.abs(snapshot.separation[fields.findIndex((f) => f.field === 'title')]),
    ).toBeLessThan(snapshot.separation[0] / 2);
    expect(bestField([])).toBe(0);
    expect(bestField([0.1, 0.4, 0.4])).toBe(1);
    // Noise (an untrained table) leaves the dataset's first category as the default.
    expect(bestField([0.005, 0.015, -0.01])).toBe(0);
  });

  it('aligns a snapshot to the previous one and projects new rows on its saved basis', () => {
    const rng = createRng(3);
    const dim = 5;
    const table = Float32Array.from({ length: 40 * dim }, (_, i) => (i % dim) * rng.normal()); // [40, 5]
    const items = projectedItems(40);
    const first = projectionSnapshot(table, dim, items, 'a', 0);
    // The same table with its leading direction's sign flipped: PCA may come out mirrored.
    const flipped = table.map((v, i) => (i % dim === dim - 1 ? -v : v));
    const unaligned = projectionSnapshot(flipped, dim, items, 'b', 1);
    const aligned = projectionSnapshot(flipped, dim, items, 'b', 1, first.coords);
    expect(meanDisplacement(aligned.coords, first.coords)).toBeLessThan(1e-4);
    expect(meanDisplacement(unaligned.coords, first.coords)).toBeGreaterThan(0.5);
    const row = flipped.slice(7 * dim, 8 * dim);
    const [x, y] = projectOnBasis(row, aligned.basis);
    expect(x).toBeCloseTo(aligned.coords[14], 4);
    expect(y).toBeCloseTo(aligned.coords[15], 4);
    expect(aligned.rows).toEqual(flipped);
  });
});
