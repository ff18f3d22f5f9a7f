import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMemoryEmbeddingCache,
  scopeKey,
  sha256Hex,
  type EmbeddingCache,
} from '../../src/itemEncoders/embeddingCache';
import { createFsEmbeddingCache } from '../../src/itemEncoders/node/fsEmbeddingCache';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function roundTrip(cache: EmbeddingCache): Promise<void> {
  const a = await sha256Hex('item a');
  const b = await sha256Hex('item b');
  await cache.putMany('scope1', [{ hash: a, vector: Float32Array.of(1, 2, 3) }]);
  const [hitA, missB] = await cache.getMany('scope1', [a, b]);
  expect(Array.from(hitA!)).toEqual([1, 2, 3]);
  expect(missB).toBeUndefined();
  expect((await cache.getMany('scope2', [a]))[0]).toBeUndefined();
}

describe('embedding caches', () => {
  it('memory cache stores by scope and hash', async () => {
    await roundTrip(createMemoryEmbeddingCache());
  });

  it('folder cache stores by scope and hash and survives a new instance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emb-cache-'));
    dirs.push(dir);
    await roundTrip(createFsEmbeddingCache(dir));
    const again = await createFsEmbeddingCache(dir).getMany('scope1', [await sha256Hex('item a')]);
    expect(Array.from(again[0]!)).toEqual([1, 2, 3]);
  });
});

describe('scopeKey', () => {
  it('changes with every field', async () => {
    const base = { model: 'm', revision: 'main', dtype: 'fp16', template: 't' };
    const keys = new Set([
      await scopeKey(base),
      await scopeKey({ ...base, model: 'm2' }),
      await scopeKey({ ...base, revision: 'v2' }),
      await scopeKey({ ...base, dtype: 'q8' }),
      await scopeKey({ ...base, template: 't2' }),
    ]);
    expect(keys.size).toBe(5);
    expect(await scopeKey(base)).toBe(await scopeKey({ ...base }));
  });
});
