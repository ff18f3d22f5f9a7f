import { hllmTextCoverage } from './hllmTextCoverage';
import {
  DEFAULT_HLLM_NEGATIVES,
  DEFAULT_SEED,
  defaultDataConfig,
  defaultItemEncoder,
  defaultRunConfig,
  MODEL_KINDS,
  type ModelKind,
} from './defaults';
import {
  ATTENTION_BIASES,
  LR_SCHEDULES,
  NEGATIVE_SAMPLINGS,
  METRIC_KS,
  type DataConfig,
  type HllmConfig,
  type HstuConfig,
  type ItemEncoderSpec,
  type LlamaConfig,
  type MetricName,
  type ModelConfig,
  type RunConfig,
  type SasrecConfig,
  type TrainConfig,
} from './runConfig';

/** A config built from untrusted input, and each field that was refused (defaults used instead). */
export interface ParsedRunConfig {
  config: RunConfig;
  /** `path: why` for each rejected field, e.g. `model.numLayers: expected an integer in [1, 48], got 0`. */
  rejected: string[];
}

/** What `validateRunConfig` checks a config against. */
export interface DatasetFacts {
  numItems: number;
  /** Text fields of the dataset; when given, HLLM's `textFields` must be among them. */
  textFields?: string[];
  /**
   * Items with text in the fields HLLM reads (or in any field); when given, an HLLM run needs at
   * least `MIN_HLLM_TEXT_SHARE` of the items to have text.
   */
  itemsWithText?: number;
}

type Checked<T> = { ok: true; value: T } | { ok: false; why: string };
/** Validates one value; `coerce` accepts the string forms used in URLs. */
type Check<T> = (value: unknown, coerce: boolean) => Checked<T>;
type Obj = Record<string, unknown>;

/** Every metric name, e.g. `R@5`, `N@10`. */
export const METRIC_NAMES: readonly MetricName[] = METRIC_KS.flatMap((k) => [
  `R@${k}` as MetricName,
  `N@${k}` as MetricName,
]);

const ENCODER_KINDS: readonly ItemEncoderSpec['kind'][] = [
  'precomputed',
  'frozen',
  'finetune',
  'scratch',
];

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toNumber(value: unknown, coerce: boolean): number | undefined {
  if (typeof value === 'number') return value;
  if (coerce && typeof value === 'string' && value.trim() !== '') return Number(value);
  return undefined;
}

function int(min: number, max: number): Check<number> {
  return (value, coerce) => {
    const n = toNumber(value, coerce);
    if (n !== undefined && Number.isInteger(n) && n >= min && n <= max)
      return { ok: true, value: n };
    return { ok: false, why: `expected an integer in [${min}, ${max}], got ${show(value)}` };
  };
}

/** A number between `min` and `max`; `openMin` / `openMax` exclude the bound. */
function num(min: number, max: number, openMin = false, openMax = false): Check<number> {
  const range = `${openMin ? '(' : '['}${min}, ${max}${openMax ? ')' : ']'}`;
  return (value, coerce) => {
    const n = toNumber(value, coerce);
    const aboveMin = n !== undefined && (openMin ? n > min : n >= min);
    const belowMax = n !== undefined && (openMax ? n < max : n <= max);
    if (n !== undefined && aboveMin && belowMax) return { ok: true, value: n };
    return { ok: false, why: `expected a number in ${range}, got ${show(value)}` };
  };
}

const bool: Check<boolean> = (value, coerce) => {
  if (typeof value === 'boolean') return { ok: true, value };
  if (coerce && (value === 'true' || value === 'false'))
    return { ok: true, value: value === 'true' };
  return { ok: false, why: `expected true or false, got ${show(value)}` };
};

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value) => {
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) {
      return { ok: true, value: value as T };
    }
    return {
      ok: false,
      why: `expected one of ${values.map((v) => `'${v}'`).join(', ')}, got ${show(value)}`,
    };
  };
}

const text: Check<string> = (value) => {
  if (typeof value === 'string' && value.trim() !== '') return { ok: true, value };
  return { ok: false, why: `expected a non-empty string, got ${show(value)}` };
};

