import type { Hideable } from '../state/hideable';
import { NUMBER_FIELDS } from './train/configFields';

/** Display name of each step and control a classroom link can hide. */
export const HIDEABLE_LABELS: Readonly<Record<Hideable, string>> = {
  data: 'Data step',
  itemLlm: 'Item LLM step',
  train: 'Train step',
  compare: 'Compare step',
  inspect: 'Inspect step',
  precomputed: 'Precomputed comparison',
  preset: 'Preset menu',
  models: 'Side-by-side model choice',
  'model.kind': 'Model menu',
  'train.loss': 'Loss menu',
  'train.negativeSampling': 'InfoNCE negatives menu',
  'data.chunkHistories': 'Long-history samples box',
  ...(Object.fromEntries(NUMBER_FIELDS.map((f) => [f.path, `${f.label} field`])) as Record<
    (typeof NUMBER_FIELDS)[number]['path'],
    string
  >),
};
