import { STEPS } from './uiStore';

/**
 * What a `hide=` list in the address can hide (classroom embedding): the steps, the precomputed
 * comparison, the preset menu, the side-by-side model choice (`models`) and the Train step's
 * settings by their config path.
 */
export const HIDEABLE = [
  ...STEPS,
  'precomputed',
  'preset',
  'models',
  'model.kind',
  'seed',
  'train.loss',
  'train.negativeSampling',
  'train.epochs',
  'train.batchSize',
  'train.learningRate',
  'train.numNegatives',
  'data.maxHistory',
  'data.evalMaxHistory',
  'data.evalUsers',
  'data.kCore',
  'data.coldFraction',
  'data.chunkHistories',
] as const;

/** One name a `hide=` list can hold. */
export type Hideable = (typeof HIDEABLE)[number];

/** The known names of a `hide=` list, and a refusal line for the unknown ones (or null). */
export function checkHidden(values: readonly string[]): {
  hidden: string[];
  problem: string | null;
} {
  const known = values.filter((v) => (HIDEABLE as readonly string[]).includes(v));
  const unknown = values.filter((v) => !(HIDEABLE as readonly string[]).includes(v));
  return {
    hidden: known,
    problem:
      unknown.length === 0
        ? null
        : `hide: unknown ${unknown.length === 1 ? 'value' : 'values'} ${unknown.join(', ')}; expected any of ${HIDEABLE.join(', ')}`,
  };
}
