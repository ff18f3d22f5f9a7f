import { numpy as np } from '@jax-js/jax';
import type { Params } from '../models/params';
import { LOGIT_SCALE_MAX } from './loss';

/** AdamW hyper-parameters that are fixed for a run (baked into the traced step). */
export interface AdamwOptions {
  weightDecay: number;
  /** Global-norm clip (0 = off). */
  gradClip: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** torch.optim.AdamW defaults for the betas and epsilon. */
export const ADAMW_DEFAULTS = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/** First and second moment estimates, one per parameter. */
export type AdamwState = { m: Params; v: Params };

/** Per-step scalars, passed as arrays so the jitted step is traced once: lr and 1 − βᵗ. */
export type StepScalars = { lr: np.Array; biasCorrection1: np.Array; biasCorrection2: np.Array };

/** Name of the learned log logit scale, clamped to [0, log 100] after every step. */
export const LOGIT_SCALE_PARAM = 'logit_scale';

/** Zero moments shaped like `params` (borrowed). */
export function initAdamw(params: Params): AdamwState {
  const zeros = (): Params =>
    Object.fromEntries(Object.entries(params).map(([n, p]) => [n, np.zeros(p.shape)]));
  return { m: zeros(), v: zeros() };
}

/** Host values of the step scalars for 1-based step `t` at learning rate `lr`. */
export function stepScalars(t: number, lr: number, opts: AdamwOptions): StepScalars {
  return {
    lr: np.array(lr),
    biasCorrection1: np.array(1 - Math.pow(opts.beta1, t)),
    biasCorrection2: np.array(1 - Math.pow(opts.beta2, t)),
  };
}

/**
 * Scales `grads` so their global L2 norm is at most `maxNorm` (torch clip_grad_norm_: coefficient
 * maxNorm / (norm + 1e-6), applied only when below 1). Consumes `grads`.
 */
export function clipByGlobalNorm(grads: Params, maxNorm: number): Params {
  const names = Object.keys(grads);
  const squares = names.map((n) => np.square(grads[n].ref).sum());
  const norm = np.sqrt(squares.reduce((a, b) => a.add(b)));
  const coef = np.minimum(np.reciprocal(norm.add(1e-6)).mul(maxNorm), 1);
  const out: Params = {};
  for (const n of names) out[n] = grads[n].mul(coef.ref);
  coef.dispose();
  return out;
}

/**
 * One AdamW step (decoupled weight decay, as torch.optim.AdamW) after optional global-norm
 * clipping; `logit_scale` is clamped to [0, log 100] afterwards. Consumes every argument.
 */
export function adamwUpdate(
  params: Params,
  grads: Params,
  state: AdamwState,
  scalars: StepScalars,
  opts: AdamwOptions,
): { params: Params; state: AdamwState } {
  const g = opts.gradClip > 0 ? clipByGlobalNorm(grads, opts.gradClip) : grads;
  const { lr, biasCorrection1, biasCorrection2 } = scalars;
  const out: Params = {};
  const m: Params = {};
  const v: Params = {};
  for (const name of Object.keys(params)) {
    const gi = g[name];
    const mi = state.m[name].mul(opts.beta1).add(gi.ref.mul(1 - opts.beta1));
    const vi = state.v[name].mul(opts.beta2).add(np.square(gi).mul(1 - opts.beta2));
    const mHat = mi.ref.div(biasCorrection1.ref);
    const vHat = vi.ref.div(biasCorrection2.ref);
    const decayed = params[name].mul(lr.ref.mul(opts.weightDecay).neg().add(1));
    let p = decayed.sub(lr.ref.mul(mHat).div(np.sqrt(vHat).add(opts.eps)));
    if (name === LOGIT_SCALE_PARAM) p = np.clip(p, 0, LOGIT_SCALE_MAX);
    out[name] = p;
    m[name] = mi;
    v[name] = vi;
  }
  lr.dispose();
  biasCorrection1.dispose();
  biasCorrection2.dispose();
  return { params: out, state: { m, v } };
}
