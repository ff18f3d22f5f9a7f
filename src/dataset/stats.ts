import type { Dataset } from './types';

/** Five-number-style summary of a list of counts. */
export interface CountSummary {
  min: number;
  median: number;
  mean: number;
  max: number;
}

/** One histogram bar: values `v` with `lo <= v < hi`, and how many there are. */
export interface HistogramBin {
  lo: number;
  hi: number;
  count: number;
}

/** Length of the users' sequences. */
export interface SequenceLengthStats {
  summary: CountSummary;
  /** Equal-width integer bins from the shortest to the longest sequence. */
  histogram: HistogramBin[];
}

/** How interactions spread over items (the long tail). */
export interface ItemPopularityStats {
  /** Interactions per item, most popular first. */
  sortedCounts: Int32Array;
  summary: CountSummary;
  /** Gini coefficient of the interaction counts over all items: 0 = even, towards 1 = concentrated. */
  gini: number;
  /** Share of interactions that go to the most popular 20% of items (rounded up). */
  top20Share: number;
  /** Items that nobody interacted with (left out of `histogram`, which has log bins). */
  itemsWithoutInteractions: number;
  /** Items by interaction count on power-of-two bins: [1,2), [2,4), [4,8), ... */
  histogram: HistogramBin[];
}

/** Size, sparsity and distributions of a dataset, for the data panel and reports. */
export interface DatasetStats {
  users: number;
  items: number;
  interactions: number;
  /** interactions / (users × items), 0 when either is 0. */
  density: number;
  /** Items with at least one non-empty text field. */
  itemsWithText: number;
  sequenceLength: SequenceLengthStats;
  itemPopularity: ItemPopularityStats;
}

/** Default number of bars of the sequence-length histogram. */
export const SEQUENCE_LENGTH_BINS = 20;

/** Summarises counts already sorted ascending; all zeros when empty. */
export function summarizeSortedCounts(sorted: ArrayLike<number>): CountSummary {
  const n = sorted.length;
  if (n === 0) return { min: 0, median: 0, mean: 0, max: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, mean: sum / n, max: sorted[n - 1] };
}

/**
 * Equal-width histogram of integer values sorted ascending, with at most `maxBins` bins whose
 * integer width covers `min..max`.
 */
export function linearHistogram(sorted: ArrayLike<number>, maxBins: number): HistogramBin[] {
  const n = sorted.length;
  if (n === 0) return [];
  const min = sorted[0];
  const max = sorted[n - 1];
  const width = Math.max(1, Math.ceil((max - min + 1) / maxBins));
  const numBins = Math.ceil((max - min + 1) / width);
  const bins: HistogramBin[] = Array.from({ length: numBins }, (_, b) => ({
    lo: min + b * width,
    hi: min + (b + 1) * width,
    count: 0,
  }));
  for (let i = 0; i < n; i++) bins[Math.floor((sorted[i] - min) / width)].count++;
  return bins;
}

/** Histogram of positive integer values on power-of-two bins [1,2), [2,4), ...; zeros are skipped. */
export function log2Histogram(values: ArrayLike<number>): HistogramBin[] {
  const bins: HistogramBin[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v <= 0) continue;
    const b = Math.floor(Math.log2(v));
    while (bins.length <= b) {
      const lo = 2 ** bins.length;
      bins.push({ lo, hi: lo * 2, count: 0 });
    }
    bins[b].count++;
  }
  return bins;
}

/** Gini coefficient of non-negative values sorted ascending; 0 when empty or all zero. */
export function giniOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i];
    weighted += (i + 1) * sorted[i];
  }
  if (n === 0 || sum === 0) return 0;
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}

/** Computes user, item, interaction, text, sequence-length and item-popularity statistics. */
export function datasetStats(dataset: Dataset): DatasetStats {
  const users = dataset.sequences.length;
  const items = dataset.itemIds.length;

  const lengths = new Int32Array(users);
  const itemCounts = new Int32Array(items);
  let interactions = 0;
  for (let u = 0; u < users; u++) {
    const seq = dataset.sequences[u];
    lengths[u] = seq.length;
    interactions += seq.length;
    for (let i = 0; i < seq.length; i++) itemCounts[seq[i]]++;
  }
  lengths.sort();

  let itemsWithText = 0;
  for (const text of dataset.itemText) {
    if (Object.values(text).some((v) => v.trim().length > 0)) itemsWithText++;
  }

  const ascending = Int32Array.from(itemCounts).sort();
  const sortedCounts = Int32Array.from(ascending).reverse();
  const top = Math.ceil(items * 0.2);
  let topSum = 0;
  for (let i = 0; i < top; i++) topSum += sortedCounts[i];
  let itemsWithoutInteractions = 0;
  while (itemsWithoutInteractions < items && ascending[itemsWithoutInteractions] === 0) {
    itemsWithoutInteractions++;
  }

  return {
    users,
    items,
    interactions,
    density: users > 0 && items > 0 ? interactions / (users * items) : 0,
    itemsWithText,
    sequenceLength: {
      summary: summarizeSortedCounts(lengths),
      histogram: linearHistogram(lengths, SEQUENCE_LENGTH_BINS),
    },
    itemPopularity: {
      sortedCounts,
      summary: summarizeSortedCounts(ascending),
      gini: giniOfSorted(ascending),
      top20Share: interactions > 0 ? topSum / interactions : 0,
      itemsWithoutInteractions,
      histogram: log2Histogram(ascending),
    },
  };
}
