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

/** The models with a colour, in palette order. */
const MODEL_KINDS_IN_PALETTE = Object.keys(MODEL_COLOURS) as ModelKind[];

/** Colours a repeated model's later runs take, none of them a model's or the baseline's. */
const EXTRA_RUN_COLOURS: readonly string[] = [
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/**
 * One colour per run, in run order: a model's first run takes its model colour, each later run
 * of the same model the next colour no run holds (never a colour of a model in the list, nor the
 * baseline's grey), so that every run has its own legend entry. Past the palette, later runs
 * share their model colour.
 */
export function runColours(kinds: readonly ModelKind[]): string[] {
  const present = new Set(kinds);
  const spare = [
    ...EXTRA_RUN_COLOURS,
    ...MODEL_KINDS_IN_PALETTE.filter((k) => !present.has(k)).map((k) => MODEL_COLOURS[k]),
  ];
  const seen = new Set<ModelKind>();
  return kinds.map((kind) => {
    if (!seen.has(kind)) {
      seen.add(kind);
      return MODEL_COLOURS[kind];
    }
    return spare.shift() ?? MODEL_COLOURS[kind];
  });
}
