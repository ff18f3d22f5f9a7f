import { init, numpy as np, tree } from '@jax-js/jax';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ITEM_TOKEN } from '../src/itemEncoders/itemLlm';
import { tokenizeCatalogue } from '../src/itemEncoders/itemLlmCatalogue';
import { prepareItemLlmParams } from '../src/itemEncoders/itemLlmModel';
import { loadLlamaCheckpoint } from '../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../src/itemEncoders/node/localModelFiles';
import { frozenItemEmbeddings } from '../src/models/hllm/frozenItemEmbeddings';
import { EMBED_TOKENS, embedRows } from '../src/models/hllm/hostEmbeddings';
import { catalogueLayout, gatherItemRows } from '../src/models/hllm/itemRows';
import { createLayerwiseItemLlm } from '../src/models/hllm/layerwiseItemLlm';
import { toDevice } from '../src/models/params';
import type { HostParams } from '../src/models/recommender';
import { roundToFloat16 } from '../src/numeric/float16';
import { generateSyntheticDataset } from '../src/synthetic/generateSyntheticDataset';
import { randomCheckpointDir, writeRandomCheckpoint } from '../scripts/randomCheckpoint';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** How far embeddings with float16 storage are from float32 ones, per item. */
export interface Float16Difference {
  checkpoint: string;
  what: string;
  items: number;
  /** Largest ‖a − b‖ / ‖b‖ over items. */
  maxRelative: number;
  /** Smallest cosine(a, b) over items. */
  minCosine: number;
}

/** `w` with every decoder weight rounded to float16 (what float16 storage keeps). */
function rounded(w: HostParams, keep: (name: string) => boolean): HostParams {
  return Object.fromEntries(
    Object.entries(w).map(([n, t]) => [
      n,
      keep(n) ? t : { shape: t.shape, data: roundToFloat16(t.data) },
    ]),
  );
}

function compare(a: Float32Array, b: Float32Array, dim: number) {
  let maxRelative = 0;
  let minCosine = 1;
  for (let r = 0; r < b.length / dim; r++) {
    let diff = 0;
    let na = 0;
    let nb = 0;
    let dot = 0;
    for (let i = r * dim; i < (r + 1) * dim; i++) {
      diff += (a[i] - b[i]) ** 2;
      na += a[i] ** 2;
      nb += b[i] ** 2;
      dot += a[i] * b[i];
    }
    maxRelative = Math.max(maxRelative, Math.sqrt(diff / nb));
    minCosine = Math.min(minCosine, dot / Math.sqrt(na * nb));
  }
  return { maxRelative, minCosine };
}

/**
 * Top-k item embeddings ([ITEM] entering at `boundary`) with the frozen layers' weights and the
 * cached text states at the boundary as float16 storage keeps them (`half`) or as float32.
 */
async function topK(
  dir: string,
  w: HostParams,
  tokens: number[][],
  boundary: number,
  half: boolean,
): Promise<Float32Array> {
  const { config } = await loadLlamaCheckpoint(createLocalModelFiles(dir));
  const split = prepareItemLlmParams(config, w, { topLayers: config.numLayers - boundary }, 1);
  const lower = half ? rounded(split.frozen, (n) => n === EMBED_TOKENS) : split.frozen;
  const catalogue = catalogueLayout(tokens);
  const items = Int32Array.from(tokens.keys());
  const rows = gatherItemRows(catalogue, items, items.length);
  const runner = createLayerwiseItemLlm(config, boundary, 1);
  const { [EMBED_TOKENS]: table, ...layers } = lower;
  const low = { trainable: {}, frozen: toDevice(layers) };
  const embeds = np
    .array(embedRows(table, rows.ids))
    .reshape([items.length, rows.seq, config.hiddenSize]);
  const valid = () => np.greater(np.array(rows.valid).reshape([items.length, rows.seq]), 0.5);
  const states = (await (
    await runner.runLayers(low, embeds, valid(), 0, boundary)
  ).data()) as Float32Array;
  const upper = { trainable: toDevice(split.trainable), frozen: {} };
  const out = await runner.embed(upper, {
    states: np
      .array(half ? roundToFloat16(states) : states)
      .reshape([items.length, rows.seq, config.hiddenSize]),
    slots: np.array(rows.slots).reshape([items.length, rows.seq]),
    valid: valid(),
  });
  const data = Float32Array.from((await out.data()) as Float32Array);
  tree.dispose([low.frozen, upper.trainable]);
  runner.dispose();
  return data;
}

/**
 * Item embeddings with float16 storage against float32 (what `shader-f16` WebGPU devices store:
 * frozen weights and the top-k boundary cache; Wasm has no float16 and stays float32): frozen
 * encodings with every decoder weight rounded to float16, and top-k embeddings whose frozen
 * layers and cached states are rounded, on the test fixtures and the SmolLM2-shaped checkpoint.
 */
export async function benchFloat16(): Promise<Float16Difference[]> {
  await init('wasm');
  const smol = randomCheckpointDir('smollm2-135m', 'node');
  await writeRandomCheckpoint('smollm2-135m', smol);
  const checkpoints = [
    path.join(ROOT, 'test/fixtures/tiny-llama'),
    path.join(ROOT, 'test/fixtures/tiny-qwen2'),
    smol,
  ];
  const text = generateSyntheticDataset({ seed: 3, numItems: 16 }).itemText;
  const out: Float16Difference[] = [];
  for (const dir of checkpoints) {
    const ckpt = await loadLlamaCheckpoint(createLocalModelFiles(dir));
    const tokens = tokenizeCatalogue(ckpt.tokenizer, text, ['title', 'description'], 64);
    const dim = ckpt.config.hiddenSize;
    const full = await frozenItemEmbeddings(ckpt.config, ckpt.params, tokens, 'last');
    const half = await frozenItemEmbeddings(
      ckpt.config,
      rounded(ckpt.params, (n) => n === EMBED_TOKENS),
      tokens,
      'last',
    );
    const name = path.basename(dir);
    out.push({
      checkpoint: name,
      what: 'frozen encoding',
      items: text.length,
      ...compare(half.data, full.data, dim),
    });
    const withItem = { ...ckpt.params };
    delete withItem[ITEM_TOKEN];
    const boundary = ckpt.config.numLayers - Math.min(2, ckpt.config.numLayers - 1);
    const f32 = await topK(dir, withItem, tokens, boundary, false);
    const f16 = await topK(dir, withItem, tokens, boundary, true);
    out.push({
      checkpoint: name,
      what: `top-${ckpt.config.numLayers - boundary} (frozen layers and boundary cache)`,
      items: text.length,
      ...compare(f16, f32, dim),
    });
  }
  for (const row of out) {
    console.log(
      `| ${row.checkpoint} | ${row.what} | ${row.items} | ${row.maxRelative.toExponential(2)} | ${row.minCosine.toFixed(6)} |`,
    );
  }
  return out;
}
