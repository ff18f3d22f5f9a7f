import { blockUntilReady, numpy as np, tree } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import type { ItemBatch } from '../../itemEncoders/itemLlm';
import { toDevice, type Params, type StorageDtype } from '../params';
import type { HostParams, HostTensor } from '../recommender';
import { forEachChunk, type CataloguePass, type PassProgressCallback } from './cataloguePass';
import { addRows } from '../../training/addRows';
import { EMBED_TOKENS, embedRows } from './hostEmbeddings';
import { gatherItemRows } from './itemRows';
import {
  createLayerwiseItemLlm,
  type ItemLlmWeights,
  type ItemRowInputs,
} from './layerwiseItemLlm';
import { appendStates, createStateCache, gatherStates, type StateCache } from './stateCache';

/** The step's item vectors: [rows, width] on the device, `rows` ≥ the items asked for. */
export interface StepVectors {
  vectors: np.Array;
  rows: number;
}

/**
 * Where a joint HLLM's item vectors come from: an Item LLM that trains (its weights are the
 * recommender's `item.*` parameters, passed to every call unprefixed and borrowed), or a fixed
 * table (a frozen Item LLM's embeddings). Item indices are 0-based catalogue rows.
 */
export interface ItemSide {
  /** Width of the item vectors. */
  readonly width: number;
  /** Whether the vectors have trainable weights (and `backward` does anything). */
  readonly trains: boolean;
  /** Vectors of `items` without a graph, [rows, width] (padded rows after the items). */
  vectors(trainable: Params, items: Int32Array): Promise<StepVectors>;
  /**
   * Adds to `acc` (unprefixed names) the weight gradients of ⟨vectors(items), dVectors⟩, for
   * dVectors [rows, width] as `vectors` laid them out (consumed).
   */
  backward(trainable: Params, items: Int32Array, dVectors: np.Array, acc: Params): Promise<void>;
  /** Vectors of the whole catalogue [numItems, width] on the device (one chunk at a time). */
  catalogue(trainable: Params, pass: CataloguePass): Promise<np.Array>;
  /** Frozen device weights by name (LoRA bases a User LLM from the same checkpoint can share). */
  readonly frozen: Params;
  /**
   * The token embeddings when they train: kept on the host ([vocab, hidden]), looked up there,
   * with the gradient `backward` adds up (the caller updates them and zeroes it).
   */
  readonly hostTable: HostTable | null;
  dispose(): void;
}

/** A trained table that lives on the host, with its step's accumulated gradient. */
export interface HostTable {
  /** Parameter name (unprefixed, e.g. `embed_tokens.weight`). */
  name: string;
  weights: HostTensor;
  /** [vocab · hidden], added to by `backward`. */
  grad: Float32Array;
}

/** What an Item LLM side needs: architecture, layout of the catalogue and how to run it. */
export interface LlmItemSideOptions {
  config: LlamaConfig;
  /** Layer the [ITEM] vector enters at; the layers below run once over the catalogue. */
  boundary: number;
  /** Weights of the layers below the boundary (dropped after the cache). */
  lower: HostParams;
  /** Frozen weights above the boundary (LoRA bases, adapted biases). */
  frozen: HostParams;
  /** The token embedding table ([vocab, hidden]): kept and looked up on the host. */
  embeddings: HostTensor;
  /** Whether the token embeddings train (all layers without LoRA, scratch). */
  embeddingsTrain: boolean;
  /** The tokenized catalogue, [numItems, seq]. */
  catalogue: ItemBatch;
  /** Items per Item LLM call: the micro-batch of a step and the chunk of a catalogue pass. */
  itemRows: number;
  /** Decoder layers per checkpointed stage of the backward pass. */
  stageLayers: number;
  storage: StorageDtype;
  onPass?: PassProgressCallback;
}

const range = (start: number, end: number) =>
  Int32Array.from({ length: end - start }, (_, i) => start + i);

/**
 * An Item LLM that trains with gradient caching: vectors come from micro-batches of `itemRows`
 * items run one stage at a time without a graph, and `backward` runs each micro-batch again with
 * per-stage `vjp`s. For top-k fine-tuning the frozen layers below the boundary run once over the
 * catalogue when the side is made, and their text states stay on the host (float16 when the
 * storage is). The token embeddings never go to the device: they are looked up on the host,
 * and when they train their gradient is added up there (`hostTable`).
 */
