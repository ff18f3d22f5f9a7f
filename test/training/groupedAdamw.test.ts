import { init, tree } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { initHostParams, toDevice, toHost, type ParamSpecs } from '../../src/models/params';
import type { HostParams } from '../../src/models/recommender';
import { createGroupedAdamw, parameterGroups } from '../../src/training/groupedAdamw';
import { LOGIT_SCALE_MAX } from '../../src/training/loss';
import {
  ADAMW_DEFAULTS,
  adamwUpdate,
  initAdamw,
  LOGIT_SCALE_PARAM,
  stepScalars,
} from '../../src/training/optimizer';

beforeAll(async () => {
  await init('wasm');
});

/** Two 2-layer stacks, a table and a logit scale near its clamp, like a joint HLLM. */
function specs(scale: number): ParamSpecs {
  const out: ParamSpecs = {};
  for (const prefix of ['item.', 'user.']) {
    for (let i = 0; i < 2; i++) {
      out[`${prefix}layers.${i}.mlp.up_proj.weight`] = {
        kind: 'normal',
        std: scale,
        shape: [6, 4],
      };
      out[`${prefix}layers.${i}.input_layernorm.weight`] = {
        kind: 'normal',
        std: scale,
        shape: [4],
      };
    }
  }
  out['item.embed_tokens.weight'] = { kind: 'normal', std: scale, shape: [10, 4] };
  out[LOGIT_SCALE_PARAM] = { kind: 'fill', value: LOGIT_SCALE_MAX - 1e-4, shape: [] };
  return out;
}

const close = (a: HostParams, b: HostParams) => {
  for (const name of Object.keys(b)) {
    const diff = a[name].data.reduce((m, v, i) => Math.max(m, Math.abs(v - b[name].data[i])), 0);
    const scale = b[name].data.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    expect(diff / scale, name).toBeLessThan(2e-7);
  }
};

describe('AdamW applied one group at a time', () => {
  it('groups parameters by decoder layer, and splits a group over the limit per parameter', () => {
    const shapes = specs(1);
    const sizeOf = (name: string) => shapes[name].shape.reduce((a, b) => a * b, 1);
    const groups = parameterGroups(Object.keys(shapes), sizeOf);
    expect(groups.map((g) => g.prefix)).toEqual([
      'item.layers.0.',
      'item.layers.1.',
      'user.layers.0.',
      'user.layers.1.',
      '',
    ]);
    expect(groups[4].names).toEqual(['item.embed_tokens.weight', LOGIT_SCALE_PARAM]);
    // A layer holds 28 values: over a limit of 20, each parameter is its own group.
    const split = parameterGroups(Object.keys(shapes), sizeOf, 20);
    expect(split[0]).toEqual({
      prefix: 'item.layers.0.mlp.up_proj.',
      names: ['item.layers.0.mlp.up_proj.weight'],
    });
    expect(split.at(-1)).toEqual({ prefix: '', names: [LOGIT_SCALE_PARAM] });
  });

  for (const [gradClip, limit] of [
    [0, undefined],
    [1, undefined],
    [1, 20],
  ] as const) {
    it(`equals adamwUpdate on the same gradients over two steps (clip ${gradClip}, group limit ${limit ?? 'default'})`, async () => {
      const opts = { ...ADAMW_DEFAULTS, weightDecay: 0.01, gradClip };
      const params = initHostParams(specs(1), 1);
      const grads = [initHostParams(specs(3), 2), initHostParams(specs(0.1), 3)];
      let ref = toDevice(params);
      let refState = initAdamw(ref);
      let ours = toDevice(params);
      let ourState = initAdamw(ours);
      const optimizer = createGroupedAdamw(opts, limit);
      for (let t = 1; t <= 2; t++) {
        const lr = 0.01 / t;
        const next = adamwUpdate(
          ref,
          toDevice(grads[t - 1]),
          refState,
          stepScalars(t, lr, opts),
          opts,
        );
        ref = next.params;
        refState = next.state;
        const mine = await optimizer.step(ours, toDevice(grads[t - 1]), ourState, t, lr);
        ours = mine.params;
        ourState = mine.state;
      }
      close(await toHost(ours), await toHost(ref));
      close(await toHost(ourState.m), await toHost(refState.m));
      close(await toHost(ourState.v), await toHost(refState.v));
      const scale = (await toHost(ours))[LOGIT_SCALE_PARAM].data[0];
      expect(scale).toBeLessThanOrEqual(LOGIT_SCALE_MAX + 1e-6);
      tree.dispose([ref, refState, ours, ourState]);
      optimizer.dispose();
    });
  }
});
