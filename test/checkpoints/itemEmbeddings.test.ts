import { describe, expect, it } from 'vitest';
import { decodeItemEmbeddings, encodeItemEmbeddings } from '../../src/checkpoints/itemEmbeddings';
import { encodeSafetensors } from '../../src/checkpoints/safetensors';

describe('item embedding files', () => {
  const bytes = encodeItemEmbeddings(['a', 'b', 'c'], {
    shape: [3, 2],
    data: Float32Array.from([1, 2, 3, 4, 5, 6]),
  });

  it('returns rows in the dataset item order, matched by original id', () => {
    const table = decodeItemEmbeddings(bytes, 'emb.safetensors', ['c', 'a']);
    expect(table.shape).toEqual([2, 2]);
    expect(Array.from(table.data)).toEqual([5, 6, 1, 2]);
  });

  it('names the file and the missing items', () => {
    expect(() => decodeItemEmbeddings(bytes, 'emb.safetensors', ['a', 'x', 'y'])).toThrow(
      /emb\.safetensors, column item_ids: expected a row for every item of the dataset, found 2 item\(s\) without a row, e.g\. x, y/,
    );
    const noIds = encodeSafetensors({
      item_embeddings: { shape: [1, 2], data: Float32Array.of(1, 2) },
    });
    expect(() => decodeItemEmbeddings(noIds, 'plain.safetensors', ['a'])).toThrow(
      /plain\.safetensors, column item_ids: expected metadata "item_ids"/,
    );
  });
});
