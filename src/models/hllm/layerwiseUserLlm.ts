import { blockUntilReady, jit, numpy as np, tree, valueAndGrad, vjp } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { infonceLoss } from '../../training/loss';
import { LOGIT_SCALE_PARAM } from '../../training/optimizer';
import {
  createDecoderStages,
  layerNames,
  layerRanges,
  stageSlice,
  type LayerRange,
} from '../llama/decoderStages';
import { linear } from '../nn/linear';
import { rmsNorm } from '../nn/rmsNorm';
import type { Params } from '../params';

/** Name of the User LLM's final norm weight (among its own weights). */
export const USER_NORM = 'norm.weight';
/** Linear map from Item LLM width to User LLM width (present only when the widths differ). */
export const ITEM_PROJ_WEIGHT = 'item_proj.weight';
/** Bias of `item_proj`. */
export const ITEM_PROJ_BIAS = 'item_proj.bias';

/**
 * User LLM weights on the device by name (`layers.3.mlp.up_proj.weight`, `norm.weight`, LoRA
 * `….lora_A`/`….lora_B`): what trains and what stays fixed. Borrowed by every call.
 */
export interface UserLlmWeights {
  trainable: Params;
  frozen: Params;
}

/** Device inputs of a User LLM pass over histories; consumed by the call that takes them. */
export interface UserHistories {
  /** [batch, seq] int32 history items as 1 + row of the table's item vectors (0 = padding). */
  items: np.Array;
}

/** Device inputs of the InfoNCE head of a training step; consumed by `step`. */
export interface UserTargets {
  /** [batch, seq] int32 next items, indexed as `UserHistories.items` (0 = no target). */
  targets: np.Array;
  /** [pool] int32 shared negatives, same indexing (0 = unused slot). */
  negatives: np.Array;
}

/** Receives one stage's weight gradients (names `layers.i.…`), top stage first; owns them. */
export type LayerGradSink = (grads: Params, range: LayerRange) => Promise<void>;

/** What the forward and head of a training step leave for the backward passes. */
export interface UserStepState {
  /** Loss [] (device). */
  loss: np.Array;
  /** Gradients of `norm.weight` and `logit_scale` (device). */
  headGrads: Params;
  /**
   * Runs the backward through the decoder stages (top first), handing each stage's gradients to
   * `sink`; can run more than once (e.g. a second pass after gradient clipping), the last time
   * with `last`. The first pass with `inputGrads` also returns the gradients of the projection
   * (`item_proj.*`, when present) and of the table's input vectors [vectors, itemHidden].
   */
  backward(
    sink: LayerGradSink,
    options: { inputGrads: boolean; last: boolean },
  ): Promise<{ projGrads: Params; dVectors: np.Array } | null>;
}

/**
 * HLLM's User LLM run one jitted stage at a time (see `createDecoderStages`): item vectors go
 * into its space (through `item_proj` when the widths differ) as a table with a zero padding
 * row, histories are looked up in it and run through the decoder, and the final-norm states
 * score the next item with InfoNCE (learned temperature, shared negatives, cosine > 0.99
 * masking). Training keeps one input per stage; each stage's backward recomputes its forward
 * from it, so memory grows with one stage's intermediates, not with every layer's, and the
 * caller can apply (or measure) each stage's gradients as they come.
 */
export interface LayerwiseUserLlm {
  readonly config: LlamaConfig;
  /**
   * The item table [vectors + 1, userHidden] (row 0 padding) of `vectors` [n, itemHidden] in the
   * User LLM's space. Borrows `proj` (`item_proj.*` or empty); consumes `vectors`.
   */
  table(proj: Params, vectors: np.Array): np.Array;
  /**
   * Final-norm states [batch, userHidden] at the last position of each history. Borrows the
   * weights; consumes `table` and `histories`.
   */
  lastStates(w: UserLlmWeights, table: np.Array, histories: UserHistories): Promise<np.Array>;
  /**
   * Forward and InfoNCE head of one training step over `vectors` [n, itemHidden] (the table's
   * input); the returned state runs the backward passes. Borrows the weights, `proj` and
   * `logScale`; consumes `vectors`, `histories` and `targets`.
   */
  step(
    w: UserLlmWeights,
    proj: Params,
    logScale: np.Array,
    vectors: np.Array,
    histories: UserHistories,
    targets: UserTargets,
  ): Promise<UserStepState>;
  dispose(): void;
}

