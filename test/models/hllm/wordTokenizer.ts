import type { ItemText, PromptTokenizer } from '../../../src/itemEncoders/prompt';
import { buildItemPrompt } from '../../../src/itemEncoders/prompt';

/** Lower-cased words and punctuation marks of a text. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
}

/**
 * A word-level tokenizer over the vocabulary of the items' prompts: id 0 is unknown, 1 is BOS
 * (prepended to every text), words follow in first-seen order.
 */
export function wordTokenizer(
  items: readonly ItemText[],
  fields: readonly string[],
): PromptTokenizer & { vocabSize: number } {
  const vocab = new Map<string, number>();
  for (const item of items) {
    for (const w of words(buildItemPrompt(item, fields))) {
      if (!vocab.has(w)) vocab.set(w, vocab.size + 2);
    }
  }
  return {
    vocabSize: vocab.size + 2,
    encode: (text) => [1, ...words(text).map((w) => vocab.get(w) ?? 0)],
  };
}
