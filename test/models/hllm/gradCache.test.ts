import { init } from '@jax-js/jax';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import type { HllmConfig, HllmNegatives, ItemEncoderSpec } from '../../../src/config/runConfig';
import { tokenizeCatalogue } from '../../../src/itemEncoders/itemLlmCatalogue';
import { loadLlamaCheckpoint } from '../../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../../src/itemEncoders/node/localModelFiles';
import { createHllm, resolveUserLlm } from '../../../src/models/hllm/createHllm';
import { scratchItemLlm, type ItemLlmSource } from '../../../src/models/hllm/itemLlmSource';
import { frozenItemEmbeddings } from '../../../src/models/hllm/frozenItemEmbeddings';
import type { JointRecommender } from '../../../src/models/hllm/jointRecommender';
import { userWeightsFromCheckpoint } from '../../../src/models/hllm/userInit';
import { ITEM_PREFIX, USER_PREFIX } from '../../../src/models/hllm/paramTree';
import { negativeCandidates, sampleNegativePool } from '../../../src/models/negativeSampler';
import type { HostParams, RecommenderInit, TrainBatch } from '../../../src/models/recommender';
import { createRng, deriveSeed } from '../../../src/random/rng';
import { ADAMW_DEFAULTS } from '../../../src/training/optimizer';
import { learningRateAt } from '../../../src/training/schedule';
import { singleGraphGradients, singleGraphStep, type SingleGraphSetup } from './singleGraphHllm';

const FIXTURES = join(__dirname, '../../fixtures');
const MAX_TEXT_TOKENS = 96;
const SHARPEN = 4;
const ITEMS = [
  'Jazz Piano',
  'Jazz Harmony',
  'Roses',
  'Compost',
  'Film Cameras',
  'Wildlife',
  'Finance',
  'Taxes',
].map((title, i) => ({ title, description: `lesson ${i}` }));

/**
 * `weights` with every matrix scaled by `factor`: the fixtures' N(0, 0.02) layers barely change
 * the [ITEM] state, so every item vector would have cosine > 0.99 with every other, InfoNCE would
 * mask every negative and the loss and its gradients would be zero.
 */
function sharpened(weights: HostParams, factor: number): HostParams {
  return Object.fromEntries(
    Object.entries(weights).map(([name, t]) => [
      name,
      t.shape.length === 2 ? { shape: t.shape, data: t.data.map((v) => v * factor) } : t,
    ]),
  );
}

const sources: Record<string, ItemLlmSource> = {};
beforeAll(async () => {
  await init('wasm');
  for (const name of ['tiny-llama', 'tiny-qwen2']) {
    const ckpt = await loadLlamaCheckpoint(createLocalModelFiles(join(FIXTURES, name)));
    sources[name] = {
      source: name,
      config: ckpt.config,
      weights: sharpened(ckpt.params, SHARPEN),
      tokenizer: ckpt.tokenizer,
    };
  }
  const llama = sources['tiny-llama'];
  const scratch = scratchItemLlm(llama.tokenizer, llama.config.vocabSize, 2, 16, 9, 'tiny-llama');
  sources.scratch = { ...scratch, weights: sharpened(scratch.weights, 2.5 * SHARPEN) };
});

const modelInit = (negatives: HllmNegatives, gradClip = 1): RecommenderInit => ({
  numItems: ITEMS.length,
  maxSeqLen: 4,
  train: {
    ...defaultRunConfig('hllm').train,
    batchSize: 3,
    numNegatives: 5,
    learningRate: 1e-2,
    weightDecay: 0.01,
    warmupSteps: 0,
    warmupFraction: 0,
    gradClip,
    // One step per epoch, so cached negatives are refreshed before every step.
    epochs: negatives === 'epoch-cache' ? 4 : 1,
  },
  totalSteps: 4,
  seed: 7,
});