/** Builds the layerwise User LLM of architecture `config`, `stageLayers` decoder layers per call. */
export function createLayerwiseUserLlm(config: LlamaConfig, stageLayers: number): LayerwiseUserLlm {
  const decoder = createDecoderStages(config);
  const stages = layerRanges(0, config.numLayers, stageLayers);
  const eps = config.rmsNormEps;

  /** [n + 1, userHidden]: padding row, then `vectors` through `item_proj` when present. */
  const tableOf = (proj: Params, vectors: np.Array): np.Array => {
    const projected =
      proj[ITEM_PROJ_WEIGHT] === undefined
        ? vectors
        : linear(vectors, proj[ITEM_PROJ_WEIGHT].ref, proj[ITEM_PROJ_BIAS].ref); // [n, userHidden]
    return np.concatenate([np.zeros([1, config.hiddenSize]), projected], 0);
  };
  const tableJit = jit((proj: Params, vectors: np.Array) => {
    const t = tableOf(proj, vectors);
    tree.dispose(proj);
    return t;
  });
  const lookUp = jit((table: np.Array, items: np.Array) => ({
    x: np.take(table, items.ref, 0), // [batch, seq, userHidden]
    valid: items.greater(0), // [batch, seq]
  }));
  const lastNormed = jit((weight: np.Array, x: np.Array) => {
    const seq = x.shape[1];
    return rmsNorm(x.slice([], seq - 1), weight, eps); // [batch, userHidden]
  });
  const head = jit(
    (
      weight: np.Array,
      logScale: np.Array,
      x: np.Array,
      table: np.Array,
      targets: np.Array,
      negatives: np.Array,
    ) => {
      const [loss, [dWeight, dScale, dx, dTable]] = valueAndGrad(
        (w: np.Array, s: np.Array, xin: np.Array, t: np.Array) =>
          infonceLoss(rmsNorm(xin, w, eps), t, targets.ref, negatives.ref, s),
        { argnums: [0, 1, 2, 3] },
      )(weight, logScale, x, table);
      targets.dispose();
      negatives.dispose();
      return { loss, dWeight, dScale, dx, dTable };
    },
  );
  const lookUpGrad = jit((table: np.Array, items: np.Array, dx: np.Array, dTable: np.Array) => {
    const [x, back] = vjp((t: np.Array) => np.take(t, items, 0), [table]);
    x.dispose();
    const [dLookUp] = back(dx);
    back.dispose();
    return dTable.add(dLookUp); // [n + 1, userHidden]
  });
  const tableGrad = jit((proj: Params, vectors: np.Array, dTable: np.Array) => {
    const [t, back] = vjp((p: Params, v: np.Array) => tableOf(p, v), [proj, vectors]);
    t.dispose();
    const [projGrads, dVectors] = back(dTable);
    back.dispose();
    return { projGrads, dVectors };
  });

  /** Runs every stage forward from `x`, keeping each stage's input; returns them and the top. */
  const forwardAll = async (w: UserLlmWeights, x: np.Array, valid: np.Array, keep: boolean) => {
    const inputs: np.Array[] = [];
    for (const r of stages) {
      if (keep) inputs.push(x.ref);
      x = await decoder
        .forward(stageSlice(w.trainable, r), stageSlice(w.frozen, r), x, valid.ref)
        .blockUntilReady();
    }
    return { inputs, top: x };
  };
  const weight = (w: UserLlmWeights, name: string) => (w.trainable[name] ?? w.frozen[name]).ref;

  return {
    config,

    table: (proj, vectors) => tableJit(tree.ref(proj), vectors),

    async lastStates(w, table, histories) {
      const { x, valid } = lookUp(table, histories.items);
      const { top } = await forwardAll(w, x, valid.ref, false);
      valid.dispose();
      return lastNormed(weight(w, USER_NORM), top).blockUntilReady(); // [batch, userHidden]
    },

    async step(w, proj, logScale, vectors, histories, targets) {
      const table = tableJit(tree.ref(proj), vectors.ref); // [n + 1, userHidden]
      const { x, valid } = lookUp(table.ref, histories.items.ref);
      const { inputs, top } = await forwardAll(w, x, valid.ref, true);
      const out = await blockUntilReady(
        head(
          weight(w, USER_NORM),
          logScale.ref,
          top,
          table.ref,
          targets.targets,
          targets.negatives,
        ),
      );
      let used = false;
      return {
        loss: out.loss,
        headGrads: { [USER_NORM]: out.dWeight, [LOGIT_SCALE_PARAM]: out.dScale },
        async backward(sink, options) {
          if (used) throw new Error('UserStepState.backward: called after its last pass');
          let dx = out.dx.ref;
          for (let k = stages.length - 1; k >= 0; k--) {
            const r = stages[k];
            const grad = await blockUntilReady(
              decoder.stageGrad(
                stageSlice(w.trainable, r),
                stageSlice(w.frozen, r),
                inputs[k].ref,
                valid.ref,
                dx,
              ),
            );
            await sink(layerNames(grad.grads, r), r);
            dx = grad.dx;
          }
          let result: { projGrads: Params; dVectors: np.Array } | null = null;
          if (options.inputGrads) {
            const dTable = lookUpGrad(table.ref, histories.items.ref, dx, out.dTable.ref);
            result = await blockUntilReady(tableGrad(tree.ref(proj), vectors.ref, dTable));
          } else {
            dx.dispose();
          }
          if (options.last) {
            used = true;
            out.dx.dispose();
            out.dTable.dispose();
            inputs.forEach((a) => a.dispose());
            tree.dispose([table, valid, vectors, histories.items]);
          }
          return result;
        },
      };
    },

    dispose: () => {
      decoder.dispose();
      for (const f of [tableJit, lookUp, lastNormed, head, lookUpGrad, tableGrad]) f.dispose();
    },
  };
}
