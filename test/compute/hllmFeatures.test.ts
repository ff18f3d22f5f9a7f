import { describe, expect, it } from 'vitest';
import { withHashedItemFeatures } from '../../src/compute/hashedHllm';
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
