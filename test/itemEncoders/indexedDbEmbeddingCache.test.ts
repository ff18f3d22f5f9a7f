import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openIndexedDbEmbeddingCache } from '../../src/itemEncoders/indexedDbEmbeddingCache';

describe('IndexedDB embedding cache', () => {
  it('stores vectors by scope and hash and keeps them across connections', async () => {
    const factory = new IDBFactory();
    const cache = await openIndexedDbEmbeddingCache('emb-test', factory);
    await cache.putMany('s1', [
      { hash: 'a', vector: Float32Array.of(1, 2) },
      { hash: 'b', vector: Float32Array.of(3, 4) },
    ]);
    const found = await cache.getMany('s1', ['b', 'x', 'a']);
    expect(found.map((v) => (v ? Array.from(v) : undefined))).toEqual([[3, 4], undefined, [1, 2]]);
    expect(await cache.getMany('s2', ['a'])).toEqual([undefined]);
    const reopened = await openIndexedDbEmbeddingCache('emb-test', factory);
    expect(Array.from((await reopened.getMany('s1', ['a']))[0]!)).toEqual([1, 2]);
    expect(
      await (await openIndexedDbEmbeddingCache('other', factory)).getMany('s1', ['a']),
    ).toEqual([undefined]);
  });
});
