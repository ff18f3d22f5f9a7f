import { init, numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { toDevice, toHost } from '../../src/models/params';
import { LOGIT_SCALE_MAX } from '../../src/training/loss';
import {
  ADAMW_DEFAULTS,
  adamwUpdate,
  clipByGlobalNorm,
  stepScalars,
} from '../../src/training/optimizer';
import { learningRateAt, warmupStepsOf } from '../../src/training/schedule';
import { expectClose, hostParams, loadGolden, type GoldenTensor } from '../models/golden';

type Tensors = Record<string, GoldenTensor>;
interface AdamwGolden {
  step: number;
  lr: number;
  weightDecay: number;
  gradClip: number;
  params: Tensors;
  grads: Tensors;
  m: Tensors;
  v: Tensors;
  newParams: Tensors;
  newM: Tensors;
  newV: Tensors;
}

describe('AdamW with global-norm clipping', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  it('matches torch clip_grad_norm_ + AdamW for one step, and clamps logit_scale to log 100', async () => {
    const g = loadGolden<AdamwGolden>('adamw.json');
    const opts = { ...ADAMW_DEFAULTS, weightDecay: g.weightDecay, gradClip: g.gradClip };
    const dev = (t: Tensors) => toDevice(hostParams(t));
    const out = adamwUpdate(
      dev(g.params),
      dev(g.grads),
      { m: dev(g.m), v: dev(g.v) },
      stepScalars(g.step, g.lr, opts),
      opts,
    );
    const [params, m, v] = await Promise.all([
      toHost(out.params),
      toHost(out.state.m),
      toHost(out.state.v),
    ]);
    for (const name of Object.keys(g.params)) {
      expectClose(`param ${name}`, params[name].data, g.newParams[name].data, 1e-5);
      expectClose(`m ${name}`, m[name].data, g.newM[name].data, 1e-5);
      expectClose(`v ${name}`, v[name].data, g.newV[name].data, 1e-5);
    }
    expect(params.logit_scale.data[0]).toBeCloseTo(LOGIT_SCALE_MAX, 5);
  });

  it('leaves gradients below the clip norm unchanged and rescales larger ones to the norm', async () => {
    const small = clipByGlobalNorm({ a: np.array([0.3, 0.4]) }, 1);
    expectClose('small', await small.a.data(), [0.3, 0.4], 1e-6);
    const large = clipByGlobalNorm({ a: np.array([3, 0]), b: np.array([[4]]) }, 1);
    expectClose('large a', await large.a.data(), [0.6, 0], 1e-5);
    expectClose('large b', await large.b.data(), [0.8], 1e-5);
  });
});

describe('learning-rate schedule', () => {
  it('matches torch LambdaLR with linear warmup then cosine decay', () => {
    const g = loadGolden<{
      baseLr: number;
      warmupSteps: number;
      totalSteps: number;
      lrs: number[];
    }>('schedule.json');
    const lrs = g.lrs.map((_, i) =>
      learningRateAt(i, g.baseLr, g.warmupSteps, g.totalSteps, 'cosine'),
    );
    expectClose('lr', lrs, g.lrs, 1e-9);
  });

  it('starts at the base rate without warmup and never goes negative', () => {
    expect(learningRateAt(0, 0.5, 0, 10, 'cosine')).toBe(0.5);
    for (let s = 0; s < 20; s++) {
      expect(learningRateAt(s, 0.5, 3, 10, 'cosine')).toBeGreaterThanOrEqual(0);
    }
  });

  it('holds the base rate after warm-up with the constant schedule', () => {
    const lrs = [0, 1, 2, 3, 9].map((s) => learningRateAt(s, 0.5, 2, 10, 'constant'));
    expect(lrs).toEqual([0, 0.25, 0.5, 0.5, 0.5]);
  });

  it('warms up over the larger of the fixed steps and the fraction of all steps', () => {
    expect(warmupStepsOf({ warmupSteps: 0, warmupFraction: 0.1 }, 250)).toBe(25);
    expect(warmupStepsOf({ warmupSteps: 40, warmupFraction: 0.1 }, 250)).toBe(40);
    expect(warmupStepsOf({ warmupSteps: 0, warmupFraction: 0 }, 250)).toBe(0);
  });
});
