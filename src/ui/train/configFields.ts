import type { RunConfig } from '../../config/runConfig';

/** A numeric setting the Train step lets the user edit, addressed by its dotted config path. */
export interface NumberField {
  path:
    | 'seed'
    | `train.${'epochs' | 'batchSize' | 'learningRate' | 'numNegatives'}`
    | `data.${'maxHistory' | 'evalMaxHistory' | 'evalUsers' | 'kCore' | 'coldFraction'}`;
  label: string;
  /** Whole numbers only. */
  integer: boolean;
}

/** The numeric settings shown in the Train step, in display order. */
export const NUMBER_FIELDS: readonly NumberField[] = [
  { path: 'seed', label: 'Seed', integer: true },
  { path: 'train.epochs', label: 'Epochs', integer: true },
  { path: 'train.batchSize', label: 'Batch size', integer: true },
  { path: 'train.learningRate', label: 'Learning rate', integer: false },
  { path: 'train.numNegatives', label: 'Negatives (InfoNCE)', integer: true },
  { path: 'data.maxHistory', label: 'Max history length', integer: true },
  { path: 'data.evalMaxHistory', label: 'Evaluation history length (0 = same)', integer: true },
  {
    path: 'data.evalUsers',
    label: 'Evaluation users (0 = all; N = a seeded sample)',
    integer: true,
  },
  { path: 'data.kCore', label: 'k-core (0 = off)', integer: true },
  { path: 'data.coldFraction', label: 'Cold item fraction', integer: false },
];

/** The value of a numeric setting. */
export function getField(config: RunConfig, path: NumberField['path']): number {
  if (path === 'seed') return config.seed;
  const [section, key] = path.split('.') as ['train' | 'data', string];
  return (config[section] as unknown as Record<string, number>)[key];
}

/** A copy of `config` with one numeric setting replaced. */
export function setField(config: RunConfig, path: NumberField['path'], value: number): RunConfig {
  if (path === 'seed') return { ...config, seed: value };
  const [section, key] = path.split('.') as ['train' | 'data', string];
  return { ...config, [section]: { ...config[section], [key]: value } };
}

/** Parses typed text as the field's number, or returns why it is not one. */
export function parseField(
  field: NumberField,
  text: string,
): { ok: true; value: number } | { ok: false; why: string } {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return { ok: false, why: 'expected a number' };
  if (field.integer && !Number.isInteger(value))
    return { ok: false, why: 'expected a whole number' };
  return { ok: true, value };
}