export async function createLlmItemSide(o: LlmItemSideOptions): Promise<ItemSide> {
  const { catalogue, itemRows: chunk } = o;
  const width = o.config.hiddenSize;
  const numItems = catalogue.batch;
  const runner = createLayerwiseItemLlm(o.config, o.boundary, o.stageLayers);
  // The token embeddings stay on the host: looked up there, their gradient added up there.
  const hostTable: HostTable | null = o.embeddingsTrain
    ? {
        name: EMBED_TOKENS,
        weights: { shape: [...o.embeddings.shape], data: Float32Array.from(o.embeddings.data) },
        grad: new Float32Array(o.embeddings.data.length),
      }
    : null;
  const table = hostTable?.weights ?? o.embeddings;
  let cache: StateCache | null = null;
  /** Device inputs of catalogue rows `items` padded with item 0 to `capacity` rows, and their token ids. */
  const rowInputs = (
    items: Int32Array,
    capacity: number,
  ): { inputs: ItemRowInputs; ids: Int32Array } => {
    const r = gatherItemRows(catalogue, items, capacity);
    const states = cache !== null ? gatherStates(cache, r.rows) : embedRows(table, r.ids);
    const inputs: ItemRowInputs = {
      states: np.array(states).reshape([capacity, r.seq, width]), // [capacity, seq, hidden]
      slots: np.array(r.slots).reshape([capacity, r.seq]),
      valid: np.greater(np.array(r.valid).reshape([capacity, r.seq]), 0.5),
    };
    return { inputs, ids: r.ids };
  };
  if (o.boundary > 0) {
    const lower: ItemLlmWeights = { trainable: {}, frozen: toDevice(o.lower, o.storage) };
    const built = createStateCache(catalogue.seq, width, chunk, o.storage);
    await forEachChunk(
      'boundary cache',
      numItems,
      chunk,
      async (start, end) => {
        const { inputs } = rowInputs(range(start, end), chunk);
        inputs.slots.dispose();
        const states = await runner.runLayers(lower, inputs.states, inputs.valid, 0, o.boundary);
        const data = (await states.data()) as Float32Array; // [chunk, seq, hidden]
        appendStates(built, data.subarray(0, (end - start) * catalogue.seq * width));
      },
      o.onPass,
    );
    tree.dispose(lower.frozen);
    cache = built;
  }
  const frozen = toDevice(o.boundary > 0 ? o.frozen : { ...o.lower, ...o.frozen }, o.storage);
  const weights = (trainable: Params): ItemLlmWeights => ({ trainable, frozen });
  /** Micro-batches of `items`: `micro` rows each, the last padded with item 0. */
  const microBatches = (items: Int32Array) => {
    const micro = Math.min(chunk, items.length);
    const count = Math.ceil(items.length / micro);
    return { micro, count, rows: (j: number) => items.subarray(j * micro, (j + 1) * micro) };
  };

  return {
    width,
    trains: true,
    frozen,
    hostTable,

    async vectors(trainable, items) {
      const { micro, count, rows } = microBatches(items);
      const parts: np.Array[] = [];
      for (let j = 0; j < count; j++) {
        parts.push(await runner.embed(weights(trainable), rowInputs(rows(j), micro).inputs)); // [micro, width]
      }
      const vectors = parts.length === 1 ? parts[0] : np.concatenate(parts, 0);
      return { vectors, rows: count * micro };
    },

    async backward(trainable, items, dVectors, acc) {
      const { micro, count, rows } = microBatches(items);
      for (let j = 0; j < count; j++) {
        const dEmb = dVectors.ref.slice([j * micro, (j + 1) * micro]); // [micro, width]
        const { inputs, ids } = rowInputs(rows(j), micro);
        // The token embeddings' gradient: the text states' rows added at their ids, on the host.
        const onTextGrad =
          hostTable === null
            ? undefined
            : async (dStates: np.Array) =>
                addRows(hostTable.grad, (await dStates.data()) as Float32Array, ids, width);
        await runner.accumulateGrads(weights(trainable), inputs, dEmb, acc, onTextGrad);
      }
      dVectors.dispose();
    },

    async catalogue(trainable, pass) {
      const host = new Float32Array(numItems * width); // [numItems, width]
      await forEachChunk(
        pass,
        numItems,
        chunk,
        async (start, end) => {
          const v = await runner.embed(
            weights(trainable),
            rowInputs(range(start, end), chunk).inputs,
          );
          const data = (await v.data()) as Float32Array; // [chunk, width]
          host.set(data.subarray(0, (end - start) * width), start * width);
        },
        o.onPass,
      );
      return np.array(host).reshape([numItems, width]);
    },

    dispose() {
      tree.dispose(frozen);
      runner.dispose();
    },
  };
}

/** Fixed item vectors (a frozen Item LLM's embeddings, [numItems, width]) on the device. */
export function createTableItemSide(embeddings: HostTensor): ItemSide {
  const [numItems, width] = embeddings.shape;
  const table = np.array(embeddings.data).reshape([numItems, width]);
  return {
    width,
    trains: false,
    frozen: {},
    hostTable: null,

    async vectors(_trainable, items) {
      const rows = np.array(items, { dtype: np.int32 });
      return { vectors: await blockUntilReady(np.take(table.ref, rows, 0)), rows: items.length };
    },

    async backward(_trainable, _items, dVectors) {
      dVectors.dispose();
    },

    async catalogue() {
      return table.ref;
    },

    dispose: () => table.dispose(),
  };
}
