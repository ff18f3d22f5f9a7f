import { describe, expect, it } from 'vitest';
import { encodeInChunks, evenChunk, USER_CHUNK } from '../../src/models/encodeInChunks';

/** A fake encoder: each user's vector is [sum of its ids, number of non-zero ids]. */
async function sumEncoder(chunk: Int32Array, seqLen: number, calls: Int32Array[]) {
  calls.push(chunk);
  const out = new Float32Array(USER_CHUNK * 2);
  for (let r = 0; r < USER_CHUNK; r++) {
    const row = chunk.subarray(r * seqLen, (r + 1) * seqLen);
    out[r * 2] = row.reduce((a, b) => a + b, 0);
    out[r * 2 + 1] = row.filter((v) => v !== 0).length;
  }
  return out;
}

describe('encodeInChunks', () => {
  it('encodes every user once, in fixed-size chunks, keeping the most recent items', async () => {
    const n = USER_CHUNK + 3;
    const historyLen = 3;
    const histories = new Int32Array(n * historyLen);
    for (let u = 0; u < n; u++) histories.set([0, u + 1, 1000], u * historyLen); // left-padded
    const calls: Int32Array[] = [];
    const out = await encodeInChunks(histories, n, historyLen, 2, 2, (chunk) =>
      sumEncoder(chunk, 2, calls),
    );
    expect(calls.map((c) => c.length)).toEqual([USER_CHUNK * 2, USER_CHUNK * 2]);
    expect(Array.from(calls[1].subarray(0, 8))).toEqual([
      USER_CHUNK + 1,
      1000,
      USER_CHUNK + 2,
      1000,
      USER_CHUNK + 3,
      1000,
      0,
      0,
    ]);
    expect(out).toHaveLength(n * 2);
    for (const u of [0, USER_CHUNK - 1, USER_CHUNK, n - 1]) {
      expect(Array.from(out.subarray(u * 2, u * 2 + 2))).toEqual([u + 1 + 1000, 2]);
    }
  });

  it('rejects histories whose length does not match n × historyLen', async () => {
    await expect(
      encodeInChunks(new Int32Array(5), 2, 3, 3, 2, async () => new Float32Array(0)),
    ).rejects.toThrow('encodeUsers: expected 2×3 = 6 item ids, found 5');
  });
});

describe('evenChunk', () => {
  it('splits users into the fewest chunks of one lane-aligned size, never above the maximum', () => {
    expect(evenChunk(943)).toBe(236); // 4 chunks, 944 rows encoded instead of 1,024
    expect(evenChunk(256)).toBe(256);
    expect(evenChunk(257)).toBe(132);
    expect(evenChunk(1)).toBe(4);
    for (let n = 1; n < 2000; n += 7) {
      const rows = evenChunk(n);
      expect(rows % 4).toBe(0);
      expect(rows).toBeLessThanOrEqual(USER_CHUNK);
      expect(Math.ceil(n / rows)).toBe(Math.ceil(n / USER_CHUNK));
    }
  });
});
