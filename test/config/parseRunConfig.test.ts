import { describe, expect, it } from 'vitest';
import { DEFAULT_ITEM_LLM, defaultRunConfig, presetRunConfig } from '../../src/config/defaults';
import {
  parseRunConfig,
  runConfigFromSearchParams,
  runConfigToSearchParams,
  validateRunConfig,
} from '../../src/config/parseRunConfig';
import type { RunConfig } from '../../src/config/runConfig';

/** One bad field: the input, the expected message, and where to read the value that must stay default. */
interface BadCase {
  json: unknown;
  message: string;
  read: (c: RunConfig) => unknown;
}

const hllm = (fields: Record<string, unknown>): unknown => ({ model: { kind: 'hllm', ...fields } });
const user = (c: RunConfig): unknown => (c.model.kind === 'hllm' ? c.model.user : undefined);
const encoder = (c: RunConfig): unknown =>
  c.model.kind === 'hllm' ? c.model.itemEncoder : undefined;

const BAD: BadCase[] = [
  {
    json: { seed: -1 },
    message: 'seed: expected an integer in [0, 4294967295], got -1',
    read: (c) => c.seed,
  },
  {
    json: { seed: 1.5 },
    message: 'seed: expected an integer in [0, 4294967295], got 1.5',
    read: (c) => c.seed,
  },
  {
    json: { seed: '7' },
    message: "seed: expected an integer in [0, 4294967295], got '7'",
    read: (c) => c.seed,
  },
  { json: { data: 3 }, message: 'data: expected an object, got 3', read: (c) => c.data },
  {
    json: { data: { dedupe: 'yes' } },
    message: "data.dedupe: expected true or false, got 'yes'",
    read: (c) => c.data.dedupe,
  },
  {
    json: { data: { kCore: -1 } },
    message: 'data.kCore: expected an integer in [0, 1000], got -1',
    read: (c) => c.data.kCore,
  },
  {
    json: { data: { maxHistory: 0 } },
    message: 'data.maxHistory: expected an integer in [1, 1024], got 0',
    read: (c) => c.data.maxHistory,
  },
  {
    json: { data: { shortUsers: 'keep' } },
    message: "data.shortUsers: expected one of 'drop', 'train-only', got 'keep'",
    read: (c) => c.data.shortUsers,
  },
  {
    json: { data: { coldFraction: 0.6 } },
    message: 'data.coldFraction: expected a number in [0, 0.5], got 0.6',
    read: (c) => c.data.coldFraction,
  },
  {
    json: { data: { coldFraction: -0.1 } },
    message: 'data.coldFraction: expected a number in [0, 0.5], got -0.1',
    read: (c) => c.data.coldFraction,
  },
  {
    json: { data: { coldFraction: Number.NaN } },
    message: 'data.coldFraction: expected a number in [0, 0.5], got NaN',
    read: (c) => c.data.coldFraction,
  },
  {
    json: { data: { longTailMaxCount: -1 } },
    message: 'data.longTailMaxCount: expected an integer in [0, 1000000], got -1',
    read: (c) => c.data.longTailMaxCount,
  },
  {
    json: { data: { shortHistoryMaxLen: null } },
    message: 'data.shortHistoryMaxLen: expected an integer in [0, 1000000], got null',
    read: (c) => c.data.shortHistoryMaxLen,
  },
  { json: { data: { colds: 0.1 } }, message: 'data.colds: unknown field', read: (c) => c.data },
  { json: { extra: 1 }, message: 'extra: unknown field', read: (c) => c.seed },
  {
    json: { model: { kind: 'gpt' } },
    message: "model.kind: expected one of 'sasrec', 'hstu', 'llmidrec', 'hllm', got 'gpt'",
    read: (c) => c.model,
  },
  {
    json: { model: { numLayers: 2 } },
    message: "model.kind: expected one of 'sasrec', 'hstu', 'hllm', got nothing; using 'sasrec'",
    read: (c) => c.model,
  },
  {
    json: { model: { kind: 'sasrec', numLayers: 0 } },
    message: 'model.numLayers: expected an integer in [1, 48], got 0',
    read: (c) => c.model,
  },
  {
    json: { model: { kind: 'sasrec', innerSize: 0 } },
    message: 'model.innerSize: expected an integer in [1, 16384], got 0',
    read: (c) => c.model,
  },
  {
    json: { model: { kind: 'sasrec', dropout: 1 } },
    message: 'model.dropout: expected a number in [0, 1), got 1',
    read: (c) => c.model,
  },
  {
    json: { model: { kind: 'sasrec', numHeads: 3 } },
    message: 'model.numHeads: numHeads 3 does not divide hiddenSize 50; using the defaults of both',
    read: (c) => c.model,
  },
  {
    json: { model: { kind: 'hstu', numHeads: 4 } },
    message: 'model.numHeads: numHeads 4 does not divide hiddenSize 50; using the defaults of both',
    read: (c) => c.model,
  },
  {
    json: { model: { kind: 'hstu', hidden: 4 } },
    message: 'model.hidden: unknown field',
    read: (c) => c.model,
  },
  {
    json: hllm({ user: { numLayers: 0 } }),
    message: 'model.user.numLayers: expected an integer in [1, 48], got 0',
    read: user,
  },
  {
    json: hllm({ user: { rmsNormEps: 0 } }),
    message: 'model.user.rmsNormEps: expected a number in (0, 0.1], got 0',
    read: user,
  },
  {
    json: hllm({ user: { ropeTheta: -1 } }),
    message: 'model.user.ropeTheta: expected a number in (0, 1000000000], got -1',
    read: user,
  },
  {
    json: hllm({ user: { vocabSize: 0 } }),
    message: 'model.user.vocabSize: expected an integer in [1, 1000000], got 0',
    read: user,
  },
  {
    json: hllm({ user: { intermediateSize: 2.5 } }),
    message: 'model.user.intermediateSize: expected an integer in [1, 32768], got 2.5',
    read: user,
  },
  {
    json: hllm({ user: { numKvHeads: 3 } }),
    message:
      'model.user.numKvHeads: needs numHeads dividing hiddenSize with an even head size (rotary) and numKvHeads dividing numHeads, got hiddenSize 64, numHeads 4, numKvHeads 3; using the defaults of all three',
    read: user,
  },
  {
    json: hllm({ user: { attentionBias: 'qkvo_mlp' } }),
    message: "model.user.attentionBias: expected one of 'none', 'qkv', 'qkvo', got 'qkvo_mlp'",
    read: user,
  },
  {
    json: hllm({ itemEncoder: 'frozen' }),
    message: "model.itemEncoder: expected an object, got 'frozen'",
    read: encoder,
  },
  {
    json: hllm({ itemEncoder: { kind: 'magic' } }),
    message:
      "model.itemEncoder.kind: expected one of 'precomputed', 'frozen', 'finetune', 'scratch', got 'magic'",
    read: encoder,
  },
  {
    json: hllm({ itemEncoder: { kind: 'precomputed' } }),
    message:
      "model.itemEncoder.path: required for kind 'precomputed', expected a non-empty string, got nothing; using the default item encoder",
    read: encoder,
  },
  {
    json: hllm({ itemEncoder: { kind: 'frozen', pooling: 'max' } }),
    message: "model.itemEncoder.pooling: expected one of 'mean', 'cls', 'last', got 'max'",
    // The frozen encoder keeps its kind and takes the default pooling (the default run's is 'last').
    read: (c) =>
      c.model.kind === 'hllm' && c.model.itemEncoder.kind === 'frozen'
        ? c.model.itemEncoder.pooling
        : 'last',
  },
  {
    json: hllm({ itemEncoder: { model: '' } }),
    message: "model.itemEncoder.model: expected a non-empty string, got ''",
    read: encoder,
  },
  {
    json: hllm({ textFields: [] }),
    message: 'model.textFields: expected a non-empty list of distinct names, got []',
    read: (c) => (c.model.kind === 'hllm' ? c.model.textFields : undefined),
  },
  {
    json: hllm({ textFields: ['title', 'title'] }),
    message: 'model.textFields: expected a non-empty list of distinct names, got ["title","title"]',
    read: (c) => (c.model.kind === 'hllm' ? c.model.textFields : undefined),
  },
  {
    json: hllm({ textFields: 'title' }),
    message: "model.textFields: expected a non-empty list of distinct names, got 'title'",
    read: (c) => (c.model.kind === 'hllm' ? c.model.textFields : undefined),
  },
  {
    json: hllm({ maxTextTokens: 0 }),
    message: 'model.maxTextTokens: expected an integer in [1, 4096], got 0',
    read: (c) => c.model,
  },
  {
    json: { train: { loss: 'mse' } },
    message: "train.loss: expected one of 'infonce', 'bce', got 'mse'",
    read: (c) => c.train.loss,
  },
  {
    json: { train: { numNegatives: 0 } },
    message: 'train.numNegatives: expected an integer in [1, 1000000], got 0',
    read: (c) => c.train.numNegatives,
  },
  {
    json: { train: { epochs: 0 } },
    message: 'train.epochs: expected an integer in [1, 10000], got 0',
    read: (c) => c.train.epochs,
  },
  {
    json: { train: { batchSize: 0 } },
    message: 'train.batchSize: expected an integer in [1, 65536], got 0',
    read: (c) => c.train.batchSize,
  },
  {
    json: { train: { learningRate: 0 } },
    message: 'train.learningRate: expected a number in (0, 1], got 0',
    read: (c) => c.train.learningRate,
  },
  {
    json: { train: { learningRate: 2 } },
    message: 'train.learningRate: expected a number in (0, 1], got 2',
    read: (c) => c.train.learningRate,
  },
  {
    json: { train: { weightDecay: -1 } },
    message: 'train.weightDecay: expected a number in [0, 1], got -1',
    read: (c) => c.train.weightDecay,
  },
  {
    json: { train: { warmupSteps: -1 } },
    message: 'train.warmupSteps: expected an integer in [0, 10000000], got -1',
    read: (c) => c.train.warmupSteps,
  },
  {
    json: { train: { gradClip: -1 } },
    message: 'train.gradClip: expected a number in [0, 1000000], got -1',
    read: (c) => c.train.gradClip,
  },
  {
    json: { train: { evalEvery: 0 } },
    message: 'train.evalEvery: expected an integer in [1, 10000], got 0',
    read: (c) => c.train.evalEvery,
  },
  {
    json: { train: { patience: -1 } },
    message: 'train.patience: expected an integer in [0, 10000], got -1',
    read: (c) => c.train.patience,
  },
  {
    json: { train: { earlyStopMetric: 'N@7' } },
    message:
      "train.earlyStopMetric: expected one of 'R@5', 'N@5', 'R@10', 'N@10', 'R@50', 'N@50', 'R@200', 'N@200', got 'N@7'",
    read: (c) => c.train.earlyStopMetric,
  },
];

