import { textField } from '../dataset/itemText';
import type { Dataset } from '../dataset/types';
import type { HostTensor } from '../models/recommender';

/** Width of the hashed bag-of-words item embeddings. */
export const HASHED_TEXT_DIM = 64;

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Lower-cased word tokens (letters and digits, Unicode-aware) of a text. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A deterministic text-feature embedding of every item, used in place of an Item LLM: the words
 * of the item's text fields (in `fields` order) are hashed into `dim` buckets with a hashed sign
 * (the "hashing trick"), weighted 1/sqrt(1 + count) per distinct word, and the vector is
 * L2-normalised. An item without any text word gets the hashed token of its original id, so it
 * still has a distinct vector. Returns [numItems, dim].
 */
export function hashedTextEmbeddings(
  dataset: Pick<Dataset, 'itemIds' | 'itemText' | 'textFields'>,
  fields: string[] = dataset.textFields,
  dim = HASHED_TEXT_DIM,
): HostTensor {
  const numItems = dataset.itemIds.length;
  const data = new Float32Array(numItems * dim); // [numItems, dim]
  for (let item = 0; item < numItems; item++) {
    const text = dataset.itemText[item] ?? {};
    const counts = new Map<string, number>();
    for (const field of fields) {
      for (const word of wordTokens(textField(text, field) ?? ''))
        counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    if (counts.size === 0) counts.set(`\u0000id:${dataset.itemIds[item]}`, 1);
    const row = data.subarray(item * dim, (item + 1) * dim);
    for (const [word, count] of counts) {
      const bucket = fnv1a(word, 0) % dim;
      const sign = fnv1a(word, 0x9e3779b9) & 1 ? 1 : -1;
      row[bucket] += sign / Math.sqrt(1 + count);
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += row[d] * row[d];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) row[d] *= scale;
  }
  return { shape: [numItems, dim], data };
}
