import { jit, lax, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import type { LlamaConfig } from '../../../src/config/runConfig';
import { ITEM_TOKEN } from '../../../src/itemEncoders/itemLlm';
import { llamaBlock } from '../../../src/models/llama/llamaBlock';
import { causalPaddingMask } from '../../../src/models/nn/attentionMask';
import { rmsNorm } from '../../../src/models/nn/rmsNorm';
import { rotaryTables } from '../../../src/models/nn/rotary';
import { collectBatchItems } from '../../../src/models/hllm/batchItems';
import { catalogueLayout, gatherItemRows } from '../../../src/models/hllm/itemRows';
import { ITEM_PREFIX, USER_PREFIX, withoutPrefix } from '../../../src/models/hllm/paramTree';
import { llamaDecoder } from '../../../src/models/llama/llamaDecoder';
import { mergeLora } from '../../../src/models/llama/lora';
import { linear } from '../../../src/models/nn/linear';
import { infonceLoss } from '../../../src/training/loss';
import { leftPadRows } from '../../../src/models/leftPad';
import { toDevice, toHost, type Params } from '../../../src/models/params';
import type { HostParams, HostTensor, TrainBatch } from '../../../src/models/recommender';
import {
  adamwUpdate,
  initAdamw,
  stepScalars,
  type AdamwOptions,
  type AdamwState,
  type StepScalars,
  LOGIT_SCALE_PARAM,
} from '../../../src/training/optimizer';

/** The static shape of a joint HLLM: both Llama configs and how item text enters. */
export interface JointShape {
  item: LlamaConfig;
  user: LlamaConfig;
  /** Layer the [ITEM] vector enters at. */
  boundary: number;
  /** Item vectors pass through `item_proj` (Item and User LLM widths differ). */
  project: boolean;
}

/** Device inputs of the User LLM side of one step. */
interface UserInputs {
  items: np.Array;
  targets: np.Array;
  negatives: np.Array;
  negativeRows?: np.Array;
}

/**
 * The User LLM side of the loss as one graph: item vectors (and cached negatives) through
 * `item_proj` when present into a table with a padding row, histories through the whole User
 * LLM (LoRA merged, frozen bases from `userFrozen`), InfoNCE. Borrows `params` and `userFrozen`;
 * consumes the rest.
 */
function userLoss(
  shape: JointShape,
  params: Params,
  userFrozen: Params,
  vectors: np.Array,
  negativeCache: np.Array | null,
  inputs: UserInputs,
): np.Array {
  const toUser = (v: np.Array) =>
    shape.project ? linear(v, params['item_proj.weight'].ref, params['item_proj.bias'].ref) : v;
  const parts = [toUser(vectors)];
  if (inputs.negativeRows !== undefined && negativeCache !== null) {
    parts.push(toUser(np.take(negativeCache, inputs.negativeRows, 0)));
  }
  const rows = parts.length === 1 ? parts[0] : np.concatenate(parts, 0);
  const table = np.concatenate([np.zeros([1, rows.shape[1]]), rows], 0); // [n + 1, userHidden]
  const merged = mergeLora({ ...userFrozen, ...withoutPrefix(params, USER_PREFIX) });
  const embeds = np.take(table.ref, inputs.items.ref, 0);
  const hidden = llamaDecoder(shape.user, merged.params, embeds, inputs.items.greater(0));
  merged.created.forEach((a) => a.dispose());
  return infonceLoss(
    hidden,
    table,
    inputs.targets,
    inputs.negatives,
    params[LOGIT_SCALE_PARAM].ref,
  );
}

/**
 * The joint HLLM step as one graph (what the project ran before gradient caching), kept as the
 * reference the layerwise GradCache step must equal: every item of the step runs through the
 * whole Item LLM (the frozen layers below the boundary included) inside one `valueAndGrad`.
 */

/** Device inputs of the Item LLM for some rows. */
interface RowArrays {
  ids: np.Array;
  slots: np.Array;
  valid: np.Array;
}

/** Item vectors [rows, hidden] through the whole Item LLM in one graph. Borrows `p`; consumes `rows`. */
export function singleGraphItemVectors(
  cfg: LlamaConfig,
  boundary: number,
  p: Params,
  rows: RowArrays,
): np.Array {
  const merged = mergeLora(p);
  const q = merged.params;
  const [count, seq] = rows.slots.shape;
  const mask = causalPaddingMask(rows.valid);
  const rope = rotaryTables(seq, cfg.hiddenSize / cfg.numHeads, cfg.ropeTheta);
  let x = np.take(q['embed_tokens.weight'].ref, rows.ids, 0); // [rows, seq, hidden]
  for (let i = 0; i < boundary; i++) x = llamaBlock(cfg, q, `layers.${i}.`, x, mask, rope);
  const slots = rows.slots.reshape([count, seq, 1]);
  const item = q[ITEM_TOKEN].ref.reshape([1, 1, cfg.hiddenSize]);
  x = x.mul(np.subtract(1, slots.ref)).add(slots.ref.mul(item));
  for (let i = boundary; i < cfg.numLayers; i++)
    x = llamaBlock(cfg, q, `layers.${i}.`, x, mask, rope);
  mask.dispose();
  rope.cos.dispose();
  rope.sin.dispose();
  const normed = rmsNorm(x, q['norm.weight'].ref, cfg.rmsNormEps);
  merged.created.forEach((a) => a.dispose());
  return normed.mul(slots).sum(1); // [rows, hidden]
}

/**
 * Final-norm states [batch, seq, hidden] of right-padded token rows (`lengths` real tokens each)
 * through the whole decoder in one graph. Borrows `p`.
 */
export function singleGraphHiddenStates(
  cfg: LlamaConfig,
  p: Params,
  ids: Int32Array,
  lengths: Int32Array,
  seq: number,
): np.Array {
  const batch = lengths.length;
  const valid = new Float32Array(batch * seq);
  lengths.forEach((len, b) => valid.fill(1, b * seq, b * seq + len));
  const mask = causalPaddingMask(np.greater(np.array(valid).reshape([batch, seq]), 0.5));
  const rope = rotaryTables(seq, cfg.hiddenSize / cfg.numHeads, cfg.ropeTheta);
  const tokens = np.array(ids, { dtype: np.int32 }).reshape([batch, seq]);
  let x = np.take(p['embed_tokens.weight'].ref, tokens, 0); // [batch, seq, hidden]
  for (let i = 0; i < cfg.numLayers; i++) x = llamaBlock(cfg, p, `layers.${i}.`, x, mask, rope);
  mask.dispose();
  rope.cos.dispose();
  rope.sin.dispose();
  return rmsNorm(x, p['norm.weight'].ref, cfg.rmsNormEps);
}

/** Device inputs of the given catalogue rows, one row each. */
export function upload(
  catalogue: ReturnType<typeof catalogueLayout>,
  items: Int32Array,
): RowArrays {
  const r = gatherItemRows(catalogue, items, items.length);
  return {
    ids: np.array(r.ids, { dtype: np.int32 }).reshape([items.length, r.seq]),
    slots: np.array(r.slots).reshape([items.length, r.seq]),
    valid: np.greater(np.array(r.valid).reshape([items.length, r.seq]), 0.5),
  };
}

/** What the reference needs: the shape, the token ids and the frozen Item LLM weights. */
export interface SingleGraphSetup {
  shape: JointShape;
  tokenIds: readonly (readonly number[])[];
  /** Item LLM weights that do not train (lower layers, embeddings, LoRA bases), unprefixed. */
  itemFrozen: HostParams;
  /** User LLM weights that do not train (LoRA bases), unprefixed. */
  userFrozen: HostParams;
  /** Fixed item vectors [numItems, width] of a frozen Item LLM (the Item LLM is not run). */
  table?: HostTensor;
  /** Negatives re-encoded every step (else from the catalogue's vectors, without gradient). */
  reencode: boolean;
  /** History positions of the device batch (the model's maxSeqLen rounded up to 4). */
  seqLen: number;
}

/** Device inputs of one reference step. */
interface StepArrays {
  /** The step's distinct items. */
  rows: RowArrays;
  /** [distinct items] their catalogue indices. */
  unique: np.Array;
  /** Every catalogue item (for cached negatives). */
  all: RowArrays;
  items: np.Array;
  targets: np.Array;
  negatives: np.Array;
  negativeRows?: np.Array;
}

/** Device inputs of one reference step built from a batch and a negative pool (+1 ids). */
function stepInputs(
  setup: SingleGraphSetup,
  batch: TrainBatch,
  pool: Int32Array,
  poolSize: number,
): StepArrays {
  const catalogue = catalogueLayout(setup.tokenIds);
  const n = batch.batchSize;
  const items = leftPadRows(batch.inputs, batch.seqLen, 0, n, n, setup.seqLen);
  const targets = leftPadRows(batch.targets, batch.seqLen, 0, n, n, setup.seqLen);
  const padded = new Int32Array(poolSize);
  padded.set(pool);
  const picked = collectBatchItems(
    items,
    targets,
    setup.reencode ? padded : new Int32Array(0),
    catalogue.batch,
  );
  const unique = picked.unique;
  const matrix = (d: Int32Array) => np.array(d, { dtype: np.int32 }).reshape([n, setup.seqLen]);
  return {
    rows: upload(catalogue, unique),
    unique: np.array(unique, { dtype: np.int32 }),
    all: upload(
      catalogue,
      Int32Array.from({ length: catalogue.batch }, (_, i) => i),
    ),
    items: matrix(picked.inputs),
    targets: matrix(picked.targets),
    negatives: np.array(
      setup.reencode
        ? picked.negatives
        : padded.map((item, j) => (item === 0 ? 0 : unique.length + 1 + j)),
      { dtype: np.int32 },
    ),
    ...(setup.reencode
      ? {}
      : {
          negativeRows: np.array(
            padded.map((item) => Math.max(0, item - 1)),
            { dtype: np.int32 },
          ),
        }),
  };
}

/**
 * The single-graph loss of `params` (prefixed tree) on prepared inputs; cached negatives are the
 * catalogue's vectors under `stopGradient`. Borrows `frozen`; consumes `params` and `inputs`.
 */
function lossOf(
  setup: SingleGraphSetup,
  frozen: { item: Params; user: Params },
  params: Params,
  inputs: StepArrays,
): np.Array {
  const cfg = setup.shape.item;
  const itemParams = { ...frozen.item, ...withoutPrefix(params, ITEM_PREFIX) };
  let vectors: np.Array;
  if (setup.table === undefined) {
    inputs.unique.dispose();
    vectors = singleGraphItemVectors(cfg, setup.shape.boundary, itemParams, inputs.rows);
  } else {
    tree.dispose(inputs.rows);
    const t = setup.table;
    vectors = np.take(np.array(t.data).reshape(t.shape), inputs.unique, 0);
  }
  const cache = setup.reencode
    ? null
    : lax.stopGradient(singleGraphItemVectors(cfg, setup.shape.boundary, itemParams, inputs.all));
  if (setup.reencode) tree.dispose(inputs.all);
  const loss = userLoss(setup.shape, params, frozen.user, vectors, cache, {
    items: inputs.items,
    targets: inputs.targets,
    negatives: inputs.negatives,
    negativeRows: inputs.negativeRows,
  });
  tree.dispose(params);
  return loss;
}

/**
 * Loss and gradients of one step as one graph, run eagerly or as one jitted call (jax-js fuses
 * the two differently, which bounds the float32 noise of the reference itself).
 */
export async function singleGraphGradients(
  setup: SingleGraphSetup,
  host: HostParams,
  batch: TrainBatch,
  pool: Int32Array,
  poolSize: number,
  jitted = false,
): Promise<{ loss: number; grads: HostParams }> {
  const frozen = { item: toDevice(setup.itemFrozen), user: toDevice(setup.userFrozen) };
  const inputs = stepInputs(setup, batch, pool, poolSize);
  const run = (p: Params, f: { item: Params; user: Params }, x: StepArrays) => {
    const out = valueAndGrad((pp: Params) => lossOf(setup, f, pp, x))(p);
    tree.dispose(f);
    return out;
  };
  const [loss, grads] = jitted
    ? jit(run)(toDevice(host), frozen, inputs)
    : run(toDevice(host), frozen, inputs);
  return { loss: (await loss.data())[0], grads: await toHost(grads) };
}

/** One single-graph step: loss, gradients and a clipped AdamW update in one jitted call. */
export async function singleGraphStep(
  setup: SingleGraphSetup,
  host: HostParams,
  batch: TrainBatch,
  pool: Int32Array,
  poolSize: number,
  opts: AdamwOptions,
  lr: number,
): Promise<HostParams> {
  const frozen = { item: toDevice(setup.itemFrozen), user: toDevice(setup.userFrozen) };
  const inputs = stepInputs(setup, batch, pool, poolSize);
  const params = toDevice(host);
  const step = jit(
    (
      p: Params,
      f: { item: Params; user: Params },
      s: AdamwState,
      scalars: StepScalars,
      x: StepArrays,
    ): Params => {
      const [, grads] = valueAndGrad((pp: Params) => lossOf(setup, f, pp, x))(tree.ref(p));
      tree.dispose(f);
      return adamwUpdate(p, grads, s, scalars, opts).params;
    },
  );
  const next = step(params, frozen, initAdamw(params), stepScalars(1, lr, opts), inputs);
  const out = await toHost(next);
  tree.dispose(next);
  step.dispose();
  return out;
}
