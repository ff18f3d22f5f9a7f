/** Progress of an encoding run, as shown in the UI and CLI. */
export interface EncodeProgress {
  done: number;
  total: number;
  /** Items served from the embeddings cache (counted in `done`). */
  cached: number;
  /** Encoding rate over items actually encoded, items per second (0 before the first batch). */
  itemsPerSecond: number;
  /** Estimated seconds left at the current rate (`Infinity` when unknown). */
  etaSeconds: number;
}

/** Receives progress after each batch. */
export type ProgressCallback = (progress: EncodeProgress) => void;

/**
 * Tracks items/s and ETA of an encoding run. `now` returns milliseconds (injectable for tests);
 * cached items count as done but not towards the rate.
 */
export function createProgressTracker(
  total: number,
  cached: number,
  now: () => number = () => performance.now(),
): { advance(encoded: number): EncodeProgress } {
  const start = now();
  let encoded = 0;
  return {
    advance(count: number): EncodeProgress {
      encoded += count;
      const seconds = (now() - start) / 1000;
      const itemsPerSecond = seconds > 0 ? encoded / seconds : 0;
      const left = total - cached - encoded;
      return {
        done: cached + encoded,
        total,
        cached,
        itemsPerSecond,
        etaSeconds: left === 0 ? 0 : itemsPerSecond > 0 ? left / itemsPerSecond : Infinity,
      };
    },
  };
}
