import { init } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  HllmConfig,
  HstuConfig,
  ModelConfig,
  SasrecConfig,
  TrainConfig,
} from '../../src/config/runConfig';
import { createRecommender } from '../../src/models/createRecommender';
import { ModelConfigError } from '../../src/models/modelConfigError';
import type { RecommenderInit, TrainBatch } from '../../src/models/recommender';
import { createRng } from '../../src/random/rng';

const NUM_ITEMS = 20;
const SEQ = 8;
const BATCH = 16;

const train = (overrides: Partial<TrainConfig> = {}): TrainConfig => ({
  loss: 'infonce',
  numNegatives: 10,
  negativeSampling: 'shared',
  epochs: 1,
  batchSize: BATCH,
  learningRate: 0.01,
  weightDecay: 0,
  warmupSteps: 0,
  warmupFraction: 0,
  schedule: 'cosine',
  fixTemperature: false,
  gradClip: 1,
  evalEvery: 1,
  patience: 0,
  earlyStopMetric: 'N@10',
  ...overrides,
});

const initFor = (overrides: Partial<TrainConfig> = {}, seed = 3): RecommenderInit => ({
  numItems: NUM_ITEMS,
  maxSeqLen: SEQ,
  train: train(overrides),
  totalSteps: 1000,
  seed,
});

const sasrec: SasrecConfig = {
  kind: 'sasrec',
  hiddenSize: 16,
  numLayers: 1,
  numHeads: 2,
  innerSize: 16,
  dropout: 0.1,
};
const hstu: HstuConfig = { kind: 'hstu', hiddenSize: 16, numLayers: 1, numHeads: 2, dropout: 0 };
const hllm: HllmConfig = {
  kind: 'hllm',
  user: {
    hiddenSize: 16,
    intermediateSize: 32,
    numLayers: 1,
    numHeads: 4,
    numKvHeads: 2,
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    vocabSize: 1,
  },
  itemEncoder: { kind: 'precomputed', path: 'test' },
  textFields: ['title'],
  maxTextTokens: 8,
};

/** Random item text embeddings for the HLLM user model. */
function itemText(dim: number) {
  const rng = createRng(11);
  return {
    shape: [NUM_ITEMS, dim],
    data: Float32Array.from({ length: NUM_ITEMS * dim }, () => rng.normal()),
  };
}

/** Histories following a deterministic cycle (item k is followed by k + 1), of varying length. */
function cycleBatch(seed: number, seq = SEQ): TrainBatch {
  const rng = createRng(seed);
  const inputs = new Int32Array(BATCH * seq);
  const targets = new Int32Array(BATCH * seq);
  for (let b = 0; b < BATCH; b++) {
    const len = 2 + rng.int(seq - 1);
    let item = rng.int(NUM_ITEMS);
    for (let t = seq - len; t < seq; t++) {
      inputs[b * seq + t] = item + 1;
      item = (item + 1) % NUM_ITEMS;
      targets[b * seq + t] = item + 1;
    }
  }
  return { batchSize: BATCH, seqLen: seq, inputs, targets };
}

/** Trains `steps` steps on fresh cycle batches; returns the mean loss of the first and last 5 steps. */
async function trainCycle(config: ModelConfig, init: RecommenderInit, steps: number, extras = {}) {
  const rec = createRecommender(config, init, extras);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) losses.push(await rec.trainStep(cycleBatch(s)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { rec, first: mean(losses.slice(0, 5)), last: mean(losses.slice(-5)), losses };
}

/** Fraction of histories whose highest-scoring item is the true next item of the cycle. */
async function hitRate(rec: Awaited<ReturnType<typeof trainCycle>>['rec']): Promise<number> {
  const n = NUM_ITEMS;
  const histories = new Int32Array(n * 3);
  for (let i = 0; i < n; i++) for (let t = 0; t < 3; t++) histories[i * 3 + t] = ((i + t) % n) + 1;
  const users = await rec.encodeUsers(histories, n, 3);
  const items = await rec.encodeItems();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < rec.dim; k++) s += users[i * rec.dim + k] * items[j * rec.dim + k];
      if (s > bestScore) [best, bestScore] = [j, s];
    }
    if (best === (i + 3) % n) hits++;
  }
  return hits / n;
}

