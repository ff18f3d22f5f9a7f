import type { ModelKind } from '../config/defaults';

/** Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008). */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Series colours in the order charts use them. */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
];

/** One colour per model in every chart (runs of one model share it). */
export const MODEL_COLOURS: Readonly<Record<ModelKind, string>> = {
  sasrec: OKABE_ITO.blue,
  hstu: OKABE_ITO.bluishGreen,
  llmidrec: OKABE_ITO.reddishPurple,
  hllm: OKABE_ITO.vermillion,
};

/** The popularity baseline's colour: grey, apart from every model's. */
export const BASELINE_COLOUR = '#8c8c8c';