/** Three left-padded histories over the 8 items (+1 encoding) with next-item targets. */
const batch: TrainBatch = {
  batchSize: 3,
  seqLen: 4,
  inputs: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 8, 1]),
  targets: Int32Array.from([0, 2, 3, 4, 5, 6, 7, 8, 0, 0, 1, 2]),
};

interface Case {
  name: string;
  source: string;
  encoder: ItemEncoderSpec;
  negatives: HllmNegatives;
  /** User LLM: the checkpoint's first layers, or a random one of another width (projection). */
  user: 'checkpoint' | 'random';
  /** User LLM layers (default 2: the backward goes layer by layer). */
  userLayers?: number;
}

const finetune = (topLayers: number | 'all', lora = 0): ItemEncoderSpec => ({
  kind: 'finetune',
  model: 'fixture',
  topLayers,
  lora,
});

const CASES: Case[] = [
  {
    name: 'top-1',
    source: 'tiny-llama',
    encoder: finetune(1),
    negatives: 'reencode',
    user: 'checkpoint',
  },
  {
    name: 'all layers',
    source: 'tiny-llama',
    encoder: finetune('all'),
    negatives: 'reencode',
    user: 'random',
  },
  {
    name: 'LoRA r=4, all layers',
    source: 'tiny-llama',
    encoder: finetune('all', 4),
    negatives: 'reencode',
    user: 'checkpoint',
  },
  {
    name: 'LoRA r=2, top-1, cached negatives',
    source: 'tiny-llama',
    encoder: finetune(1, 2),
    negatives: 'epoch-cache',
    user: 'random',
  },
  {
    name: 'Qwen2 biases, top-1',
    source: 'tiny-qwen2',
    encoder: finetune(1),
    negatives: 'reencode',
    user: 'checkpoint',
  },
  {
    name: 'frozen Item LLM (fixed item vectors)',
    source: 'tiny-llama',
    encoder: finetune(0),
    negatives: 'reencode',
    user: 'checkpoint',
  },
  {
    name: 'scratch 2 × 16, cached negatives',
    source: 'scratch',
    encoder: { kind: 'scratch', tokenizer: 'fixture', layers: 2, width: 16 },
    negatives: 'epoch-cache',
    user: 'random',
    // With two random User LLM layers the scratch vectors collapse (every negative masked).
    userLayers: 1,
  },
];

function configOf(c: Case): HllmConfig {
  const base = defaultRunConfig('hllm').model as HllmConfig;
  const item = sources[c.source].config;
  return {
    ...base,
    user: {
      ...item,
      hiddenSize: 24,
      intermediateSize: 48,
      numHeads: 2,
      numKvHeads: 1,
      numLayers: c.userLayers ?? 2,
    },
    itemEncoder: c.encoder,
    textFields: ['title', 'description'],
    maxTextTokens: MAX_TEXT_TOKENS,
    negatives: c.negatives,
    userInit: c.user,
    userLayers: c.userLayers ?? 2,
  };
}

/** ‖a − b‖₂ / ‖b‖₂ over a tensor (0 when both are zero). */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    scale += b[i] ** 2;
  }
  return scale === 0 ? Math.sqrt(diff) : Math.sqrt(diff / scale);
}

/** Every tensor of `p` concatenated, in name order. */
function flat(p: HostParams): Float32Array {
  const names = Object.keys(p).sort();
  const out = new Float32Array(names.reduce((n, name) => n + p[name].data.length, 0));
  let at = 0;
  for (const name of names) {
    out.set(p[name].data, at);
    at += p[name].data.length;
  }
  return out;
}

/** Float32 noise of the reference: how far its eager and jitted runs differ, overall and per tensor. */
interface Noise {
  overall: number;
  perTensor: Record<string, number>;
}

function noiseBetween(a: HostParams, b: HostParams): Noise {
  return {
    overall: relativeError(flat(a), flat(b)),
    perTensor: Object.fromEntries(
      Object.keys(b).map((n) => [n, relativeError(a[n].data, b[n].data)]),
    ),
  };
}

