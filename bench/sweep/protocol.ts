import { defaultRunConfig, presetRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';

/**
 * The README protocol of ../shared/data/README.md, shared by the sweep and bench/training.ts (this
 * module has no entry point, so the sweep's bundle can import it): SASRec (or HSTU) d = 50, 2 blocks, 1 head, maxlen 50,
 * BCE with one negative, Adam lr 1e-3 with cosine decay, without clipping or weight decay, batch
 * 128, validation every 5 epochs on N@10 with patience 3, no k-core, no cold hold-out, one training
 * sample per user: what the PyTorch reference (scripts/reference/train_reference.py) does.
 */
export function parityConfig(
  kind: 'sasrec' | 'hstu',
  dropout: number,
  epochs: number,
  seed: number,
): RunConfig {
  const base = defaultRunConfig(kind);
  return {
    seed,
    data: { ...base.data, kCore: 0, coldFraction: 0, maxHistory: 50, chunkHistories: false },
    model:
      kind === 'sasrec'
        ? { kind, hiddenSize: 50, numLayers: 2, numHeads: 1, innerSize: 50, dropout }
        : { kind, hiddenSize: 50, numLayers: 2, numHeads: 1, dropout },
    train: {
      ...base.train,
      loss: 'bce',
      epochs,
      batchSize: 128,
      learningRate: 1e-3,
      weightDecay: 0,
      warmupSteps: 0,
      warmupFraction: 0,
      schedule: 'cosine',
      gradClip: 0,
      evalEvery: 5,
      patience: 3,
      earlyStopMetric: 'N@10',
    },
  };
}

/**
 * The cold-start group's config: the parity model and data settings with `coldFraction` of the
 * items held out of training, trained with InfoNCE (the defaults: 512 shared negatives, cosine
 * scoring, the ID models' constant learning rate, clip 1), validation every `evalEvery` epochs,
 * patience 3 (the figures in BENCHMARKS.md predate the constant rate: cosine decay then).
 */
export function coldStartConfig(
  kind: 'sasrec' | 'hstu',
  dropout: number,
  epochs: number,
  seed: number,
  coldFraction: number,
): RunConfig {
  const parity = parityConfig(kind, dropout, epochs, seed);
  return {
    ...parity,
    data: { ...parity.data, coldFraction },
    train: { ...defaultRunConfig(kind).train, epochs, evalEvery: 5, patience: 3 },
  };
}

/** The official-settings group's variants: the official ID settings, or one of their fixes undone. */
export const OFFICIAL_VARIANTS = [
  'official',
  'no-chunking',
  'shared-negatives',
  'shared-no-chunking',
] as const;
export type OfficialVariant = (typeof OFFICIAL_VARIANTS)[number];

/**
 * The official group's config: the parity data and model sizes (d = 50, 2 blocks, 1 head,
 * maxlen 50, no cold hold-out; LLMIDRec keeps its 2 × 64 Llama) trained as the `paper-faithful`
 * preset trains ID models: InfoNCE with 512 negatives drawn for each position, constant learning
 * rate 1e-3, no clipping, validation every epoch on N@200, patience 10 with the official rule,
 * long histories chunked. `no-chunking` and `shared-negatives` undo one of those fixes,
 * `shared-no-chunking` both.
 */
export function officialConfig(
  kind: 'sasrec' | 'hstu' | 'llmidrec',
  dropout: number,
  epochs: number,
  seed: number,
  variant: OfficialVariant,
): RunConfig {
  const parity = parityConfig(kind === 'llmidrec' ? 'sasrec' : kind, dropout, epochs, seed);
  const faithful = presetRunConfig('paper-faithful', kind);
  return {
    seed,
    data: { ...parity.data, chunkHistories: !variant.endsWith('no-chunking') },
    model: kind === 'llmidrec' ? faithful.model : parity.model,
    train: {
      ...faithful.train,
      epochs,
      evalEvery: 1,
      negativeSampling: variant.startsWith('shared') ? 'shared' : 'per-position',
    },
  };
}
