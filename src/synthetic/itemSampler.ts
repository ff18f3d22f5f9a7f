import type { Rng } from '../random/rng';
import type { SyntheticItem } from './catalogue';
import { LEVELS, SUBJECTS } from './vocabulary';

/** Items of one group with cumulative popularity, for drawing by popularity. */
interface Bucket {
  items: Int32Array;
  cumulative: Float64Array;
}

/** Draws items by popularity within a subject and level. */
export interface ItemSampler {
  /**
   * An item of `subject` at `level`, drawn proportionally to popularity; falls back to the whole
   * subject, then the whole catalogue, when the group is empty.
   */
  draw(rng: Rng, subject: number, level: number): number;
}

function bucketOf(items: number[], popularity: (i: number) => number): Bucket {
  const cumulative = new Float64Array(items.length);
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    sum += popularity(items[i]);
    cumulative[i] = sum;
  }
  return { items: Int32Array.from(items), cumulative };
}

function drawFrom(bucket: Bucket, rng: Rng): number {
  const n = bucket.items.length;
  const r = rng.next() * bucket.cumulative[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bucket.cumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return bucket.items[lo];
}

/** Builds the per-(subject, level), per-subject and global popularity buckets of `items`. */
export function createItemSampler(items: SyntheticItem[]): ItemSampler {
  const numLevels = LEVELS.length;
  const groups: number[][] = Array.from({ length: SUBJECTS.length * numLevels }, () => []);
  items.forEach((item, i) => groups[item.subject * numLevels + item.level].push(i));
  const popularity = (i: number): number => items[i].popularity;
  const byLevel = groups.map((g) => bucketOf(g, popularity));
  const bySubject = SUBJECTS.map((_, s) =>
    bucketOf(groups.slice(s * numLevels, (s + 1) * numLevels).flat(), popularity),
  );
  const global = bucketOf(
    items.map((_, i) => i),
    popularity,
  );
  return {
    draw(rng, subject, level) {
      const exact = byLevel[subject * numLevels + level];
      if (exact.items.length > 0) return drawFrom(exact, rng);
      const wide = bySubject[subject];
      return drawFrom(wide.items.length > 0 ? wide : global, rng);
    },
  };
}
