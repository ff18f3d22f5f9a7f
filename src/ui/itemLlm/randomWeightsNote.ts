import { DEFAULT_ITEM_LLM, TINY_LLAMA_MODEL } from '../../config/defaults';

/**
 * What the page says next to a model with random weights (the shipped tiny Llama, the generated
 * default Item LLM, `scripts/randomCheckpoint.ts` outputs named `*-random`); null for others.
 */
export function randomWeightsNote(name: string): string | null {
  const folder = name.replace(/\/+$/, '').split('/').pop() ?? name;
  const random =
    folder === TINY_LLAMA_MODEL || folder === DEFAULT_ITEM_LLM || folder.endsWith('-random');
  return random
    ? `${folder} has random weights, for wiring and teaching: it is not a language model, so its item embeddings carry no meaning of the text until training shapes them. Pick a pretrained checkpoint for real figures.`
    : null;
}
