/** One point of the item-popularity curve: item rank (1 = most popular) and its interactions. */
export interface LongTailPoint {
  rank: number;
  interactions: number;
}

/**
 * Samples the popularity curve of counts sorted most popular first at no more than `maxPoints`
 * evenly spaced ranks, always keeping the first and last item.
 */
export function longTailPoints(sortedCounts: Int32Array, maxPoints: number): LongTailPoint[] {
  const n = sortedCounts.length;
  if (n === 0) return [];
  const count = Math.min(n, Math.max(2, maxPoints));
  if (count === 1) return [{ rank: 1, interactions: sortedCounts[0] }];
  const points: LongTailPoint[] = [];
  for (let p = 0; p < count; p++) {
    const index = Math.round((p * (n - 1)) / (count - 1));
    points.push({ rank: index + 1, interactions: sortedCounts[index] });
  }
  return points;
}