describe('parseRunConfig', () => {
  it('fills every missing field with the defaults of the model kind', () => {
    expect(parseRunConfig({})).toEqual({ config: defaultRunConfig('sasrec'), rejected: [] });
    expect(parseRunConfig({ model: { kind: 'hllm' } })).toEqual({
      config: defaultRunConfig('hllm'),
      rejected: [],
    });
  });

  it('rejects a non-object with the defaults', () => {
    expect(parseRunConfig(5)).toEqual({
      config: defaultRunConfig('sasrec'),
      rejected: ['(root): expected an object, got 5'],
    });
  });

  it.each(BAD.map((c) => [c.message, c] as const))('rejects %s', (_, bad) => {
    const { config, rejected } = parseRunConfig(bad.json);
    expect(rejected).toEqual([bad.message]);
    const kind = config.model.kind;
    expect(bad.read(config)).toEqual(bad.read(defaultRunConfig(kind)));
  });

  it('keeps the valid fields next to a rejected one', () => {
    const { config, rejected } = parseRunConfig({
      seed: 9,
      data: { maxHistory: 0, coldFraction: 0.25 },
      model: { kind: 'hstu', numLayers: 3 },
    });
    expect(rejected).toHaveLength(1);
    expect(config.seed).toBe(9);
    expect(config.data.coldFraction).toBe(0.25);
    expect(config.model).toMatchObject({ kind: 'hstu', numLayers: 3 });
  });

  it('reverts width and heads together when a given width does not fit the heads', () => {
    const { config, rejected } = parseRunConfig({
      model: { kind: 'sasrec', hiddenSize: 64, numHeads: 3 },
    });
    expect(rejected).toEqual([
      'model.hiddenSize: numHeads 3 does not divide hiddenSize 64; using the defaults of both',
      'model.numHeads: numHeads 3 does not divide hiddenSize 64; using the defaults of both',
    ]);
    expect(config.model).toMatchObject({ hiddenSize: 50, numHeads: 1 });
    expect(
      parseRunConfig({ model: { kind: 'sasrec', hiddenSize: 64, numHeads: 4 } }).rejected,
    ).toEqual([]);
  });

  it('names only the fields a consistency fix replaces', () => {
    const { rejected } = parseRunConfig({ model: { kind: 'sasrec', hiddenSize: 0, numHeads: 3 } });
    expect(rejected).toEqual([
      'model.hiddenSize: expected an integer in [1, 4096], got 0',
      'model.numHeads: numHeads 3 does not divide hiddenSize 50; using the defaults of both',
    ]);
  });

  it('keeps a User LLM attention bias when given and leaves it absent (none) otherwise', () => {
    const biased = parseRunConfig(hllm({ user: { attentionBias: 'qkv' } }));
    expect(biased.rejected).toEqual([]);
    expect(user(biased.config)).toMatchObject({ attentionBias: 'qkv' });
    expect(user(parseRunConfig(hllm({})).config)).not.toHaveProperty('attentionBias');
  });

  it('requires an even rotary head size in the User LLM', () => {
    const { rejected } = parseRunConfig(hllm({ user: { hiddenSize: 36, numHeads: 4 } }));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(
      /^model.user.hiddenSize: needs numHeads dividing hiddenSize with an even head size/,
    );
  });

  it('accepts every item encoder kind, filling its defaults', () => {
    const parse = (itemEncoder: unknown): unknown => {
      const { config, rejected } = parseRunConfig(hllm({ itemEncoder }));
      expect(rejected).toEqual([]);
      return config.model.kind === 'hllm' ? config.model.itemEncoder : undefined;
    };
    expect(parse({ kind: 'precomputed', path: 'emb.npy' })).toEqual({
      kind: 'precomputed',
      path: 'emb.npy',
    });
    expect(parse({ kind: 'finetune', topLayers: 2, lora: 8 })).toEqual({
      kind: 'finetune',
      model: DEFAULT_ITEM_LLM,
      topLayers: 2,
      lora: 8,
    });
    expect(parse({ kind: 'scratch', width: 32 })).toEqual({
      kind: 'scratch',
      tokenizer: DEFAULT_ITEM_LLM,
      layers: 2,
      width: 32,
    });
    // 0 top layers: the checkpoint frozen on jax-js.
    expect(parse({ kind: 'finetune', topLayers: 0 })).toMatchObject({ topLayers: 0 });
    expect(
      parseRunConfig(hllm({ itemEncoder: { kind: 'finetune', topLayers: -1 } })).rejected,
    ).toEqual(["model.itemEncoder.topLayers: expected 'all' or an integer in [0, 1024], got -1"]);
  });
});

