import type { EmbeddingCache } from './embeddingCache';

/** The object store holding the vectors. */
export const EMBEDDINGS_STORE = 'vectors';
/** The database the browser's embedding cache lives in. */
export const EMBEDDINGS_DB = 'hllm-embeddings';
const STORE = EMBEDDINGS_STORE;

/** An embedding cache in the browser's IndexedDB (one object store, key `scope/hash`). */
export async function openIndexedDbEmbeddingCache(
  dbName = EMBEDDINGS_DB,
  factory: IDBFactory = indexedDB,
): Promise<EmbeddingCache> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(dbName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return {
    getMany: (scope, hashes) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, 'readonly');
        const store = tx.objectStore(STORE);
        const out: (Float32Array | undefined)[] = new Array(hashes.length);
        hashes.forEach((hash, i) => {
          const request = store.get(`${scope}/${hash}`);
          request.onsuccess = () => {
            out[i] = request.result instanceof Float32Array ? request.result : undefined;
          };
        });
        tx.oncomplete = () => resolve(out);
        tx.onerror = () => reject(tx.error);
      }),
    putMany: (scope, entries) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        const store = tx.objectStore(STORE);
        for (const { hash, vector } of entries) store.put(vector, `${scope}/${hash}`);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      }),
  };
}