const textList: Check<string[]> = (value, coerce) => {
  const list = coerce && typeof value === 'string' ? [value] : value;
  const fail = {
    ok: false as const,
    why: `expected a non-empty list of distinct names, got ${show(value)}`,
  };
  if (!Array.isArray(list) || list.length === 0) return fail;
  if (!list.every((v) => typeof v === 'string' && v.trim() !== '')) return fail;
  if (new Set(list).size !== list.length) return fail;
  return { ok: true, value: [...(list as string[])] };
};

const topLayers: Check<number | 'all'> = (value, coerce) => {
  if (value === 'all') return { ok: true, value };
  const n = toNumber(value, coerce);
  // 0: the checkpoint runs frozen on jax-js (catalogue encoded once, only the User LLM trains).
  if (n !== undefined && Number.isInteger(n) && n >= 0 && n <= 1024) return { ok: true, value: n };
  return { ok: false, why: `expected 'all' or an integer in [0, 1024], got ${show(value)}` };
};

/** Reads one object's fields against checks, falling back to defaults and recording rejections. */
class Reader {
  constructor(
    readonly rejected: string[],
    readonly coerce: boolean,
  ) {}

  /** The object at `path`, or `{}` (rejected unless missing) when it is not an object. */
  object(value: unknown, path: string): Obj {
    if (value === undefined) return {};
    if (isObj(value)) return value;
    this.rejected.push(`${path}: expected an object, got ${show(value)}`);
    return {};
  }