describe('URL search params', () => {
  const custom: RunConfig = {
    ...presetRunConfig('paper-faithful', 'hllm'),
    seed: 12345,
    data: {
      ...defaultRunConfig('hllm').data,
      coldFraction: 0.15,
      shortUsers: 'train-only',
      dedupe: false,
    },
  };
  if (custom.model.kind === 'hllm') {
    custom.model.itemEncoder = { kind: 'precomputed', path: 'my items&more=1.npy' };
    custom.model.textFields = ['title', 'brand', 'description'];
  }
  custom.train.learningRate = 3e-4;

  it('round-trips every preset and kind, through the URL string', () => {
    const configs = [
      custom,
      ...(['sasrec', 'hstu', 'hllm'] as const).map((k) => presetRunConfig('classroom-quick', k)),
    ];
    for (const config of configs) {
      const url = runConfigToSearchParams(config).toString();
      expect(runConfigFromSearchParams(new URLSearchParams(url))).toEqual({ config, rejected: [] });
    }
  });

  it('round-trips a User LLM attention bias through the URL string', () => {
    const biased: RunConfig = structuredClone(custom);
    if (biased.model.kind === 'hllm') biased.model.user.attentionBias = 'qkv';
    const url = runConfigToSearchParams(biased).toString();
    expect(url).toContain('model.user.attentionBias=qkv');
    expect(runConfigFromSearchParams(new URLSearchParams(url))).toEqual({
      config: biased,
      rejected: [],
    });
  });

  it('stores every field with a dotted key and lists as repeated keys', () => {
    const params = runConfigToSearchParams(custom);
    expect(params.get('seed')).toBe('12345');
    expect(params.get('model.user.numKvHeads')).toBe('2');
    expect(params.getAll('model.textFields')).toEqual(['title', 'brand', 'description']);
  });

  it('ignores parameters outside the config and rejects bad values by name', () => {
    const params = new URLSearchParams(
      'tab=train&dataset=ml-100k&model.kind=sasrec&model.numLayers=abc&data.dedupe=1&train.epochs=2.5&seed=8',
    );
    const { config, rejected } = runConfigFromSearchParams(params);
    expect(config.seed).toBe(8);
    expect(rejected).toEqual([
      "data.dedupe: expected true or false, got '1'",
      "model.numLayers: expected an integer in [1, 48], got 'abc'",
      "train.epochs: expected an integer in [1, 10000], got '2.5'",
    ]);
  });

  it('reads a single text field as a one-item list and rejects a scalar used as a parent', () => {
    const one = runConfigFromSearchParams(
      new URLSearchParams('model.kind=hllm&model.textFields=title'),
    );
    expect(one.rejected).toEqual([]);
    expect(one.config.model.kind === 'hllm' && one.config.model.textFields).toEqual(['title']);
    const clash = runConfigFromSearchParams(
      new URLSearchParams('model.kind=hllm&model.user=3&model.user.numLayers=1'),
    );
    expect(clash.rejected).toContain('model.user.numLayers: its parent is not an object');
  });
});

