/**
 * Ranking of one user's scores over the catalogue, with the user's history masked.
 *
 * Tie rule (pessimistic): every unmasked item scoring at least as high as the target is ranked
 * above it. A NaN target score ranks last; NaN scores of other items never rank above the target.
 */

/** Marks the masked items of one case; reused across cases to avoid allocation. */
export class HistoryMask {
  private readonly stamp: Int32Array;
  private readonly list: Int32Array;
  private current = 0;
  /** Number of distinct masked items of the current case. */
  size = 0;

  constructor(numItems: number) {
    this.stamp = new Int32Array(numItems);
    this.list = new Int32Array(numItems);
  }

  /** Masks `history` (every item except `target`) and forgets the previous case's mask. */
  set(history: Int32Array, target: number): void {
    this.current++;
    this.size = 0;
    for (let i = 0; i < history.length; i++) {
      const item = history[i];
      if (item !== target && this.stamp[item] !== this.current) {
        this.stamp[item] = this.current;
        this.list[this.size++] = item;
      }
    }
  }

  /** Whether `item` is masked for the current case. */
  has(item: number): boolean {
    return this.stamp[item] === this.current;
  }

  /** The distinct masked items of the current case (a view, valid until the next `set`). */
  items(): Int32Array {
    return this.list.subarray(0, this.size);
  }
}

/**
 * 0-based rank of `target` among the unmasked items of `scores` ([numItems]): items at least as
 * high as the target counted over the whole row in one tight pass, then the masked ones among them
 * taken off (a history is far shorter than the catalogue).
 */
export function rankOfTarget(scores: Float32Array, target: number, mask: HistoryMask): number {
  const targetScore = scores[target];
  if (Number.isNaN(targetScore)) return scores.length - 1 - mask.size;
  let above = 0;
  for (let j = 0; j < scores.length; j++) if (scores[j] >= targetScore) above++;
  const masked = mask.items();
  for (let i = 0; i < masked.length; i++) if (scores[masked[i]] >= targetScore) above--;
  return above - 1; // the target itself
}

/**
 * The `k` highest-scoring unmasked items of `scores` ([numItems]), best first; equal scores are
 * ordered by item index, NaN scores are never listed.
 */
export function topItems(scores: Float32Array, k: number, mask: HistoryMask): Int32Array {
  const items = new Int32Array(k);
  const best = new Float32Array(k);
  let size = 0;
  for (let j = 0; j < scores.length; j++) {
    const s = scores[j];
    if (size === k && !(s > best[k - 1])) continue;
    if (Number.isNaN(s) || mask.has(j)) continue;
    let pos = size < k ? size++ : k - 1;
    while (pos > 0 && best[pos - 1] < s) {
      best[pos] = best[pos - 1];
      items[pos] = items[pos - 1];
      pos--;
    }
    best[pos] = s;
    items[pos] = j;
  }
  return items.slice(0, size);
}