  /** Rejects keys of `obj` that are not in `known`. */
  unknown(obj: Obj, known: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) this.rejected.push(`${join(path, key)}: unknown field`);
    }
  }

  /** `obj[key]` when it passes `check`, else `fallback` (recorded as rejected unless missing). */
  field<T>(obj: Obj, key: string, path: string, check: Check<T>, fallback: T): T {
    const value = obj[key];
    if (value === undefined) return fallback;
    const result = check(value, this.coerce);
    if (result.ok) return result.value;
    this.rejected.push(`${join(path, key)}: ${result.why}`);
    return fallback;
  }

  /** Reads every field of `shape` from `obj`, rejecting unknown keys. */
  fields<T extends object>(
    obj: Obj,
    path: string,
    defaults: T,
    shape: { [K in keyof T]: Check<T[K]> },
  ): T {
    const out = { ...defaults };
    const keys = Object.keys(shape) as (keyof T & string)[];
    this.unknown(obj, keys, path);
    for (const key of keys) out[key] = this.field(obj, key, path, shape[key], defaults[key]);
    return out;
  }

  /**
   * Restores `keys` of `out` to `defaults` when `valid(out)` fails, rejecting (with `why`) each key
   * whose given value is thereby replaced.
   */
  consistent<T extends object>(
    out: T,
    defaults: T,
    given: Obj,
    path: string,
    keys: (keyof T & string)[],
    valid: (c: T) => boolean,
    why: (c: T) => string,
  ): T {
    if (valid(out)) return out;
    const reason = why(out);
    const fixed = { ...out };
    for (const key of keys) {
      if (given[key] !== undefined && out[key] !== defaults[key]) {
        this.rejected.push(`${join(path, key)}: ${reason}`);
      }
      fixed[key] = defaults[key];
    }
    return fixed;
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function readData(r: Reader, obj: Obj): DataConfig {
  return r.fields(obj, 'data', defaultDataConfig(), {
    dedupe: bool,
    kCore: int(0, 1000),
    maxHistory: int(1, 1024),
    chunkHistories: bool,
    evalMaxHistory: int(0, 1024),
    evalUsers: int(0, 100_000_000),
    shortUsers: oneOf(['drop', 'train-only'] as const),
    coldFraction: num(0, 0.5),
    longTailMaxCount: int(0, 1_000_000),
    shortHistoryMaxLen: int(0, 1_000_000),
  });
}

const headsDivide = (c: { hiddenSize: number; numHeads: number }): boolean =>
  c.hiddenSize % c.numHeads === 0;
const headsWhy = (c: { hiddenSize: number; numHeads: number }): string =>
  `numHeads ${c.numHeads} does not divide hiddenSize ${c.hiddenSize}; using the defaults of both`;

function readSasrec(r: Reader, obj: Obj, defaults: SasrecConfig): SasrecConfig {
  const out = r.fields(obj, 'model', defaults, {
    kind: oneOf(['sasrec'] as const),
    hiddenSize: int(1, 4096),
    numLayers: int(1, 48),
    numHeads: int(1, 64),
    innerSize: int(1, 16384),
    dropout: num(0, 1, false, true),
  });
  return r.consistent(
    out,
    defaults,
    obj,
    'model',
    ['hiddenSize', 'numHeads'],
    headsDivide,
    headsWhy,
  );
}

function readHstu(r: Reader, obj: Obj, defaults: HstuConfig): HstuConfig {
  const out = r.fields(obj, 'model', defaults, {
    kind: oneOf(['hstu'] as const),
    hiddenSize: int(1, 4096),
    numLayers: int(1, 48),
    numHeads: int(1, 64),
    dropout: num(0, 1, false, true),
  });
  return r.consistent(
    out,
    defaults,
    obj,
    'model',
    ['hiddenSize', 'numHeads'],
    headsDivide,
    headsWhy,
  );
}

function readLlama(r: Reader, obj: Obj, path: string, defaults: LlamaConfig): LlamaConfig {
  const read = r.fields(obj, path, defaults, {
    hiddenSize: int(1, 8192),
    intermediateSize: int(1, 32768),
    numLayers: int(1, 48),
    numHeads: int(1, 128),
    numKvHeads: int(1, 128),
    rmsNormEps: num(0, 0.1, true),
    ropeTheta: num(0, 1e9, true),
    vocabSize: int(1, 1_000_000),
    attentionBias: oneOf(ATTENTION_BIASES),
  });
  // Absent stays absent (= none), so configs without biases serialise as before.
  const { attentionBias, ...rest } = read;
  const out: LlamaConfig = attentionBias === undefined ? rest : { ...rest, attentionBias };
  return r.consistent(
    out,
    defaults,
    obj,
    path,
    ['hiddenSize', 'numHeads', 'numKvHeads'],
    (c) =>
      c.hiddenSize % c.numHeads === 0 &&
      (c.hiddenSize / c.numHeads) % 2 === 0 &&
      c.numHeads % c.numKvHeads === 0,
    (c) =>
      `needs numHeads dividing hiddenSize with an even head size (rotary) and numKvHeads dividing numHeads, got hiddenSize ${c.hiddenSize}, numHeads ${c.numHeads}, numKvHeads ${c.numKvHeads}; using the defaults of all three`,
  );
}

function readEncoder(r: Reader, value: unknown, fallback: ItemEncoderSpec): ItemEncoderSpec {
  const path = 'model.itemEncoder';
  const obj = r.object(value, path);
  const kind = r.field(obj, 'kind', path, oneOf(ENCODER_KINDS), fallback.kind);
  const defaults = defaultItemEncoder(kind);
  const rest = { ...obj, kind: undefined };
  if (defaults === undefined) {
    const given = text(obj.path, r.coerce);
    if (!given.ok) {
      r.rejected.push(
        `${path}.path: required for kind '${kind}', ${given.why}; using the default item encoder`,
      );
      return fallback;
    }
    r.unknown(obj, ['kind', 'path'], path);
    return { kind: 'precomputed', path: given.value };
  }
  if (defaults.kind === 'frozen') {
    return r.fields(rest, path, defaults, {
      kind: oneOf(['frozen'] as const),
      model: text,
      pooling: oneOf(['mean', 'cls', 'last'] as const),
    });
  }
  if (defaults.kind === 'finetune') {
    return r.fields(rest, path, defaults, {
      kind: oneOf(['finetune'] as const),
      model: text,
      topLayers,
      lora: int(0, 1024),
    });
  }
  return r.fields(rest, path, defaults, {
    kind: oneOf(['scratch'] as const),
    tokenizer: text,
    layers: int(1, 48),
    width: int(2, 8192),
  });
}

function readHllm(r: Reader, obj: Obj, defaults: HllmConfig): HllmConfig {
  r.unknown(
    obj,
    [
      'kind',
      'user',
      'itemEncoder',
      'textFields',
      'maxTextTokens',
      'negatives',
      'userInit',
      'userLayers',
      'userLora',
      'memoryBudgetMiB',
      'itemRows',
    ],
    'model',
  );
  const negativeKinds = ['reencode', 'epoch-cache'] as const;
  /** An optional field: absent stays absent, so configs without it serialise as before. */
  const optional = <K extends keyof HllmConfig>(
    key: K,
    check: Check<NonNullable<HllmConfig[K]>>,
  ) => {
    const fallback = defaults[key];
    if (obj[key] === undefined && fallback === undefined) return {};
    const value = r.field(obj, key, 'model', check, fallback as NonNullable<HllmConfig[K]>);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    kind: 'hllm',
    user: readLlama(r, r.object(obj.user, 'model.user'), 'model.user', defaults.user),
    itemEncoder: readEncoder(r, obj.itemEncoder, defaults.itemEncoder),
    textFields: r.field(obj, 'textFields', 'model', textList, defaults.textFields),
    maxTextTokens: r.field(obj, 'maxTextTokens', 'model', int(1, 4096), defaults.maxTextTokens),
    ...(obj.negatives === undefined && defaults.negatives === undefined
      ? {}
      : {
          negatives: r.field(
            obj,
            'negatives',
            'model',
            oneOf(negativeKinds),
            defaults.negatives ?? DEFAULT_HLLM_NEGATIVES,
          ),
        }),
    ...optional('userInit', oneOf(['checkpoint', 'random'] as const)),
    ...optional('userLayers', int(1, 1024)),
    ...optional('userLora', int(0, 1024)),
    ...optional('memoryBudgetMiB', int(64, 1_048_576)),
    ...optional('itemRows', int(1, 4096)),
  };
}

function readModel(r: Reader, obj: Obj, defaults: ModelConfig): ModelConfig {
  if (defaults.kind === 'sasrec') return readSasrec(r, obj, defaults);
  if (defaults.kind === 'hstu') return readHstu(r, obj, defaults);
  if (defaults.kind === 'llmidrec') {
    return {
      kind: 'llmidrec',
      user: readLlama(r, r.object(obj.user, 'model.user'), 'model.user', defaults.user),
    };
  }
  return readHllm(r, obj, defaults);
}

function readTrain(r: Reader, obj: Obj, defaults: TrainConfig): TrainConfig {
  return r.fields(obj, 'train', defaults, {
    loss: oneOf(['infonce', 'bce'] as const),
    numNegatives: int(1, 1_000_000),
    epochs: int(1, 10_000),
    batchSize: int(1, 65_536),
    learningRate: num(0, 1, true),
    weightDecay: num(0, 1),
    warmupSteps: int(0, 10_000_000),
    warmupFraction: num(0, 1),
    schedule: oneOf(LR_SCHEDULES),
    negativeSampling: oneOf(NEGATIVE_SAMPLINGS),
    fixTemperature: bool,
    gradClip: num(0, 1e6),
    evalEvery: int(1, 10_000),
    patience: int(0, 10_000),
    earlyStopMetric: oneOf(METRIC_NAMES),
  });
}

function parseWith(json: unknown, coerce: boolean): ParsedRunConfig {
  const rejected: string[] = [];
  const r = new Reader(rejected, coerce);
  const root = r.object(json, '(root)');
  r.unknown(root, ['seed', 'data', 'model', 'train'], '');
  const model = r.object(root.model, 'model');
  const kind = r.field<ModelKind>(model, 'kind', 'model', oneOf(MODEL_KINDS), 'sasrec');
  if (isObj(root.model) && model.kind === undefined) {
    rejected.push(
      `model.kind: expected one of 'sasrec', 'hstu', 'hllm', got nothing; using 'sasrec'`,
    );
  }
  const defaults = defaultRunConfig(kind);
  const config: RunConfig = {
    seed: r.field(root, 'seed', '', int(0, 0xffffffff), DEFAULT_SEED),
    data: readData(r, r.object(root.data, 'data')),
    model: readModel(r, { ...model, kind: undefined }, defaults.model),
    train: readTrain(r, r.object(root.train, 'train'), defaults.train),
  };
  return { config, rejected };
}

/**
 * Builds a `RunConfig` from untrusted JSON: every field is checked (type, range, consistency such
 * as heads dividing the width); missing fields take the defaults of the model kind, and each
 * refused field is listed in `rejected` with the reason, its default used instead.
 */
export function parseRunConfig(json: unknown): ParsedRunConfig {
  return parseWith(json, false);
}

/** Keys a run config occupies in the URL: `seed` and dotted paths under `data.`, `model.`, `train.`. */
function isConfigKey(key: string): boolean {
  return key === 'seed' || /^(data|model|train)\./.test(key);
}

/** Writes every field of `config` as a dotted URL parameter (lists as repeated keys). */
export function runConfigToSearchParams(config: RunConfig): URLSearchParams {
  const params = new URLSearchParams();
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) for (const v of value) params.append(path, String(v));
    else if (isObj(value)) for (const [k, v] of Object.entries(value)) walk(v, join(path, k));
    else params.append(path, String(value));
  };
  walk(config, '');
  return params;
}

