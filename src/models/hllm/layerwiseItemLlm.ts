import { blockUntilReady, numpy as np } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { ITEM_TOKEN } from '../../itemEncoders/itemLlm';
import type { Params } from '../params';
import {
  createDecoderStages,
  layerNames,
  layerRanges,
  stageSlice,
  type LayerRange,
} from '../llama/decoderStages';
import { createItemLlmStages } from './itemLlmStages';

/** Name of the final RMSNorm weight among the Item LLM's weights. */
export const FINAL_NORM = 'norm.weight';

/**
 * Item LLM weights on the device by checkpoint name (`layers.3.mlp.up_proj.weight`,
 * `norm.weight`, `item_token`, `embed_tokens.weight`, LoRA `….lora_A`/`….lora_B`): what trains and
 * what stays fixed. Borrowed by every call.
 */
export interface ItemLlmWeights {
  trainable: Params;
  frozen: Params;
}

/** Device inputs of one block of Item LLM rows; consumed by every call. */
export interface ItemRowInputs {
  /**
   * [rows, seq, hidden] text states entering the boundary layer: the token embeddings (looked up
   * on the host) when it is 0, else the cached states.
   */
  states: np.Array;
  /** [rows, seq] float32, 1 at each row's [ITEM] slot. */
  slots: np.Array;
  /** [rows, seq] bool, true up to and including the [ITEM] slot. */
  valid: np.Array;
}

/**
 * An Item LLM run one jitted stage at a time: a pass over items holds one stage's
 * intermediates, and gradients come from per-stage `vjp`s that recompute each stage from its
 * stored input (activation checkpointing), so memory grows with rows × tokens × hidden per
 * stage, not with every layer's intermediates. jax-js runs work lazily and a jitted call
 * allocates all its buffers when called, so each call is waited for before the next is made.
 */
export interface LayerwiseItemLlm {
  readonly config: LlamaConfig;
  /** Layer the [ITEM] vector enters at; lower layers only build the text states. */
  readonly boundary: number;
  /**
   * Item embeddings [rows, hidden]: text states (cached, or the token embeddings), [ITEM] at the
   * slot, layers boundary..L-1 and the final norm read at the slot; no graph is kept.
   */
  embed(w: ItemLlmWeights, rows: ItemRowInputs): Promise<np.Array>;
  /**
   * Adds to `acc` (trainable names) the gradient of ⟨embed(rows), dEmb⟩ with respect to the
   * trainable weights, for dEmb [rows, hidden]: one stage input per stage is kept, each stage's
   * backward recomputes its forward. The gradient with respect to the text states entering the
   * first layer ([rows, seq, hidden], zero at the [ITEM] slot) goes to `onTextGrad` (which owns
   * it) when given: the token embeddings' gradient, when they train. Consumes `rows` and `dEmb`.
   */
  accumulateGrads(
    w: ItemLlmWeights,
    rows: ItemRowInputs,
    dEmb: np.Array,
    acc: Params,
    onTextGrad?: (dStates: np.Array) => Promise<void>,
  ): Promise<void>;
  /**
   * Runs layers from..to-1 on x [rows, seq, hidden] one layer per call (catalogue passes: one
   * layer's intermediates at a time). Consumes `x` and `valid` ([rows, seq] bool).
   */
  runLayers(
    w: ItemLlmWeights,
    x: np.Array,
    valid: np.Array,
    from: number,
    to: number,
  ): Promise<np.Array>;
  /** Final-norm states [rows, seq, hidden] of x (consumed); no read-out. */
  finalNorm(w: ItemLlmWeights, x: np.Array): np.Array;
  dispose(): void;
}

/** Adds `g` to `acc[name]` (taking ownership of `g`). */
export function addInto(acc: Params, name: string, g: np.Array): void {
  const prev = acc[name];
  acc[name] = prev === undefined ? g : prev.add(g);
}

/** Builds a layerwise Item LLM of architecture `config` whose [ITEM] vector enters at `boundary`. */
export function createLayerwiseItemLlm(
  config: LlamaConfig,
  boundary: number,
  stageLayers: number,
): LayerwiseItemLlm {
  const decoder = createDecoderStages(config);
  const stages = createItemLlmStages(config);
  const upper = layerRanges(boundary, config.numLayers, stageLayers);
  const weight = (w: ItemLlmWeights, name: string): np.Array => {
    const a = w.trainable[name] ?? w.frozen[name];
    if (a === undefined) throw new Error(`Item LLM weight ${name} is not on the device`);
    return a.ref;
  };
  /** One stage forward, finished before it returns (so the next call can reuse its buffers). */
  const forwardRange = async (w: ItemLlmWeights, x: np.Array, valid: np.Array, r: LayerRange) =>
    decoder
      .forward(stageSlice(w.trainable, r), stageSlice(w.frozen, r), x, valid.ref)
      .blockUntilReady();
  const withItem = (w: ItemLlmWeights, states: np.Array, slots: np.Array) =>
    stages.insert(weight(w, ITEM_TOKEN), states, slots);

  return {
    config,
    boundary,

    async embed(w, rows) {
      let x = withItem(w, rows.states, rows.slots.ref);
      for (const r of upper) x = await forwardRange(w, x, rows.valid, r);
      rows.valid.dispose();
      return stages.head(weight(w, FINAL_NORM), x, rows.slots); // [rows, hidden]
    },

    async accumulateGrads(w, rows, dEmb, acc, onTextGrad) {
      let x = withItem(w, rows.states, rows.slots.ref);
      const inputs: np.Array[] = []; // input of each stage but the last
      for (const r of upper.slice(0, -1)) {
        inputs.push(x.ref);
        x = await forwardRange(w, x, rows.valid, r);
      }
      // Each sum is waited for, so that the stage's gradients are freed before the next stage's exist.
      const addStage = async (grads: Params, r: LayerRange) => {
        for (const [name, g] of Object.entries(layerNames(grads, r))) addInto(acc, name, g);
        await blockUntilReady(acc);
      };
      const last = upper[upper.length - 1];
      const top = stages.lastStageGrad(
        stageSlice(w.trainable, last),
        stageSlice(w.frozen, last),
        weight(w, FINAL_NORM),
        x,
        rows.valid.ref,
        rows.slots.ref,
        dEmb,
      );
      await blockUntilReady(top);
      addInto(acc, FINAL_NORM, top.dNorm);
      await addStage(top.grads, last);
      let dx = top.dx; // [rows, seq, hidden]
      for (let k = upper.length - 2; k >= 0; k--) {
        const r = upper[k];
        const out = decoder.stageGrad(
          stageSlice(w.trainable, r),
          stageSlice(w.frozen, r),
          inputs[k],
          rows.valid.ref,
          dx,
        );
        await blockUntilReady(out);
        await addStage(out.grads, r);
        dx = out.dx;
      }
      rows.valid.dispose();
      const { dItem, dStates } = stages.insertGrad(rows.slots, dx);
      addInto(acc, ITEM_TOKEN, dItem);
      await blockUntilReady(acc);
      if (onTextGrad === undefined) dStates.dispose();
      else await onTextGrad(dStates);
    },

    async runLayers(w, x, valid, from, to) {
      for (const r of layerRanges(from, to, 1)) x = await forwardRange(w, x, valid, r);
      valid.dispose();
      return x;
    },

    finalNorm: (w, x) => stages.norm(weight(w, FINAL_NORM), x),

    dispose: () => {
      decoder.dispose();
      stages.dispose();
    },
  };
}
