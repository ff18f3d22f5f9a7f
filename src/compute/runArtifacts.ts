import { textField } from '../dataset/itemText';
import { encodeCheckpoint } from '../checkpoints/checkpoint';
import type { RunConfig } from '../config/runConfig';
import type { Dataset, Split } from '../dataset/types';
import type { HostParams, Recommender } from '../models/recommender';
import { firstWord } from './projection';

/** What the train worker keeps of a finished run to export it: parameters and item embeddings. */
export interface RunArtifacts {
  config: RunConfig;
  /** `splitFingerprint` of the data the run trained on. */
  fingerprint: string;
  /** Parameters at the best epoch. */
  params: HostParams;
  /** [numItems, dim] item embeddings at the best epoch, in the space scored against users. */
  itemEmbeddings: Float32Array;
  dim: number;
}

/** Embedding Projector files: one tab-separated vector per line, and a metadata table with a header. */
export interface ProjectorFiles {
  vectors: string;
  metadata: string;
}

/** Copies the best parameters and item embeddings of a trained `model` to the host. */
export async function collectRunArtifacts(
  model: Recommender,
  config: RunConfig,
  fingerprint: string,
): Promise<RunArtifacts> {
  return {
    config,
    fingerprint,
    params: await model.getParams(),
    itemEmbeddings: await model.encodeItems(),
    dim: model.dim,
  };
}

/** The run's parameters as a safetensors checkpoint (config and data fingerprint in its metadata). */
export function checkpointBytes(artifacts: RunArtifacts): Uint8Array {
  return encodeCheckpoint({
    params: artifacts.params,
    config: artifacts.config,
    datasetFingerprint: artifacts.fingerprint,
  });
}

/** Removes tabs and line breaks, which would break a TSV cell. */
function cell(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ').trim();
}

/**
 * Item embeddings for the TensorFlow Embedding Projector: `vectors` (no header, one item per
 * line) and `metadata` with columns id, the first text field, cold (new item), training count
 * and the first word of every text field, one row per item in the same order.
 */
export function projectorFiles(
  artifacts: RunArtifacts,
  dataset: Dataset,
  split: Split,
): ProjectorFiles {
  const { itemEmbeddings, dim } = artifacts;
  const numItems = itemEmbeddings.length / dim;
  const vectors: string[] = [];
  for (let i = 0; i < numItems; i++) {
    vectors.push(Array.from(itemEmbeddings.subarray(i * dim, (i + 1) * dim), String).join('\t'));
  }
  const [titleField] = dataset.textFields;
  const header = [
    'id',
    ...(titleField === undefined ? [] : [titleField]),
    'cold',
    'train_count',
    ...dataset.textFields.map((f) => `${f}_first_word`),
  ];
  const rows = [header.join('\t')];
  for (let i = 0; i < numItems; i++) {
    const text = dataset.itemText[i] ?? {};
    rows.push(
      [
        dataset.itemIds[i],
        ...(titleField === undefined ? [] : [textField(text, titleField) ?? '']),
        split.coldItems[i] === 1 ? 'new' : 'seen',
        String(split.itemTrainCount[i]),
        ...dataset.textFields.map((f) => firstWord(textField(text, f))),
      ]
        .map(cell)
        .join('\t'),
    );
  }
  return { vectors: `${vectors.join('\n')}\n`, metadata: `${rows.join('\n')}\n` };
}
