import { describe, expect, it } from 'vitest';
import { defaultHllmConfig } from '../../src/config/defaults';
import { defaultTextFields, withDatasetTextFields } from '../../src/config/textFields';

describe('HLLM prompt fields', () => {
  it('puts title first, then description, then the rest in dataset order', () => {
    expect(defaultTextFields(['brand', 'description', 'categories', 'title'])).toEqual([
      'title',
      'description',
      'brand',
      'categories',
    ]);
    expect(defaultTextFields(['categories'])).toEqual(['categories']);
  });

  it("takes the chosen fields the dataset has, else keeps its own, else the dataset's", () => {
    const model = defaultHllmConfig(); // title + description
    expect(withDatasetTextFields(model, ['title', 'description', 'brand'])).toBe(model);
    expect(
      withDatasetTextFields(model, ['title', 'description'], ['description', 'title']).textFields,
    ).toEqual(['description', 'title']);
    expect(withDatasetTextFields(model, ['title', 'description'], model.textFields)).toBe(model);
    expect(withDatasetTextFields(model, ['title']).textFields).toEqual(['title']);
    expect(withDatasetTextFields(model, ['brand', 'title'], ['brand']).textFields).toEqual([
      'brand',
    ]);
    expect(withDatasetTextFields(model, ['brand', 'title'], ['nope']).textFields).toEqual([
      'title',
      'brand',
    ]);
    expect(withDatasetTextFields(model, [])).toBe(model);
  });
});
