import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { CHUNK_BYTES, type ByteSource } from '../ingestion/byteSource';
import { inputLimitForHeap } from '../ingestion/inputBudget';
import type { InputLimit } from '../ingestion/ingest';

/**
 * A file on disk read in `CHUNK_BYTES` chunks on each pass (the whole file is never in memory);
 * pipes and devices have no size.
 */
export function fileSource(file: string): ByteSource {
  const stat = statSync(file);
  return {
    size: stat.isFile() ? stat.size : undefined,
    *chunks() {
      const fd = openSync(file, 'r');
      try {
        for (;;) {
          const chunk = new Uint8Array(CHUNK_BYTES);
          const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
          if (read === 0) return;
          yield chunk.subarray(0, read);
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * The CLI's input size limit: `bytes` when given (`--max-input-size`), else half of this process's
 * JavaScript heap limit.
 */
export function cliInputLimit(bytes?: number): InputLimit {
  return {
    bytes: bytes ?? inputLimitForHeap(getHeapStatistics().heap_size_limit),
    raise:
      'raise it with --max-input-size, and the heap with NODE_OPTIONS=--max-old-space-size=MiB',
  };
}
