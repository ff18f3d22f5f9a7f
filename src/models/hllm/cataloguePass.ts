import { createProgressTracker, type EncodeProgress } from '../../itemEncoders/progress';

/** A pass of the Item LLM over the whole catalogue. */
export type CataloguePass =
  'boundary cache' | 'item encoding' | 'negative cache' | 'frozen encoding';

/** Receives the progress of a catalogue pass after each chunk. */
export type PassProgressCallback = (pass: CataloguePass, progress: EncodeProgress) => void;

/**
 * Runs `chunkFn` over the catalogue's items [start, end) in chunks of `chunk`, reporting
 * progress (items/s, ETA) after each chunk; each chunk finishes (its results read back) before
 * the next starts.
 */
export async function forEachChunk(
  pass: CataloguePass,
  numItems: number,
  chunk: number,
  chunkFn: (start: number, end: number) => Promise<void>,
  onProgress?: PassProgressCallback,
): Promise<void> {
  const tracker = createProgressTracker(numItems, 0);
  for (let start = 0; start < numItems; start += chunk) {
    const end = Math.min(start + chunk, numItems);
    await chunkFn(start, end);
    onProgress?.(pass, tracker.advance(end - start));
  }
}
