import { fromFloat16, toFloat16 } from '../../numeric/float16';
import type { StorageDtype } from '../params';

/**
 * Text states of every catalogue item entering the top-k boundary layer (the frozen layers
 * below it run once), kept on the host in parts of `chunk` items, so the device holds only the
 * rows of a step; float16 where the device stores its frozen weights so. Part k holds items [k·chunk, (k+1)·chunk) as [count, seq, hidden].
 */
export interface StateCache {
  seq: number;
  hidden: number;
  chunk: number;
  precision: StorageDtype;
  parts: (Float32Array | Uint16Array)[];
}

/** An empty cache for parts of `chunk` items of [seq, hidden] states. */
export function createStateCache(
  seq: number,
  hidden: number,
  chunk: number,
  precision: StorageDtype,
): StateCache {
  return { seq, hidden, chunk, precision, parts: [] };
}

/** Appends the states [count, seq, hidden] of the next `chunk` items (the last part may be shorter). */
export function appendStates(cache: StateCache, states: Float32Array): void {
  cache.parts.push(cache.precision === 'float16' ? toFloat16(states) : Float32Array.from(states));
}

/** The states of `items` (0-based), [items.length, seq, hidden] float32. */
export function gatherStates(cache: StateCache, items: Int32Array): Float32Array {
  const width = cache.seq * cache.hidden;
  const out = new Float32Array(items.length * width);
  items.forEach((item, r) => {
    const part = cache.parts[Math.floor(item / cache.chunk)];
    const at = (item % cache.chunk) * width;
    if (part === undefined || at + width > part.length) {
      throw new RangeError(`item ${item} is not in the state cache`);
    }
    const row = part.subarray(at, at + width);
    if (row instanceof Uint16Array) fromFloat16(row, out, r * width);
    else out.set(row, r * width);
  });
  return out;
}

/** Host bytes the cache holds. */
export function stateCacheBytes(cache: StateCache): number {
  return cache.parts.reduce((sum, part) => sum + part.byteLength, 0);
}
