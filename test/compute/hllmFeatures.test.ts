import { describe, expect, it } from 'vitest';
import { withEncodedItems, withHashedItemFeatures } from '../../src/compute/hllmFeatures';
import { defaultRunConfig, presetRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { HASHED_TEXT_DIM } from '../../src/training/hashedTextEmbeddings';
import { smallDataset } from '../state/summaryFixture';

function hllmWithFields(fields: string[]): RunConfig {
  const config = presetRunConfig('classroom-quick', 'hllm');
  if (config.model.kind !== 'hllm') throw new Error('expected an HLLM preset');
  return { ...config, model: { ...config.model, textFields: fields } };
}

describe('withHashedItemFeatures', () => {
  it('keeps the configured fields the dataset has and marks the encoder as precomputed', () => {
    const dataset = smallDataset(4, 6);
    const { config, table, note } = withHashedItemFeatures(
      hllmWithFields(['title', 'missing']),
      dataset,
    );
    expect(config.model.kind === 'hllm' && config.model.textFields).toEqual(['title']);
    expect(config.model.kind === 'hllm' && config.model.itemEncoder).toEqual({
      kind: 'precomputed',
      path: `hashed-bag-of-words:${HASHED_TEXT_DIM}`,
    });
    expect(table.shape).toEqual([6, HASHED_TEXT_DIM]);
    expect(note).toContain('Item LLM not used');
    expect(note).toContain('[title]');
  });

  it("falls back to all of the dataset's fields when none of the configured ones exist", () => {
    const { config } = withHashedItemFeatures(hllmWithFields(['genre']), smallDataset(3, 3));
    expect(config.model.kind === 'hllm' && config.model.textFields).toEqual(['title']);
  });

  it('refuses a non-HLLM config', () => {
    expect(() => withHashedItemFeatures(defaultRunConfig('sasrec'), smallDataset(3, 3))).toThrow(
      /HLLM/,
    );
  });
});

describe('withEncodedItems', () => {
  const encodedFor = (itemIds: string[], dim: number) => ({
    itemIds,
    table: {
      shape: [itemIds.length, dim],
      data: Float32Array.from({ length: itemIds.length * dim }, (_, i) => i),
    },
    summary: {
      model: 'tiny',
      fields: ['title'],
      items: itemIds.length,
      dim,
      cached: 0,
      seconds: 1,
    },
  });

  it('reorders the encoded rows to the dataset items by original id', () => {
    const dataset = smallDataset(3, 3);
    const encoded = encodedFor(['i2', 'i0', 'i1', 'i9'], 2);
    const features = withEncodedItems(hllmWithFields(['title']), dataset, encoded);
    expect(features?.table.shape).toEqual([3, 2]);
    expect(Array.from(features!.table.data)).toEqual([2, 3, 4, 5, 0, 1]);
    expect(features?.config.model.kind === 'hllm' && features.config.model.itemEncoder).toEqual({
      kind: 'precomputed',
      path: 'frozen-item-llm:tiny',
    });
    expect(features?.note).toContain('frozen Item LLM tiny');
  });

  it('returns null when an item of the dataset was not encoded', () => {
    const encoded = encodedFor(['i0', 'i1'], 2);
    expect(withEncodedItems(hllmWithFields(['title']), smallDataset(3, 3), encoded)).toBeNull();
  });
});