/**
 * `got` equals `want` (same names and shapes): all gradients together and each tensor within
 * 1e-5 relative, or within the float32 noise of the reference itself (its eager and jitted runs
 * differ by up to 5e-5 on these fixtures).
 */
function expectClose(got: HostParams, want: HostParams, noise: Noise): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  expect(relativeError(flat(got), flat(want))).toBeLessThan(Math.max(1e-5, noise.overall));
  for (const name of Object.keys(want)) {
    expect(got[name].shape, name).toEqual(want[name].shape);
    const tolerance = Math.max(1e-5, noise.perTensor[name]);
    expect(relativeError(got[name].data, want[name].data), name).toBeLessThan(tolerance);
  }
}

/**
 * Parameters after one AdamW step equal within 1e-5 of each tensor's largest value, on every
 * component whose step the gradients fix. At the first step AdamW moves a component by
 * lr · cg / (|cg| + eps), c the clipping coefficient: gradients that differ by δ (measured:
 * `ours` against the reference's `grads`, largest per tensor) give steps that differ by up to
 * lr · eps · cδ / (|cg| + eps)², and in sign when |g| ≤ δ. Components where either bound exceeds the tolerance (gradients at float32
 * noise level, e.g. key biases, whose exact gradient is zero) are left out; gradients that are
 * zero on both sides are kept (neither moves them); at least 90% of all components are compared.
 */
function expectSameStep(
  got: HostParams,
  want: HostParams,
  grads: HostParams,
  ours: HostParams,
  lr: number,
  clip: number,
): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  const largest = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const eps = ADAMW_DEFAULTS.eps;
  const norm = Math.sqrt(
    Object.values(grads).reduce((s, t) => s + t.data.reduce((a, v) => a + v * v, 0), 0),
  );
  const c = clip > 0 ? Math.min(1, clip / (norm + 1e-6)) : 1;
  let kept = 0;
  let total = 0;
  for (const name of Object.keys(want)) {
    const g = grads[name].data;
    const delta = largest(g.map((v, i) => v - ours[name].data[i]));
    const tolerance = 1e-5 * largest(want[name].data);
    const determined = (i: number) =>
      (g[i] === 0 && ours[name].data[i] === 0) ||
      (Math.abs(g[i]) > 10 * delta &&
        (lr * eps * c * delta) / (c * Math.abs(g[i]) + eps) ** 2 < tolerance / 10);
    const pick = (a: Float32Array) => a.filter((_, i) => determined(i));
    const compared = pick(want[name].data);
    kept += compared.length;
    total += g.length;
    expect(relativeError(pick(got[name].data), compared), name).toBeLessThan(1e-5);
  }
  expect(kept / total).toBeGreaterThan(0.9);
}

