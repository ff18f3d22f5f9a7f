/**
 * A file's bytes read in chunks from the start, as often as needed: a file on disk, a `Blob` in a
 * worker, or bytes already in memory. Parsing streams over it, so no whole-file copy is made.
 */
export interface ByteSource {
  /** Total bytes when known before reading (not for pipes and devices). */
  readonly size?: number;
  /** The bytes from the start, in chunks (a new pass on each call). */
  chunks(): Iterable<Uint8Array>;
}

/** Bytes per chunk read from disk or a `Blob`. */
export const CHUNK_BYTES = 1 << 20;

/** A source over bytes in memory, handed out in `CHUNK_BYTES` views. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    *chunks() {
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
        yield bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES));
    },
  };
}

/** The synchronous reader dedicated workers have (`FileReaderSync`), when this scope has it. */
interface SyncBlobReader {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}

/**
 * A source over a `Blob` (a picked or dropped `File`) read slice by slice with `FileReaderSync`, or
 * undefined where that reader does not exist (the page's main thread, Node).
 */
export function blobSource(blob: Blob): ByteSource | undefined {
  const Reader = (globalThis as { FileReaderSync?: new () => SyncBlobReader }).FileReaderSync;
  if (Reader === undefined) return undefined;
  const reader = new Reader();
  return {
    size: blob.size,
    *chunks() {
      for (let at = 0; at < blob.size; at += CHUNK_BYTES)
        yield new Uint8Array(reader.readAsArrayBuffer(blob.slice(at, at + CHUNK_BYTES)));
    },
  };
}

/** The first `count` bytes of a source (fewer when it is shorter). */
export function readPrefix(source: ByteSource, count: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const chunk of source.chunks()) {
    parts.push(chunk.subarray(0, count - total));
    total += parts[parts.length - 1].length;
    if (total >= count) break;
  }
  return concatBytes(parts, total);
}

/** Every byte of a source in one array. */
export function readAll(source: ByteSource): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const chunk of source.chunks()) {
    parts.push(chunk);
    total += chunk.length;
  }
  return concatBytes(parts, total);
}

/** Concatenates byte arrays of `total` bytes in all. */
function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0].length === total) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
