/** At most `max` evenly spaced elements of `points`, first and last always kept. */
export function samplePoints<T>(points: readonly T[], max: number): T[] {
  const n = points.length;
  if (n <= max) return points.slice();
  const count = Math.max(2, max);
  return Array.from({ length: count }, (_, p) => points[Math.round((p * (n - 1)) / (count - 1))]);
}