/**
 * Reads a run config from URL parameters written by `runConfigToSearchParams`, with the same checks
 * as `parseRunConfig`; parameters outside the config (`seed`, `data.*`, `model.*`, `train.*`) are
 * left to their owners.
 */
export function runConfigFromSearchParams(params: URLSearchParams): ParsedRunConfig {
  const root: Obj = {};
  const rejected: string[] = [];
  for (const key of new Set(params.keys())) {
    if (!isConfigKey(key)) continue;
    const values = params.getAll(key);
    const parts = key.split('.');
    let node = root;
    let blocked = false;
    for (const part of parts.slice(0, -1)) {
      if (node[part] === undefined) node[part] = {};
      const next = node[part];
      if (!isObj(next)) {
        blocked = true;
        break;
      }
      node = next;
    }
    if (blocked) rejected.push(`${key}: its parent is not an object`);
    else node[parts[parts.length - 1]] = values.length === 1 ? values[0] : values;
  }
  const parsed = parseWith(root, true);
  return { config: parsed.config, rejected: [...rejected, ...parsed.rejected] };
}

/**
 * Checks a config before any work starts: every field (as `parseRunConfig` does) and its fit to
 * the dataset (enough items for the negatives and the cold hold-out, HLLM text fields present).
 * Returns clear error messages; empty when the config can run.
 */
