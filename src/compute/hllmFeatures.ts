import type { HllmConfig, RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import type { HostTensor } from '../models/recommender';
import { HASHED_TEXT_DIM, hashedTextEmbeddings } from '../training/hashedTextEmbeddings';
import type { EncodedItems } from './itemEncoding';

/** An HLLM run set up over precomputed item features (hashed text or Item LLM embeddings). */
export interface HllmFeatures {
  /** The config as run: text fields actually used, item encoder `precomputed`. */
  config: RunConfig;
  /** [numItems, HASHED_TEXT_DIM] item features. */
  table: HostTensor;
  /** What the run record must say about it. */
  note: string;
}

/** The config's text fields that `dataset` has (all of the dataset's fields when none match). */
export function usableTextFields(model: HllmConfig, dataset: Dataset): string[] {
  const wanted = model.textFields.filter((f) => dataset.textFields.includes(f));
  return wanted.length > 0 ? wanted : dataset.textFields;
}

/**
 * Sets up HLLM's User LLM over a deterministic hashed bag-of-words of the item text (the Item LLM
 * is not run in the tab yet), using the config's text fields that the dataset has (all of the
 * dataset's fields when none match). `dataset` must be the preprocessed one the split is made from.
 */
export function withHashedItemFeatures(config: RunConfig, dataset: Dataset): HllmFeatures {
  if (config.model.kind !== 'hllm') throw new Error('withHashedItemFeatures needs an HLLM config');
  const fields = usableTextFields(config.model, dataset);
  const table = hashedTextEmbeddings(dataset, fields);
  return {
    config: {
      ...config,
      model: {
        ...config.model,
        textFields: fields,
        itemEncoder: { kind: 'precomputed', path: `hashed-bag-of-words:${HASHED_TEXT_DIM}` },
      },
    },
    table,
    note:
      `HLLM: Item LLM not used; item embeddings are a deterministic ${HASHED_TEXT_DIM}-d hashed ` +
      `bag-of-words of the fields [${fields.join(', ')}] (items without text hash their id).`,
  };
}

/**
 * Sets up HLLM's User LLM over Item LLM embeddings computed earlier in the tab, with rows
 * reordered to `dataset`'s items (matched by original id). Returns null when some item of
 * `dataset` was not encoded (another dataset): the caller falls back to hashed features.
 */
export function withEncodedItems(
  config: RunConfig,
  dataset: Dataset,
  encoded: EncodedItems,
): HllmFeatures | null {
  if (config.model.kind !== 'hllm') throw new Error('withEncodedItems needs an HLLM config');
  const [, dim] = encoded.table.shape;
  const rowOf = new Map(encoded.itemIds.map((id, row) => [id, row]));
  const data = new Float32Array(dataset.itemIds.length * dim); // [numItems, dim]
  for (const [item, id] of dataset.itemIds.entries()) {
    const row = rowOf.get(id);
    if (row === undefined) return null;
    data.set(encoded.table.data.subarray(row * dim, (row + 1) * dim), item * dim);
  }
  const { model, fields } = encoded.summary;
  return {
    config: {
      ...config,
      model: {
        ...config.model,
        textFields: fields,
        itemEncoder: { kind: 'precomputed', path: `frozen-item-llm:${model}` },
      },
    },
    table: { shape: [dataset.itemIds.length, dim], data },
    note:
      `HLLM: item embeddings from the frozen Item LLM ${model} (last token, ${dim}-d) over the ` +
      `fields [${fields.join(', ')}], computed in this tab before training.`,
  };
}
