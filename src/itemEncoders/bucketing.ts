/**
 * Groups sequences of similar length into batches: indices sorted by length (stable), then cut
 * into runs of at most `batchSize` sequences and at most `maxBatchTokens` padded tokens
 * (batch size × longest member). Each batch lists original indices, so results can be put back in
 * input order.
 */
export function planBuckets(
  lengths: readonly number[],
  batchSize: number,
  maxBatchTokens = Number.POSITIVE_INFINITY,
): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  return cutBatches(order, lengths, batchSize, maxBatchTokens);
}

/** Batches in input order, with no sorting (the naive baseline to compare bucketing against). */
export function planNaiveBatches(lengths: readonly number[], batchSize: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const order = lengths.map((_, i) => i);
  return cutBatches(order, lengths, batchSize, Number.POSITIVE_INFINITY);
}

/** Padded tokens a plan processes (sum over batches of size × longest member). */
export function paddedTokenCount(lengths: readonly number[], batches: readonly number[][]): number {
  let total = 0;
  for (const batch of batches) total += batch.length * Math.max(...batch.map((i) => lengths[i]));
  return total;
}

function cutBatches(
  order: number[],
  lengths: readonly number[],
  batchSize: number,
  maxBatchTokens: number,
): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let longest = 0;
  for (const index of order) {
    const nextLongest = Math.max(longest, lengths[index]);
    const full =
      current.length === batchSize || (current.length + 1) * nextLongest > maxBatchTokens;
    if (current.length > 0 && full) {
      batches.push(current);
      current = [];
      longest = 0;
    }
    current.push(index);
    longest = Math.max(longest, lengths[index]);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