/** The joint model of a case, and what the single-graph reference needs to run the same step. */
async function setUp(
  c: Case,
  itemRows: number,
  stageLayers: number | undefined,
  gradClip = 1,
): Promise<{ model: JointRecommender; setup: SingleGraphSetup }> {
  const source = sources[c.source];
  const config = { ...configOf(c), itemRows };
  const init = modelInit(c.negatives, gradClip);
  const model = (await createHllm(config, init, {
    items: ITEMS,
    itemLlm: source,
    stageLayers,
  })) as JointRecommender;
  const names = Object.keys(await model.getParams());
  const trainableUnder = (prefix: string) =>
    new Set(names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)));
  const trainable = trainableUnder(ITEM_PREFIX);
  const userTrainable = trainableUnder(USER_PREFIX);
  const resolved = resolveUserLlm(config, source.config);
  const userHost =
    c.user === 'checkpoint'
      ? userWeightsFromCheckpoint(resolved.user, source.config, source.weights)
      : {};
  const topLayers = c.encoder.kind === 'finetune' ? c.encoder.topLayers : 'all';
  const boundary = topLayers === 'all' ? 0 : source.config.numLayers - topLayers;
  const tokenIds = tokenizeCatalogue(
    source.tokenizer,
    ITEMS,
    ['title', 'description'],
    MAX_TEXT_TOKENS,
  );
  const table =
    topLayers === 0
      ? await frozenItemEmbeddings(source.config, source.weights, tokenIds, 'last')
      : undefined;
  const setup: SingleGraphSetup = {
    shape: {
      item: source.config,
      user: resolved.user,
      boundary,
      project: resolved.user.hiddenSize !== source.config.hiddenSize,
    },
    tokenIds,
    table,
    itemFrozen: Object.fromEntries(
      Object.entries(source.weights).filter(([n]) => !trainable.has(n)),
    ),
    userFrozen: Object.fromEntries(Object.entries(userHost).filter(([n]) => !userTrainable.has(n))),
    reencode: c.negatives === 'reencode',
    seqLen: 4,
  };
  return { model, setup };
}

const poolOf = (seed: number) =>
  sampleNegativePool(createRng(deriveSeed(seed, 'negatives')), negativeCandidates(ITEMS.length), 5);

describe('HLLM gradient caching (layerwise Item LLM) equals the single-graph step', () => {
  for (const c of CASES) {
    it(`${c.name}: gradients for any micro-batch and stage size, and one AdamW step`, async () => {
      // Gradients are compared away from the start, so that LoRA's B (zero at first) passes
      // gradient to A: every variant gets the parameters after one step of the first.
      const base = await setUp(c, 2, 1);
      await base.model.trainStep(batch);
      const host = await base.model.getParams();
      base.model.dispose();
      const pool = Int32Array.from([3, 8, 1, 6, 2]);
      const want = await singleGraphGradients(base.setup, host, batch, pool, 8);
      expect(want.loss).toBeGreaterThan(0.5);
      for (const [name, g] of Object.entries(want.grads)) {
        expect(
          g.data.some((v) => v !== 0),
          `${name} has a gradient`,
        ).toBe(true);
      }
      const jitted = await singleGraphGradients(base.setup, host, batch, pool, 8, true);
      const noise = noiseBetween(jitted.grads, want.grads);
      let first: HostParams | null = null;
      for (const [itemRows, stageLayers] of [
        [2, 1],
        [3, undefined],
        [64, 1],
      ] as const) {
        const { model } = await setUp(c, itemRows, stageLayers);
        model.setParams(host);
        const got = await model.stepGradients(batch, pool);
        expect(got.loss).toBeCloseTo(want.loss, 5);
        expectClose(got.grads, want.grads, noise);
        // Micro-batch and stage sizes change nothing beyond float32 rounding.
        if (first === null) first = got.grads;
        else expectClose(got.grads, first, noise);
        model.dispose();
      }

      // One AdamW step with clipping (the User LLM's backward runs twice: norm, then update)
      // and without (each User LLM layer updated as soon as its gradient exists).
      for (const clip of [1, 0]) {
        const { model, setup } = await setUp(c, 3, 1, clip);
        const start = await model.getParams();
        const init = modelInit(c.negatives, clip);
        const stepPool = poolOf(init.seed);
        const ours = (await model.stepGradients(batch, stepPool)).grads;
        await model.trainStep(batch);
        const lr = learningRateAt(0, init.train.learningRate, 0, init.totalSteps, 'cosine');
        const opts = { ...ADAMW_DEFAULTS, weightDecay: 0.01, gradClip: clip };
        const stepped = await singleGraphStep(setup, start, batch, stepPool, 8, opts, lr);
        const grads = (await singleGraphGradients(setup, start, batch, stepPool, 8)).grads;
        expectSameStep(await model.getParams(), stepped, grads, ours, lr, clip);
        model.dispose();
      }
    });
  }
});