export function validateRunConfig(config: RunConfig, facts: DatasetFacts): string[] {
  const errors = [...parseRunConfig(config).rejected];
  const { numItems } = facts;
  if (numItems < 2) errors.push(`the dataset has ${numItems} item(s); at least 2 are needed`);
  const cold = Math.round(config.data.coldFraction * numItems);
  if (numItems >= 2 && numItems - cold < 2) {
    errors.push(
      `data.coldFraction: ${config.data.coldFraction} holds out ${cold} of ${numItems} items, leaving fewer than 2 to train on`,
    );
  }
  if (config.data.evalMaxHistory > config.data.maxHistory) {
    errors.push(
      `data.evalMaxHistory: ${config.data.evalMaxHistory} exceeds data.maxHistory ${config.data.maxHistory} (the models are built for maxHistory positions); use at most ${config.data.maxHistory}, or 0 for the same`,
    );
  }
  if (config.train.loss === 'infonce' && config.train.numNegatives >= numItems) {
    errors.push(
      `train.numNegatives: ${config.train.numNegatives} negatives but the dataset has only ${numItems} items; use at most ${Math.max(1, numItems - 1)}`,
    );
  }
  if (config.model.kind === 'hllm' && facts.textFields !== undefined) {
    const available = facts.textFields;
    if (available.length === 0) {
      errors.push('model.kind: HLLM needs item text, but the dataset has no text fields');
    }
    for (const field of config.model.textFields) {
      if (available.length > 0 && !available.includes(field)) {
        errors.push(
          `model.textFields: '${field}' is not a text field of the dataset (${available.join(', ')})`,
        );
      }
    }
  }
  if (config.model.kind === 'hllm' && facts.itemsWithText !== undefined) {
    const { error } = hllmTextCoverage(facts.itemsWithText, numItems);
    if (error !== undefined && (facts.textFields === undefined || facts.textFields.length > 0))
      errors.push(error);
  }
  return errors;
}
