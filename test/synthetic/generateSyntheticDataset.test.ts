import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from '../../src/random/rng';
import {
  generateSyntheticDataset,
  generateSyntheticWorld,
  MAX_SEQUENCE_LENGTH,
  SYNTHETIC_ITEMS,
  SYNTHETIC_USERS,
} from '../../src/synthetic/generateSyntheticDataset';
import { FORMATS, LEVELS, STYLES, SUBJECTS } from '../../src/synthetic/vocabulary';

const world = generateSyntheticWorld({ seed: 3, numItems: 1200, numUsers: 800 });
const { dataset, catalogue } = world;

/** Subject read back from an item's description alone (the name that follows " on "). */
function subjectFromText(i: number): number {
  const description = dataset.itemText[i].description;
  return SUBJECTS.findIndex((s) => description.includes(` on ${s.name} for `));
}

/** Share of consecutive pairs (a, b) with a in a series and b its next volume, among pairs whose a has one. */
function nextVolumeRate(sequences: Int32Array[]): number {
  let eligible = 0;
  let hits = 0;
  for (const seq of sequences) {
    for (let t = 0; t + 1 < seq.length; t++) {
      const a = catalogue.items[seq[t]];
      if (a.series < 0 || a.volume >= catalogue.series[a.series].items.length) continue;
      eligible++;
      if (seq[t + 1] === catalogue.series[a.series].items[a.volume]) hits++;
    }
  }
  return hits / eligible;
}

describe('generateSyntheticDataset', () => {
  it('has the default size and is deterministic given the seed', () => {
    const a = generateSyntheticDataset();
    expect(a.itemIds).toHaveLength(SYNTHETIC_ITEMS);
    expect(a.userIds).toHaveLength(SYNTHETIC_USERS);
    const b = generateSyntheticDataset();
    expect(b.sequences.map((s) => Array.from(s))).toEqual(a.sequences.map((s) => Array.from(s)));
    expect(b.timestamps.map((s) => Array.from(s))).toEqual(a.timestamps.map((s) => Array.from(s)));
    expect(b.itemText).toEqual(a.itemText);
    const c = generateSyntheticDataset({ seed: 43 });
    expect(c.itemText).not.toEqual(a.itemText);
    expect(c.sequences.map((s) => Array.from(s))).not.toEqual(
      a.sequences.map((s) => Array.from(s)),
    );
  });

  it('honours the requested size, with unique ids, fresh items per user and increasing times', () => {
    expect(dataset.itemIds).toHaveLength(1200);
    expect(dataset.userIds).toHaveLength(800);
    expect(new Set(dataset.itemIds).size).toBe(1200);
    expect(new Set(dataset.userIds).size).toBe(800);
    expect(dataset.hasTimestamps).toBe(true);
    for (let u = 0; u < dataset.sequences.length; u++) {
      const seq = dataset.sequences[u];
      const times = dataset.timestamps[u];
      expect(seq.length).toBeGreaterThan(0);
      expect(seq.length).toBeLessThanOrEqual(MAX_SEQUENCE_LENGTH);
      expect(new Set(seq).size).toBe(seq.length);
      for (let t = 1; t < times.length; t++) expect(times[t]).toBeGreaterThan(times[t - 1]);
    }
  });

  it("exposes each item's subject, main topic and series as categories (not text)", () => {
    const categories = dataset.itemCategories ?? {};
    expect(Object.keys(categories)).toEqual(['subject', 'topic', 'series']);
    catalogue.items.forEach((item, i) => {
      const subject = SUBJECTS[item.subject];
      expect(categories.subject[i]).toBe(subject.name);
      expect(categories.topic[i]).toBe(subject.topics[item.topics[0]]);
      expect(categories.series[i]).toBe(
        item.series >= 0 ? catalogue.series[item.series].name : '(standalone)',
      );
    });
  });

  it('gives every item a title and a description that name its attributes', () => {
    expect(dataset.textFields).toEqual(['title', 'description']);
    catalogue.items.forEach((item, i) => {
      const { title, description } = dataset.itemText[i];
      expect(title.length).toBeGreaterThan(0);
      const subject = SUBJECTS[item.subject];
      for (const word of [
        subject.name,
        subject.topics[item.topics[0]],
        subject.topics[item.topics[1]],
        LEVELS[item.level],
        FORMATS[item.format],
        STYLES[item.style],
      ]) {
        expect(description).toContain(word);
      }
      expect(subjectFromText(i)).toBe(item.subject);
      if (item.series >= 0) {
        const name = catalogue.series[item.series].name;
        expect(title).toContain(`${name}, Vol. ${item.volume}`);
        expect(description).toContain(`${name} series`);
      }
    });
  });

  it('follows series in order far more often than a shuffled history does', () => {
    const real = nextVolumeRate(dataset.sequences);
    const rng = createRng(1);
    const shuffled = nextVolumeRate(dataset.sequences.map((s) => shuffleInPlace(s.slice(), rng)));
    expect(real).toBeGreaterThan(0.5);
    expect(real).toBeGreaterThan(4 * shuffled);
  });

  it("lets text predict a user's next item: its subject is usually one the history shows", () => {
    let seen = 0;
    let chance = 0;
    const rng = createRng(2);
    for (const seq of dataset.sequences) {
      if (seq.length < 2) continue;
      const history = new Set(Array.from(seq.subarray(0, -1), subjectFromText));
      if (history.has(subjectFromText(seq[seq.length - 1]))) seen++;
      if (history.has(subjectFromText(rng.int(dataset.itemIds.length)))) chance++;
    }
    expect(seen).toBeGreaterThan(0.85 * dataset.sequences.length);
    expect(seen).toBeGreaterThan(2 * chance);
  });

  it('drifts: levels rise over a history and some users take up new subjects', () => {
    let early = 0;
    let late = 0;
    for (const seq of dataset.sequences) {
      const half = seq.length >> 1;
      for (let t = 0; t < half; t++) early += catalogue.items[seq[t]].level;
      for (let t = seq.length - half; t < seq.length; t++) late += catalogue.items[seq[t]].level;
    }
    expect(late).toBeGreaterThan(early * 1.1);
    expect(world.users.filter((u) => u.adoptedSubjects.length > 0).length).toBeGreaterThan(50);
  });

  it('rejects sizes it cannot build', () => {
    expect(() => generateSyntheticDataset({ numItems: 5 })).toThrow(
      'numItems must be an integer in [10, 10000000], got 5',
    );
    expect(() => generateSyntheticDataset({ numUsers: 1.5 })).toThrow(RangeError);
  });
});
