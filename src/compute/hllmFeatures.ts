import type { RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import type { HostTensor } from '../models/recommender';
import { HASHED_TEXT_DIM, hashedTextEmbeddings } from '../training/hashedTextEmbeddings';

/** An HLLM run set up over hashed text features instead of an Item LLM. */
export interface HashedHllm {
  /** The config as run: text fields actually used, item encoder `precomputed`. */
  config: RunConfig;
  /** [numItems, HASHED_TEXT_DIM] item features. */
  table: HostTensor;
  /** What the run record must say about it. */
  note: string;
}

/**
 * Sets up HLLM's User LLM over a deterministic hashed bag-of-words of the item text (the Item LLM
 * is not run in the tab yet), using the config's text fields that the dataset has (all of the
 * dataset's fields when none match). `dataset` must be the preprocessed one the split is made from.
 */
export function withHashedItemFeatures(config: RunConfig, dataset: Dataset): HashedHllm {
  if (config.model.kind !== 'hllm') throw new Error('withHashedItemFeatures needs an HLLM config');
  const wanted = config.model.textFields.filter((f) => dataset.textFields.includes(f));
  const fields = wanted.length > 0 ? wanted : dataset.textFields;
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
