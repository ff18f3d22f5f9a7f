import { tokenizeItemPrompt, type ItemText, type PromptTokenizer } from './prompt';

/** Every item's prompt tokens, truncated to `maxTextTokens` (the Item LLM's input). */
export function tokenizeCatalogue(
  tokenizer: PromptTokenizer,
  items: readonly ItemText[],
  fields: readonly string[],
  maxTextTokens: number,
): number[][] {
  return items.map((item) => tokenizeItemPrompt(tokenizer, item, fields, maxTextTokens));
}
