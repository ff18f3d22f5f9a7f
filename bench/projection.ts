import {
  bestField,
  colourFields,
  projectedItems,
  projectionSnapshot,
} from '../src/compute/projection';
import { umapLayout } from '../src/compute/umapProjection';
import type { Dataset } from '../src/dataset/types';
import { createRng } from '../src/random/rng';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import { hashedTextEmbeddings } from '../src/training/hashedTextEmbeddings';
import { loadBenchDataset } from './training';

/** Width of the untrained ID table stood in for a SASRec run's item embeddings. */
const ID_DIM = 64;

function timed<T>(run: () => T): [T, number] {
  const t0 = performance.now();
  const value = run();
  return [value, performance.now() - t0];
}

/**
 * One projection frame of `dataset`'s drawn items (at most 3000) for two embeddings: the hashed
 * bag-of-words of the item text (HLLM's item features without an Item LLM) and an untrained ID
 * table (N(0, 1), 64 wide). Times the PCA snapshot (with the colour fields' separation scores)
 * and the seeded UMAP layout, and reports each field's score and the default (best) field.
 */
function benchOne(dataset: Dataset): Record<string, unknown> {
  const items = projectedItems(dataset.itemIds.length);
  const fields = colourFields(dataset, items);
  const text = hashedTextEmbeddings(dataset);
  const textDim = text.shape[1];
  const rng = createRng(1);
  const ids = Float32Array.from({ length: dataset.itemIds.length * ID_DIM }, () => rng.normal());
  const out: Record<string, unknown> = { items: items.length };
  for (const [name, table, dim] of [
    ['text', text.data, textDim],
    ['ids', ids, ID_DIM],
  ] as const) {
    const [snapshot, pcaMs] = timed(() =>
      projectionSnapshot(table, dim, items, name, 0, null, fields),
    );
    const [, umapMs] = timed(() => umapLayout(snapshot.rows, items.length, dim, { seed: 1 }));
    out[name] = {
      dim,
      pcaAndScoresMs: Math.round(pcaMs),
      umapMs: Math.round(umapMs),
      explained: snapshot.explained.map((e) => Number(e.toFixed(3))),
      separation: Object.fromEntries(
        fields.map((f, i) => [f.label, Number(snapshot.separation[i].toFixed(3))]),
      ),
      defaultField: fields[bestField(snapshot.separation)].label,
    };
  }
  return out;
}

/** Projection frame costs on the embedded dataset and on MovieLens-100K (when ../shared/data has it). */
export function benchProjection(): Record<string, unknown> {
  const movielens = loadBenchDataset('movielens-100k');
  return {
    synthetic: benchOne(generateSyntheticDataset()),
    ...(movielens === undefined ? {} : { 'movielens-100k': benchOne(movielens) }),
  };
}
