import { describe, expect, it } from 'vitest';
import type { ItemText } from '../../src/dataset/types';
import { hashedTextEmbeddings, wordTokens } from '../../src/training/hashedTextEmbeddings';

const dataset = {
  itemIds: ['i1', 'i2', 'i3', 'i4'],
  textFields: ['title', 'description'],
  itemText: [
    { title: 'Space Odyssey', description: 'A voyage to Jupiter.' },
    { title: 'space odyssey!', description: 'a VOYAGE to jupiter' },
    { title: 'Cooking with herbs' },
    {},
  ] as ItemText[],
};

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('hashedTextEmbeddings', () => {
  it('tokenises case-insensitively on letters and digits', () => {
    expect(wordTokens('Space-Odyssey 2001: ÉTÉ')).toEqual(['space', 'odyssey', '2001', 'été']);
  });

  it('gives unit vectors, equal for equal word bags and distinct otherwise', () => {
    const { shape, data } = hashedTextEmbeddings(dataset, dataset.textFields, 32);
    expect(shape).toEqual([4, 32]);
    const row = (i: number) => data.subarray(i * 32, (i + 1) * 32);
    for (let i = 0; i < 4; i++) expect(cosine(row(i), row(i))).toBeCloseTo(1, 5);
    expect(cosine(row(0), row(1))).toBeCloseTo(1, 5);
    expect(cosine(row(0), row(2))).toBeLessThan(0.9);
    expect(cosine(row(3), row(2))).toBeLessThan(0.9);
    expect(Array.from(hashedTextEmbeddings(dataset, dataset.textFields, 32).data)).toEqual(
      Array.from(data),
    );
  });

  it('uses only the chosen fields', () => {
    const titles = hashedTextEmbeddings(
      {
        ...dataset,
        itemText: [dataset.itemText[0], { title: 'Space Odyssey', description: 'other words' }],
        itemIds: ['a', 'b'],
      },
      ['title'],
      16,
    ).data;
    expect(Array.from(titles.subarray(0, 16))).toEqual(Array.from(titles.subarray(16, 32)));
  });
});
