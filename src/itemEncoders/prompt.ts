import { textField } from '../dataset/itemText';

/** The instruction HLLM puts before every item's text (trainset.py, `item_prompt`). */
export const HLLM_ITEM_PROMPT = 'Compress the following sentence into embedding: ';

/** An item's text attributes by field name; missing, null and empty values are skipped. */
export type ItemText = Readonly<Record<string, string | null | undefined>>;

/** The one tokenizer call the prompt code needs (transformers.js `PreTrainedTokenizer.encode` fits). */
export interface PromptTokenizer {
  /** Token ids of `text`, special tokens (e.g. BOS) included as the model expects. */
  encode(text: string): number[];
}

/** What the UI shows for one item: the exact prompt and what survives truncation. */
export interface PromptPreview {
  text: string;
  /** Token ids after truncation to `maxTextTokens`. */
  tokenIds: number[];
  /** Tokens before truncation. */
  fullTokenCount: number;
  /** Tokens kept (`tokenIds.length`). */
  tokenCount: number;
  truncated: boolean;
}

/**
 * Builds HLLM's item prompt: the instruction, then `"{field}: {value}"` for each configured field
 * in order, joined with no separator; missing, empty or `NaN` values are skipped (as trainset.py).
 */
export function buildItemPrompt(item: ItemText, fields: readonly string[]): string {
  let text = HLLM_ITEM_PROMPT;
  for (const field of fields) {
    const value = textField(item, field);
    if (value === undefined || value === '' || value === 'nan') continue;
    text += `${field}: ${value}`;
  }
  return text;
}

/** Token ids of an item's prompt, truncated to `maxTextTokens` (the [ITEM] token is appended later). */
export function tokenizeItemPrompt(
  tokenizer: PromptTokenizer,
  item: ItemText,
  fields: readonly string[],
  maxTextTokens: number,
): number[] {
  return previewItemPrompt(tokenizer, item, fields, maxTextTokens).tokenIds;
}

/** The exact prompt of one item with its token counts before and after truncation. */
export function previewItemPrompt(
  tokenizer: PromptTokenizer,
  item: ItemText,
  fields: readonly string[],
  maxTextTokens: number,
): PromptPreview {
  if (!Number.isInteger(maxTextTokens) || maxTextTokens < 1) {
    throw new RangeError(`maxTextTokens must be a positive integer, got ${maxTextTokens}`);
  }
  const text = buildItemPrompt(item, fields);
  const ids = tokenizer.encode(text);
  const tokenIds = ids.slice(0, maxTextTokens);
  return {
    text,
    tokenIds,
    fullTokenCount: ids.length,
    tokenCount: tokenIds.length,
    truncated: ids.length > maxTextTokens,
  };
}
