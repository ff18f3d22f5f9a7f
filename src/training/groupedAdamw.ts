import { blockUntilReady, jit, numpy as np, tree } from '@jax-js/jax';
import type { Params } from '../models/params';
import {
  adamwUpdate,
  stepScalars,
  type AdamwOptions,
  type AdamwState,
  type StepScalars,
} from './optimizer';

/** Parameters updated by one jitted call: names sharing a prefix, renamed without it. */
export interface ParamGroup {
  prefix: string;
  /** Full names, in the order of the parameter tree. */
  names: string[];
}

const LAYER_PREFIX = /^(.*layers\.\d+\.)/;

/** Floats one group may hold before it is updated one parameter at a time (4 MiB). */
export const MAX_GROUP_FLOATS = 2 ** 20;

/**
 * Groups parameter names by decoder layer (`item.layers.3.`, …), every other name in one group
 * with an empty prefix; a group of more than `maxFloats` values (`sizeOf` counts them) is split
 * into one group per parameter, its prefix everything up to the last dot (`item.layers.3.mlp.up_proj.`
 * + `weight`). Layers of one architecture have the same names after their prefix, so one traced
 * update serves them all; small models update a layer per call, large ones hold one parameter's
 * old and new values (and moments) at a time, and jax-js reuses the buffers for the next.
 */
export function parameterGroups(
  names: readonly string[],
  sizeOf: (name: string) => number,
  maxFloats = MAX_GROUP_FLOATS,
): ParamGroup[] {
  const byPrefix = new Map<string, string[]>();
  for (const name of names) {
    const prefix = LAYER_PREFIX.exec(name)?.[1] ?? '';
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), name]);
  }
  return [...byPrefix].flatMap(([prefix, group]) =>
    group.reduce((n, name) => n + sizeOf(name), 0) <= maxFloats
      ? [{ prefix, names: group }]
      : group.map((name) => ({ prefix: name.slice(0, name.lastIndexOf('.') + 1), names: [name] })),
  );
}

/** One AdamW step applied group by group, after global-norm clipping over every gradient. */
export interface GroupedAdamw {
  /**
   * Updates `params` with `grads` (same names) at 1-based step `t` and learning rate `lr`;
   * consumes params, grads and state. Gradients are scaled by `coef` [] when given (consumed;
   * see `clipCoefficient`), else clipped by their own global norm when clipping is on. Each
   * group's update finishes before the next starts (jax-js runs lazily and frees a consumed
   * buffer only once the work reading it has run), so a step holds one group's old and new
   * values at a time.
   */
  step(
    params: Params,
    grads: Params,
    state: AdamwState,
    t: number,
    lr: number,
    coef?: np.Array,
  ): Promise<{ params: Params; state: AdamwState }>;
  /** Sum of squares of every entry of `grads` [] (borrowed), group by group. */
  squaredNorm(grads: Params): np.Array;
  /**
   * The clipping scale min(1, maxNorm / (√squared + 1e-6)) of gradients whose squared global
   * norm is `squared` (consumed), for gradients that arrive in parts; 1 when clipping is off.
   */
  clipCoefficient(squared: np.Array): np.Array;
  dispose(): void;
}

function renamed(p: Params, group: ParamGroup): Params {
  const out: Params = {};
  for (const name of group.names) out[name.slice(group.prefix.length)] = p[name];
  return out;
}

/**
 * AdamW as `adamwUpdate` (same maths, same clipping: coefficient maxNorm / (norm + 1e-6) when
 * below 1, the norm taken over every gradient), run one group at a time (see `parameterGroups`)
 * so that a step holds one group's new values beside the old ones rather than a second copy of
 * every parameter and moment.
 */
export function createGroupedAdamw(
  opts: AdamwOptions,
  maxGroupFloats = MAX_GROUP_FLOATS,
): GroupedAdamw {
  const squares = jit((g: Params) => {
    const sums = Object.values(g).map((a) => np.square(a).sum());
    return sums.reduce((a, b) => a.add(b));
  });
  const update = jit(
    (p: Params, g: Params, s: AdamwState, scalars: StepScalars, coef: np.Array) => {
      const scaled: Params = {};
      for (const [name, a] of Object.entries(g)) scaled[name] = a.mul(coef.ref);
      coef.dispose();
      return adamwUpdate(p, scaled, s, scalars, { ...opts, gradClip: 0 });
    },
  );
  const floats = (p: Params) => (name: string) => p[name].size;
  const squaredNorm = (grads: Params): np.Array =>
    parameterGroups(Object.keys(grads), floats(grads), maxGroupFloats)
      .map((group) => squares(tree.ref(renamed(grads, group))))
      .reduce((a, b) => a.add(b), np.array(0));
  const clipCoefficient = (squared: np.Array): np.Array => {
    if (opts.gradClip <= 0) {
      squared.dispose();
      return np.array(1);
    }
    return np.minimum(np.reciprocal(np.sqrt(squared).add(1e-6)).mul(opts.gradClip), 1);
  };
  return {
    squaredNorm,
    clipCoefficient,
    async step(params, grads, state, t, lr, given) {
      const groups = parameterGroups(Object.keys(params), floats(params), maxGroupFloats);
      const coef = given ?? (opts.gradClip > 0 ? clipCoefficient(squaredNorm(grads)) : np.array(1));
      const next: Params = {};
      const m: Params = {};
      const v: Params = {};
      for (const group of groups) {
        const out = await blockUntilReady(
          update(
            renamed(params, group),
            renamed(grads, group),
            { m: renamed(state.m, group), v: renamed(state.v, group) },
            stepScalars(t, lr, opts),
            coef.ref,
          ),
        );
        for (const [name, a] of Object.entries(out.params)) next[group.prefix + name] = a;
        for (const [name, a] of Object.entries(out.state.m)) m[group.prefix + name] = a;
        for (const [name, a] of Object.entries(out.state.v)) v[group.prefix + name] = a;
      }
      coef.dispose();
      return { params: next, state: { m, v } };
    },
    dispose() {
      squares.dispose();
      update.dispose();
    },
  };
}
