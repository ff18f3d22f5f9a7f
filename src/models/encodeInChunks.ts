import { roundUpToLanes } from './lanePadding';
import { leftPadRows } from './leftPad';

/** Rows per call into a jitted user encoder (fixed, so the encoder is traced once). */
export const USER_CHUNK = 256;

/**
 * Rows per chunk that split `n` users into the fewest chunks of at most `max` rows, all of one
 * size (a multiple of the SIMD lane width): 943 users make 4 chunks of 236 rows (944 encoded)
 * instead of 4 of 256 (1,024 encoded, the last one 32% padding).
 */
export function evenChunk(n: number, max = USER_CHUNK): number {
  const chunks = Math.max(1, Math.ceil(n / max));
  return Math.min(max, roundUpToLanes(Math.ceil(n / chunks)));
}

/**
 * User vectors of `n` histories ([n, historyLen] item ids, left-padded), computed `chunk` rows
 * at a time (default USER_CHUNK): `encode` gets one chunk as [chunk, seqLen] ids (most recent
 * items kept, unused rows zero) and returns [chunk, width] vectors. Returns [n, width], row-major.
 */
export async function encodeInChunks(
  histories: Int32Array,
  n: number,
  historyLen: number,
  seqLen: number,
  width: number,
  encode: (chunk: Int32Array) => Promise<Float32Array>,
  chunk = USER_CHUNK,
): Promise<Float32Array> {
  if (histories.length !== n * historyLen) {
    throw new Error(
      `encodeUsers: expected ${n}×${historyLen} = ${n * historyLen} item ids, found ${histories.length}`,
    );
  }
  const out = new Float32Array(n * width);
  for (let from = 0; from < n; from += chunk) {
    const count = Math.min(chunk, n - from);
    const users = await encode(leftPadRows(histories, historyLen, from, count, chunk, seqLen));
    out.set(users.subarray(0, count * width), from * width);
  }
  return out;
}
