import { jit, numpy as np, tree, vjp, type OwnedFunction } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { causalPaddingMask } from '../nn/attentionMask';
import { rmsNorm } from '../nn/rmsNorm';
import { rotaryTables } from '../nn/rotary';
import { llamaBlock } from '../llama/llamaBlock';
import type { Params } from '../params';
import { mergeLora } from './lora';

/**
 * The jitted pieces an Item LLM runs one stage (a few decoder layers) at a time, so that a pass
 * holds one stage's intermediates and a backward pass recomputes them from the stage's input
 * (activation checkpointing). A stage's parameters are named `${j}.${name}` for its j-th layer
 * (`0.self_attn.q_proj.weight`, …), the same for every stage of the same size, so each function
 * is traced once per shape and jax-js reuses its buffers from stage to stage. Frozen float16
 * weights are cast to float32 inside each call. Every function consumes its arguments.
 */
export interface ItemLlmStages {
  /** Token embeddings of `ids`: table [vocab, hidden], ids [rows, seq] int32 → [rows, seq, hidden]. */
  embed: OwnedFunction<(table: np.Array, ids: np.Array) => np.Array>;
  /**
   * The [ITEM] vector [hidden] written into each row's slot of `states` [rows, seq, hidden];
   * slots [rows, seq] float32 (1 at the slot) → [rows, seq, hidden].
   */
  insert: OwnedFunction<(item: np.Array, states: np.Array, slots: np.Array) => np.Array>;
  /** One stage forward: x [rows, seq, hidden], valid [rows, seq] bool → [rows, seq, hidden]. */
  forward: OwnedFunction<
    (trainable: Params, frozen: Params, x: np.Array, valid: np.Array) => np.Array
  >;
  /** Final RMSNorm of x [rows, seq, hidden] (no read-out) → [rows, seq, hidden]. */
  norm: OwnedFunction<(weight: np.Array, x: np.Array) => np.Array>;
  /** The read-out: final norm of x [rows, seq, hidden] at each row's slot → [rows, hidden]. */
  head: OwnedFunction<(weight: np.Array, x: np.Array, slots: np.Array) => np.Array>;
  /**
   * Backward of a stage: recomputes its forward from x and pulls dy [rows, seq, hidden] back to
   * dx and the gradients of `trainable` (same names).
   */
  stageGrad: OwnedFunction<
    (
      trainable: Params,
      frozen: Params,
      x: np.Array,
      valid: np.Array,
      dy: np.Array,
    ) => { dx: np.Array; grads: Params }
  >;
  /**
   * Backward of the last stage with the read-out: dEmb [rows, hidden] → dx, the stage's
   * gradients and the final norm's.
   */
  lastStageGrad: OwnedFunction<
    (
      trainable: Params,
      frozen: Params,
      normWeight: np.Array,
      x: np.Array,
      valid: np.Array,
      slots: np.Array,
      dEmb: np.Array,
    ) => { dx: np.Array; grads: Params; dNorm: np.Array }
  >;
  /** Backward of `insert`: dx [rows, seq, hidden] → d[ITEM] [hidden] and d states [rows, seq, hidden]. */
  insertGrad: OwnedFunction<
    (slots: np.Array, dx: np.Array) => { dItem: np.Array; dStates: np.Array }
  >;
  /** `acc` [vocab, hidden] plus the gradient of `embed` for d states [rows, seq, hidden] at `ids`. */
  embedGrad: OwnedFunction<
    (acc: np.Array, table: np.Array, ids: np.Array, dStates: np.Array) => np.Array
  >;
  dispose(): void;
}

/** Float32 views of the stage's weights (float16 ones are cast); the casts are listed in `created`. */
function asFloat32(p: Params): { params: Params; created: np.Array[] } {
  const params: Params = {};
  const created: np.Array[] = [];
  for (const [name, a] of Object.entries(p)) {
    if (a.dtype === np.float32) {
      params[name] = a;
    } else {
      const cast = a.ref.astype(np.float32);
      params[name] = cast;
      created.push(cast);
    }
  }
  return { params, created };
}

/** Number of layers a stage's parameters hold (names `${j}.…`). */
function stageDepth(p: Params): number {
  let depth = 0;
  for (const name of Object.keys(p)) depth = Math.max(depth, Number(name.split('.', 1)[0]) + 1);
  return depth;
}

/**
 * The stage's layers on x [rows, seq, hidden] (LoRA adapters merged into their weights).
 * Borrows `trainable`, `frozen` and `valid`; consumes `x`.
 */
