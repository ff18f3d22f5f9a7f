import { env } from '@huggingface/transformers';
import { EMBEDDINGS_DB, EMBEDDINGS_STORE } from '../itemEncoders/indexedDbEmbeddingCache';
import type { OpenCache } from './itemLlmFiles';

/** What one browser cache holds. */
export interface CacheStatus {
  name: string;
  /** What is kept there, in plain words. */
  holds: string;
  entries: number;
  bytes: number;
}

/** Opens an IndexedDB database (creating the store when new), rejecting with its error. */
function openDb(factory: IDBFactory, dbName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(dbName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(EMBEDDINGS_STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Entries and bytes of the IndexedDB item-embedding cache. */
export async function embeddingCacheStatus(
  factory: IDBFactory = indexedDB,
  dbName = EMBEDDINGS_DB,
): Promise<CacheStatus> {
  const db = await openDb(factory, dbName);
  try {
    return await new Promise<CacheStatus>((resolve, reject) => {
      const tx = db.transaction(EMBEDDINGS_STORE, 'readonly');
      let entries = 0;
      let bytes = 0;
      const cursor = tx.objectStore(EMBEDDINGS_STORE).openCursor();
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (at === null) return;
        entries += 1;
        if (at.value instanceof Float32Array) bytes += at.value.byteLength;
        at.continue();
      };
      tx.oncomplete = () =>
        resolve({ name: 'Item embeddings', holds: `IndexedDB ${dbName}`, entries, bytes });
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Deletes every stored item embedding. */
export async function clearEmbeddingCache(
  factory: IDBFactory = indexedDB,
  dbName = EMBEDDINGS_DB,
): Promise<void> {
  const db = await openDb(factory, dbName);
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(EMBEDDINGS_STORE, 'readwrite');
      tx.objectStore(EMBEDDINGS_STORE).clear();
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const openBrowserCache: OpenCache = async (name) =>
  typeof caches !== 'undefined' ? caches.open(name) : undefined;

/** Entries and bytes of transformers.js's model-file cache (Cache API, `env.cacheKey`). */
export async function modelFileCacheStatus(
  openCache: OpenCache = openBrowserCache,
): Promise<CacheStatus> {
  const cache = await openCache(env.cacheKey);
  const requests = cache === undefined ? [] : await cache.keys();
  let bytes = 0;
  for (const request of requests) {
    const response = await cache?.match(request);
    if (response === undefined) continue;
    // The stored length when known, so that large model files are not read to be sized.
    const length = Number(response.headers.get('content-length'));
    bytes += length > 0 ? length : (await response.blob()).size;
  }
  return {
    name: 'Model files',
    holds: `Cache API ${env.cacheKey}`,
    entries: requests.length,
    bytes,
  };
}

/** Deletes every cached model file. */
export async function clearModelFileCache(openCache: OpenCache = openBrowserCache): Promise<void> {
  const cache = await openCache(env.cacheKey);
  if (cache === undefined) return;
  for (const request of await cache.keys()) await cache.delete(request);
}
