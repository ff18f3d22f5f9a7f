import { jit, numpy as np, tree, vjp, type OwnedFunction } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { runStage } from '../llama/decoderStages';
import { rmsNorm } from '../nn/rmsNorm';
import type { Params } from '../params';

/**
 * The jitted pieces of an Item LLM around its decoder stages (see `createDecoderStages`): the
 * [ITEM] vector written into its slot, the final norm and read-out, and their backward passes (the last stage's backward includes the read-out). Stage parameters are named
 * as `stageSlice` names them. Every function consumes its arguments.
 */
export interface ItemLlmStages {
  /**
   * The [ITEM] vector [hidden] written into each row's slot of `states` [rows, seq, hidden];
   * slots [rows, seq] float32 (1 at the slot) → [rows, seq, hidden].
   */
  insert: OwnedFunction<(item: np.Array, states: np.Array, slots: np.Array) => np.Array>;
  /** Final RMSNorm of x [rows, seq, hidden] (no read-out) → [rows, seq, hidden]. */
  norm: OwnedFunction<(weight: np.Array, x: np.Array) => np.Array>;
  /** The read-out: final norm of x [rows, seq, hidden] at each row's slot → [rows, hidden]. */
  head: OwnedFunction<(weight: np.Array, x: np.Array, slots: np.Array) => np.Array>;
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
  dispose(): void;
}

/** Final norm at each row's slot: x [rows, seq, hidden] → [rows, hidden]. Consumes x and slots. */
function readOut(cfg: LlamaConfig, weight: np.Array, x: np.Array, slots: np.Array): np.Array {
  const [rows, seq] = slots.shape;
  const normed = rmsNorm(x, weight, cfg.rmsNormEps); // [rows, seq, hidden]
  return normed.mul(slots.reshape([rows, seq, 1])).sum(1); // [rows, hidden]
}

/** Builds the jitted stages of an Item LLM with architecture `cfg`. */
export function createItemLlmStages(cfg: LlamaConfig): ItemLlmStages {
  const insert = jit((item: np.Array, states: np.Array, slots: np.Array) => {
    const [rows, seq] = slots.shape;
    const s = slots.reshape([rows, seq, 1]); // [rows, seq, 1]
    const token = item.reshape([1, 1, cfg.hiddenSize]);
    return states.mul(np.subtract(1, s.ref)).add(s.mul(token)); // [rows, seq, hidden]
  });
  const norm = jit((weight: np.Array, x: np.Array) => rmsNorm(x, weight, cfg.rmsNormEps));
  const head = jit((weight: np.Array, x: np.Array, slots: np.Array) =>
    readOut(cfg, weight, x, slots),
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
  const all = [insert, norm, head, lastStageGrad, insertGrad];
  return {
    insert,
    norm,
    head,
    lastStageGrad,
    insertGrad,
    dispose: () => all.forEach((f) => f.dispose()),
  };
}
