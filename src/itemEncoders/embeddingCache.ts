/** What an embedding depends on besides the item's own text. */
export interface EmbeddingCacheScope {
  model: string;
  revision: string;
  dtype: string;
  /** Everything else that changes the vector: prompt template, fields, truncation, pooling. */
  template: string;
}

/**
 * Stored item embeddings, keyed by scope (see `scopeKey`) and a hash of the item's prompt text.
 * Implemented in memory, on IndexedDB (browser) and on a cache folder (Node only).
 */
export interface EmbeddingCache {
  /** The stored vector for each hash, or `undefined` where none is stored. */
  getMany(scope: string, textHashes: readonly string[]): Promise<(Float32Array | undefined)[]>;
  /** Stores vectors by text hash. */
  putMany(scope: string, entries: readonly { hash: string; vector: Float32Array }[]): Promise<void>;
}

/** A stable key for a scope: SHA-256 (hex) of its fields. */
export function scopeKey(scope: EmbeddingCacheScope): Promise<string> {
  return sha256Hex(JSON.stringify([scope.model, scope.revision, scope.dtype, scope.template]));
}

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex (Web Crypto: same in browser and Node). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** An embedding cache held in memory (for one session, and for tests). */
export function createMemoryEmbeddingCache(): EmbeddingCache {
  const store = new Map<string, Float32Array>();
  return {
    getMany: async (scope, hashes) => hashes.map((h) => store.get(`${scope}/${h}`)?.slice()),
    putMany: async (scope, entries) => {
      for (const { hash, vector } of entries) store.set(`${scope}/${hash}`, vector.slice());
    },
  };
}
