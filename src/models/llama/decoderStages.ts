import { jit, numpy as np, tree, vjp, type OwnedFunction } from '@jax-js/jax';
import type { LlamaConfig } from '../../config/runConfig';
import { mergeLora } from './lora';
import { causalPaddingMask } from '../nn/attentionMask';
import { rotaryTables } from '../nn/rotary';
import type { Params } from '../params';
import { llamaBlock } from './llamaBlock';

/** Half-open range of decoder layers run by one jitted call. */
export interface LayerRange {
  from: number;
  to: number;
}

/** Splits layers from..to-1 into ranges of `size` layers (the last may be shorter). */
export function layerRanges(from: number, to: number, size: number): LayerRange[] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`layers per stage must be a positive integer, got ${size}`);
  }
  const ranges: LayerRange[] = [];
  for (let start = from; start < to; start += size)
    ranges.push({ from: start, to: Math.min(to, start + size) });
  return ranges;
}

const LAYER_NAME = /^layers\.(\d+)\.(.+)$/;

/**
 * Entries of `p` named `layers.i.rest` for i in the range, renamed `${i - from}.rest` and
 * referenced (`.ref`), so that every stage of the same size has the same names.
 */
export function stageSlice(p: Params, range: LayerRange): Params {
  const out: Params = {};
  for (const [name, a] of Object.entries(p)) {
    const m = LAYER_NAME.exec(name);
    if (m === null) continue;
    const layer = Number(m[1]);
    if (layer >= range.from && layer < range.to) out[`${layer - range.from}.${m[2]}`] = a.ref;
  }
  return out;
}

/** Stage gradients (names `${j}.rest`) renamed back to `layers.${from + j}.rest`. */
export function layerNames(grads: Params, range: LayerRange): Params {
  const out: Params = {};
  for (const [name, g] of Object.entries(grads)) {
    const dot = name.indexOf('.');
    out[`layers.${range.from + Number(name.slice(0, dot))}.${name.slice(dot + 1)}`] = g;
  }
  return out;
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
 * The stage's layers on x [rows, seq, hidden] (positions 0..seq-1, causal, keys outside `valid`
 * [rows, seq] bool masked; LoRA adapters merged into their weights, float16 weights cast).
 * Borrows `trainable`, `frozen` and `valid`; consumes `x`.
 */
export function runStage(
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

/**
 * A Llama decoder run one jitted stage (a few layers) at a time: stage parameters are named
 * `${j}.${name}` for its j-th layer (see `stageSlice`), the same for every stage of the same
 * size, so each function is traced once per shape and jax-js reuses one stage's buffers for the
 * next. Every function consumes its arguments.
 */
export interface DecoderStages {
  /** One stage forward: x [rows, seq, hidden], valid [rows, seq] bool → [rows, seq, hidden]. */
  forward: OwnedFunction<
    (trainable: Params, frozen: Params, x: np.Array, valid: np.Array) => np.Array
  >;
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
  dispose(): void;
}

/** Builds the jitted stage forward and backward of a Llama decoder with architecture `cfg`. */
export function createDecoderStages(cfg: LlamaConfig): DecoderStages {
  const forward = jit((trainable: Params, frozen: Params, x: np.Array, valid: np.Array) => {
    const y = runStage(cfg, trainable, frozen, x, valid);
    tree.dispose([trainable, frozen, valid]);
    return y;
  });
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
  return {
    forward,
    stageGrad,
    dispose: () => {
      forward.dispose();
      stageGrad.dispose();
    },
  };
}
