import { env } from '@huggingface/transformers';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  clearEmbeddingCache,
  clearModelFileCache,
  embeddingCacheStatus,
  modelFileCacheStatus,
} from '../../src/compute/cacheStatus';
import type { OpenCache } from '../../src/compute/itemLlmFiles';
import { openIndexedDbEmbeddingCache } from '../../src/itemEncoders/indexedDbEmbeddingCache';

/** A Cache API stand-in keyed by URL. */
function memoryCache(): { open: OpenCache; opened: string[] } {
  const store = new Map<string, Response>();
  const opened: string[] = [];
  const cache = {
    keys: async () => [...store.keys()].map((url) => new Request(url)),
    match: async (request: Request | string) =>
      store.get(typeof request === 'string' ? request : request.url)?.clone(),
    put: async (url: string, response: Response) => void store.set(url, response),
    delete: async (request: Request) => store.delete(request.url),
  } as unknown as Cache;
  return { open: async (name) => (opened.push(name), cache), opened };
}

describe('cache status', () => {
  it('counts stored item embeddings and their bytes, and clears them', async () => {
    const factory = new IDBFactory();
    const cache = await openIndexedDbEmbeddingCache('test-embeddings', factory);
    await cache.putMany('scope', [
      { hash: 'a', vector: new Float32Array(16) },
      { hash: 'b', vector: new Float32Array(8) },
    ]);
    expect(await embeddingCacheStatus(factory, 'test-embeddings')).toEqual({
      name: 'Item embeddings',
      holds: 'IndexedDB test-embeddings',
      entries: 2,
      bytes: 96,
    });
    await clearEmbeddingCache(factory, 'test-embeddings');
    expect((await embeddingCacheStatus(factory, 'test-embeddings')).entries).toBe(0);
    expect(await cache.getMany('scope', ['a'])).toEqual([undefined]);
  });

  it("sizes transformers.js's model-file cache by stored length or body, and clears it", async () => {
    const { open, opened } = memoryCache();
    const cache = (await open(env.cacheKey))!;
    await cache.put('https://hub/a', new Response('x', { headers: { 'content-length': '1000' } }));
    await cache.put('https://hub/b', new Response(new Uint8Array(24)));
    const status = await modelFileCacheStatus(open);
    expect(status).toEqual({
      name: 'Model files',
      holds: `Cache API ${env.cacheKey}`,
      entries: 2,
      bytes: 1024,
    });
    expect(opened.every((name) => name === env.cacheKey)).toBe(true);
    await clearModelFileCache(open);
    expect((await modelFileCacheStatus(open)).entries).toBe(0);
  });
});