function runStage(
  cfg: LlamaConfig,
  trainable: Params,
  frozen: Params,
  x: np.Array,
  valid: np.Array,
): np.Array {
  const cast = asFloat32(frozen);
  const merged = mergeLora({ ...cast.params, ...trainable });
  const depth = stageDepth(merged.params);
  const mask = causalPaddingMask(valid.ref); // [rows, 1, seq, seq]
  const rope = rotaryTables(x.shape[1], cfg.hiddenSize / cfg.numHeads, cfg.ropeTheta);
  for (let j = 0; j < depth; j++) x = llamaBlock(cfg, merged.params, `${j}.`, x, mask, rope);
  mask.dispose();
  rope.cos.dispose();
  rope.sin.dispose();
  merged.created.forEach((a) => a.dispose());
  cast.created.forEach((a) => a.dispose());
  return x;
}

/** Final norm at each row's slot: x [rows, seq, hidden] → [rows, hidden]. Consumes x and slots. */
function readOut(cfg: LlamaConfig, weight: np.Array, x: np.Array, slots: np.Array): np.Array {
  const [rows, seq] = slots.shape;
  const normed = rmsNorm(x, weight, cfg.rmsNormEps); // [rows, seq, hidden]
  return normed.mul(slots.reshape([rows, seq, 1])).sum(1); // [rows, hidden]
}

/** Builds the jitted stages of an Item LLM with architecture `cfg`. */
export function createItemLlmStages(cfg: LlamaConfig): ItemLlmStages {
  const embed = jit((table: np.Array, ids: np.Array) => np.take(table, ids, 0));
  const insert = jit((item: np.Array, states: np.Array, slots: np.Array) => {
    const [rows, seq] = slots.shape;
    const s = slots.reshape([rows, seq, 1]); // [rows, seq, 1]
    const token = item.reshape([1, 1, cfg.hiddenSize]);
    return states.mul(np.subtract(1, s.ref)).add(s.mul(token)); // [rows, seq, hidden]
  });
  const forward = jit((trainable: Params, frozen: Params, x: np.Array, valid: np.Array) => {
    const y = runStage(cfg, trainable, frozen, x, valid);
    tree.dispose([trainable, frozen, valid]);
    return y;
  });
  const norm = jit((weight: np.Array, x: np.Array) => rmsNorm(x, weight, cfg.rmsNormEps));
  const head = jit((weight: np.Array, x: np.Array, slots: np.Array) =>
    readOut(cfg, weight, x, slots),
  );
  const stageGrad = jit(
    (trainable: Params, frozen: Params, x: np.Array, valid: np.Array, dy: np.Array) => {
      const [y, back] = vjp(
        (t: Params, xin: np.Array) => {
          const out = runStage(cfg, t, frozen, xin, valid);
          tree.dispose(t);
          return out;
        },
        [trainable, x],
      );
      y.dispose();
      const [grads, dx] = back(dy);
      back.dispose();
      tree.dispose([frozen, valid]);
      return { dx, grads };
    },
  );
  const lastStageGrad = jit(
    (
      trainable: Params,
      frozen: Params,
      normWeight: np.Array,
      x: np.Array,
      valid: np.Array,
      slots: np.Array,
      dEmb: np.Array,
    ) => {
      const [emb, back] = vjp(
        (t: Params, w: np.Array, xin: np.Array) => {
          const out = readOut(cfg, w, runStage(cfg, t, frozen, xin, valid), slots.ref);
          tree.dispose(t);
          return out;
        },
        [trainable, normWeight, x],
      );
      emb.dispose();
      const [grads, dNorm, dx] = back(dEmb);
      back.dispose();
      tree.dispose([frozen, valid, slots]);
      return { dx, grads, dNorm };
    },
  );
  const insertGrad = jit((slots: np.Array, dx: np.Array) => {
    const [rows, seq] = slots.shape;
    const s = slots.reshape([rows, seq, 1]); // [rows, seq, 1]
    const dItem = dx.ref
      .mul(s.ref)
      .reshape([rows * seq, cfg.hiddenSize])
      .sum(0); // [hidden]
    return { dItem, dStates: dx.mul(np.subtract(1, s)) };
  });
  const embedGrad = jit((acc: np.Array, table: np.Array, ids: np.Array, dStates: np.Array) => {
    const [states, back] = vjp((t: np.Array) => np.take(t, ids, 0), [table]);
    states.dispose();
    const [dTable] = back(dStates); // [vocab, hidden]
    back.dispose();
    return acc.add(dTable);
  });
  const all = [embed, insert, forward, norm, head, stageGrad, lastStageGrad, insertGrad, embedGrad];
  return {
    embed,
    insert,
    forward,
    norm,
    head,
    stageGrad,
    lastStageGrad,
    insertGrad,
    embedGrad,
    dispose: () => all.forEach((f) => f.dispose()),
  };
}