describe('validateRunConfig', () => {
  it('accepts the defaults for a large enough dataset', () => {
    expect(validateRunConfig(defaultRunConfig('sasrec'), { numItems: 1000 })).toEqual([]);
  });

  it('refuses more InfoNCE negatives than the dataset can give', () => {
    expect(validateRunConfig(defaultRunConfig('sasrec'), { numItems: 300 })).toEqual([
      'train.numNegatives: 512 negatives but the dataset has only 300 items; use at most 299',
    ]);
    const bce = defaultRunConfig('sasrec');
    bce.train.loss = 'bce';
    expect(validateRunConfig(bce, { numItems: 300 })).toEqual([]);
  });

  it('refuses an evaluation history longer than the models are built for', () => {
    const config = defaultRunConfig('hllm');
    config.data.evalMaxHistory = 40;
    expect(validateRunConfig(config, { numItems: 1000 })).toEqual([]);
    config.data.evalMaxHistory = 60;
    expect(validateRunConfig(config, { numItems: 1000 })).toEqual([
      'data.evalMaxHistory: 60 exceeds data.maxHistory 50 (the models are built for maxHistory positions); use at most 50, or 0 for the same',
    ]);
  });

  it('refuses datasets too small to rank or to train after the cold hold-out', () => {
    const config = defaultRunConfig('sasrec');
    config.train.numNegatives = 1;
    expect(validateRunConfig(config, { numItems: 1 })).toContain(
      'the dataset has 1 item(s); at least 2 are needed',
    );
    config.data.coldFraction = 0.5;
    expect(validateRunConfig(config, { numItems: 3 })).toEqual([
      'data.coldFraction: 0.5 holds out 2 of 3 items, leaving fewer than 2 to train on',
    ]);
  });

  it('checks HLLM text fields against the dataset', () => {
    const config = defaultRunConfig('hllm');
    expect(validateRunConfig(config, { numItems: 1000, textFields: ['title'] })).toEqual([
      "model.textFields: 'description' is not a text field of the dataset (title)",
    ]);
    expect(validateRunConfig(config, { numItems: 1000, textFields: [] })).toEqual([
      'model.kind: HLLM needs item text, but the dataset has no text fields',
    ]);
  });

  it('reports invalid fields of a config built in code', () => {
    const config = defaultRunConfig('sasrec');
    if (config.model.kind === 'sasrec') config.model.numLayers = 0;
    config.data.maxHistory = 0;
    expect(validateRunConfig(config, { numItems: 1000 })).toEqual([
      'data.maxHistory: expected an integer in [1, 1024], got 0',
      'model.numLayers: expected an integer in [1, 48], got 0',
    ]);
  });
});