describe('createRecommender', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  it.each([
    ['zero layers', { ...sasrec, numLayers: 0 }, {}, 'model.numLayers'],
    ['heads not dividing the width', { ...sasrec, numHeads: 3 }, {}, 'model.numHeads'],
    [
      'kv heads not dividing heads',
      { ...hllm, user: { ...hllm.user, numKvHeads: 3 } },
      {},
      'model.user.numKvHeads',
    ],
    ['more negatives than items', sasrec, { numNegatives: NUM_ITEMS + 1 }, 'train.numNegatives'],
    ['dropout of 1', { ...hstu, dropout: 1 }, {}, 'model.dropout'],
    ['a fixed temperature for HLLM', hllm, { fixTemperature: true }, 'train.fixTemperature'],
    [
      'per-position negatives for HLLM',
      hllm,
      { negativeSampling: 'per-position' },
      'train.negativeSampling',
    ],
    [
      'a fixed temperature with BCE',
      sasrec,
      { fixTemperature: true, loss: 'bce' },
      'train.fixTemperature',
    ],
  ] as [string, ModelConfig, Partial<TrainConfig>, string][])(
    'rejects %s',
    (_, config, overrides, field) => {
      let error: unknown;
      try {
        createRecommender(config, initFor(overrides), { itemTextEmbeddings: itemText(6) });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ModelConfigError);
      expect((error as ModelConfigError).field).toBe(field);
      expect((error as Error).message).toContain(field);
    },
  );

  it('rejects a sequence length of 0 and HLLM without its item embeddings', () => {
    expect(() => createRecommender(sasrec, { ...initFor(), maxSeqLen: 0 })).toThrow(
      /data.maxHistory/,
    );
    expect(() => createRecommender(hllm, initFor())).toThrow(/itemTextEmbeddings/);
  });

  it('SASRec (InfoNCE, dropout) learns a cycle: loss falls and the next item ranks first', async () => {
    const { rec, first, last } = await trainCycle(sasrec, initFor(), 60);
    expect(last).toBeLessThan(first * 0.6);
    expect(await hitRate(rec)).toBeGreaterThan(0.5);
    rec.dispose();
  });

  it('SASRec with BCE, HSTU and the HLLM user model all reduce their training loss', async () => {
    for (const [config, overrides, extras] of [
      [sasrec, { loss: 'bce' }, {}],
      [hstu, {}, {}],
      [hllm, {}, { itemTextEmbeddings: itemText(6) }],
    ] as [ModelConfig, Partial<TrainConfig>, object][]) {
      const { rec, first, last } = await trainCycle(config, initFor(overrides), 30, extras);
      expect(last, config.kind).toBeLessThan(first * 0.8);
      rec.dispose();
    }
  });

  it('LLMIDRec (a Llama over item ids) learns the cycle, with shared or per-position negatives', async () => {
    const llmidrec: ModelConfig = { kind: 'llmidrec', user: hllm.user };
    for (const negativeSampling of ['shared', 'per-position'] as const) {
      const { rec, first, last } = await trainCycle(
        llmidrec,
        initFor({ negativeSampling, numNegatives: 4 }),
        60,
      );
      expect(last, negativeSampling).toBeLessThan(first * 0.6);
      expect(await hitRate(rec), negativeSampling).toBeGreaterThan(0.5);
      expect(Object.keys(await rec.getParams())).toContain('item_embedding.weight');
      rec.dispose();
    }
  });

  it('SASRec and HSTU learn the cycle with per-position negatives (the official sampling)', async () => {
    for (const config of [sasrec, hstu]) {
      const { rec, first, last } = await trainCycle(
        config,
        initFor({ negativeSampling: 'per-position', numNegatives: 4 }),
        60,
      );
      expect(last, config.kind).toBeLessThan(first * 0.6);
      expect(await hitRate(rec), config.kind).toBeGreaterThan(0.5);
      rec.dispose();
    }
  });

  it('trains SASRec and HSTU with the fixed temperature (fixTemperature): no logit scale is learned', async () => {
    for (const config of [sasrec, hstu]) {
      const { rec, first, last } = await trainCycle(config, initFor({ fixTemperature: true }), 30);
      expect(last, config.kind).toBeLessThan(first * 0.8);
      expect(Object.keys(await rec.getParams())).not.toContain('logit_scale');
      rec.dispose();
    }
    // The fixed scale is exp(log 20): a different loss from the learned one's start, exp(log 1/0.07).
    const fixed = await trainCycle(sasrec, initFor({ fixTemperature: true }), 1);
    const learned = await trainCycle(sasrec, initFor(), 1);
    expect(fixed.first).not.toBeCloseTo(learned.first, 3);
    fixed.rec.dispose();
    learned.rec.dispose();
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const a = await trainCycle(sasrec, initFor({}, 5), 3);
    const b = await trainCycle(sasrec, initFor({}, 5), 3);
    const c = await trainCycle(sasrec, initFor({}, 6), 3);
    expect(b.losses).toEqual(a.losses);
    expect(c.losses).not.toEqual(a.losses);
    for (const r of [a, b, c]) r.rec.dispose();
  });

  it('round-trips parameters through getParams/setParams and rejects mismatched ones', async () => {
    const a = (await trainCycle(sasrec, initFor({}, 7), 3)).rec;
    const b = createRecommender(sasrec, initFor({}, 8));
    const params = await a.getParams();
    expect(Object.keys(params)).toContain('trm_encoder.layer.0.multi_head_attention.query.weight');
    expect(Object.keys(params)).toContain('logit_scale');
    b.setParams(params);
    expect(await b.encodeItems()).toEqual(await a.encodeItems());
    const batch = cycleBatch(99);
    expect(await b.encodeUsers(batch.inputs, BATCH, SEQ)).toEqual(
      await a.encodeUsers(batch.inputs, BATCH, SEQ),
    );
    const wrong = { ...params, 'LayerNorm.bias': { shape: [3], data: new Float32Array(3) } };
    expect(() => b.setParams(wrong)).toThrow(/LayerNorm.bias: expected shape \[16\]/);
    const missing = Object.fromEntries(Object.entries(params).filter(([n]) => n !== 'logit_scale'));
    expect(() => b.setParams(missing)).toThrow(/missing \[logit_scale\]/);
    a.dispose();
    b.dispose();
  });

  it('encodes users the same whatever the amount of left padding, and items as [numItems, dim]', async () => {
    // Odd widths and sequence length: the device copies are zero-padded to 4 lanes.
    const odd: SasrecConfig = {
      kind: 'sasrec',
      hiddenSize: 10,
      numLayers: 1,
      numHeads: 2,
      innerSize: 6,
      dropout: 0,
    };
    const rec = createRecommender(odd, { ...initFor(), maxSeqLen: 7 });
    for (let s = 0; s < 3; s++) await rec.trainStep(cycleBatch(s, 7));
    const params = await rec.getParams();
    expect(params['trm_encoder.layer.0.multi_head_attention.query.weight'].shape).toEqual([10, 10]);
    expect(params['trm_encoder.layer.0.feed_forward.dense_1.weight'].shape).toEqual([6, 10]);
    const short = new Int32Array([3, 4, 5, 0, 9, 2]); // two histories of length 3
    const padded = new Int32Array([0, 0, 0, 0, 3, 4, 5, 0, 0, 0, 0, 0, 9, 2]); // same, seqLen 7
    const a = await rec.encodeUsers(short, 2, 3);
    const b = await rec.encodeUsers(padded, 2, 7);
    expect(a.length).toBe(2 * rec.dim);
    expect(Array.from(b)).toEqual(Array.from(a));
    const items = await rec.encodeItems();
    expect(items.length).toBe(NUM_ITEMS * rec.dim);
    // InfoNCE scores cosines: users and items come out as unit vectors.
    for (const [vectors, i] of [
      [a, 1],
      [items, NUM_ITEMS - 1],
    ] as const) {
      const row = vectors.slice(i * rec.dim, (i + 1) * rec.dim);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
    rec.dispose();
  });
});
