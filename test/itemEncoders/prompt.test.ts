import { describe, expect, it } from 'vitest';
import {
  HLLM_ITEM_PROMPT,
  buildItemPrompt,
  previewItemPrompt,
  tokenizeItemPrompt,
  type PromptTokenizer,
} from '../../src/itemEncoders/prompt';

/** One token per character plus a BOS id, so counts are easy to check. */
const charTokenizer: PromptTokenizer = {
  encode: (text) => [1, ...Array.from(text, (c) => c.charCodeAt(0))],
};

describe('buildItemPrompt', () => {
  it('joins the instruction and key: value pairs in field order with no separator', () => {
    const text = buildItemPrompt({ description: 'A toy.', title: 'Toy Story' }, [
      'title',
      'description',
    ]);
    expect(text).toBe(`${HLLM_ITEM_PROMPT}title: Toy Storydescription: A toy.`);
  });

  it('skips missing, null, empty and NaN values', () => {
    const text = buildItemPrompt({ title: 'X', tag: '', description: null, brand: 'nan' }, [
      'title',
      'tag',
      'description',
      'brand',
      'absent',
    ]);
    expect(text).toBe(`${HLLM_ITEM_PROMPT}title: X`);
  });
});

describe('previewItemPrompt', () => {
  it('truncates to maxTextTokens and reports both counts', () => {
    const item = { title: 'abc' };
    const full = charTokenizer.encode(buildItemPrompt(item, ['title'])).length;
    const preview = previewItemPrompt(charTokenizer, item, ['title'], 10);
    expect(preview.fullTokenCount).toBe(full);
    expect(preview.tokenCount).toBe(10);
    expect(preview.truncated).toBe(true);
    expect(preview.tokenIds).toEqual(charTokenizer.encode(preview.text).slice(0, 10));
    expect(tokenizeItemPrompt(charTokenizer, item, ['title'], 10)).toEqual(preview.tokenIds);
  });

  it('keeps short prompts whole', () => {
    const preview = previewItemPrompt(charTokenizer, { title: 'abc' }, ['title'], 500);
    expect(preview.truncated).toBe(false);
    expect(preview.tokenCount).toBe(preview.fullTokenCount);
  });

  it('rejects a non-positive token budget', () => {
    expect(() => previewItemPrompt(charTokenizer, {}, [], 0)).toThrow(/maxTextTokens/);
  });
});
